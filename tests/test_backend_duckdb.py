"""Execution on DuckDB over small data whose answers are known by construction.

Today is fixed at 2026-01-31 (so now is 2026-01-31 00:00:00). Each row of the data is
written for one question, and its id says what it is for.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from backend_fixtures import (
    BOOKING_CRMID, BOOKINGS, CRMID, RECIPIENT, bcol, call, campaign, catalog, col, in_last,
    integer, project, save, text,
)
from compiler.clock import Clock
from compiler.dialects import dialect_rules
from compiler.naming import audience_table_name
from compiler.run import run_project
from compiler.sqlgen import CampaignCompiler, render
from dsl import model as m

TODAY = dt.date(2026, 1, 31)
RECIPIENTS = [
    # id, crm_id, email, FirstName, country, birth_date, points, opted_in, order
    (1, "C1", "a@x", "Anna", "FR", dt.date(2000, 1, 31), 10, True, 1),
    (2, "C2", "b@x", "anna", "BE", dt.date(2000, 2, 1), None, True, 2),
    (3, None, "c@x", "50%off", None, None, 5, False, 3),
    (4, "C4", None, "50 off", "DE", dt.date(2004, 2, 29), 0, None, 4),
    (5, "C5", "e@x", "a\\b", "FR", None, 7, True, 5),
]
T = dt.datetime
BOOKINGS_ROWS = [
    # id, recipient_id, booked_at, travel_date, destination, amount
    (10, 1, T(2026, 1, 1, 0, 0, 0), dt.date(2026, 1, 1), "Paris", 100),     # 30 days ago
    (11, 1, T(2025, 12, 31, 23, 59, 59), dt.date(2025, 12, 31), "Rome", 50),  # 31 days ago
    (12, 2, T(2026, 1, 31, 23, 59, 59), dt.date(2026, 1, 31), "Paris", None),  # today
    (13, 2, T(2026, 2, 1, 0, 0, 0), dt.date(2026, 2, 1), "Oslo", 20),         # tomorrow
    (14, 99, T(2026, 1, 30, 22, 0, 0), None, "Lima", 5),    # no such recipient; 2 h ago
    (15, 3, T(2026, 1, 30, 21, 59, 59), None, "Nice", 1),   # 2 h and 1 s ago
    (16, 5, T(2026, 1, 31, 0, 0, 1), None, "Nice", 2),      # 1 s after now
]


def load(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA crm")
    con.execute(
        'CREATE TABLE crm.recipients (recipient_id INTEGER, crm_id TEXT, email TEXT,'
        ' "FirstName" TEXT, country TEXT, birth_date DATE, loyalty_points INTEGER,'
        ' opted_in BOOLEAN, "order" INTEGER)'
    )
    con.executemany("INSERT INTO crm.recipients VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", RECIPIENTS)
    con.execute(
        "CREATE TABLE crm.bookings (booking_id INTEGER, recipient_id INTEGER,"
        " booked_at TIMESTAMP, travel_date DATE, destination TEXT, amount DECIMAL(10, 2))"
    )
    con.executemany("INSERT INTO crm.bookings VALUES (?, ?, ?, ?, ?, ?)", BOOKINGS_ROWS)


@pytest.fixture
def con():
    connection = duckdb.connect()
    load(connection)
    yield connection
    connection.close()


def keys(con, *steps: m.Step, today: dt.date = TODAY) -> list[int]:
    """The keys of the population a flow ends on."""
    compiler = CampaignCompiler(catalog(), dialect_rules("duckdb"), Clock.as_of(today))
    sql = render(compiler.population_query(tuple(steps)), dialect_rules("duckdb"))
    return [row[0] for row in con.execute(sql).fetchall()]


def recipients_where(con, condition: m.Expr, **kw) -> list[int]:
    return keys(con, m.TargetStep("recipients"), m.FilterStep(condition), **kw)


def bookings_where(con, condition: m.Expr) -> list[int]:
    return keys(con, m.TargetStep("bookings"), m.FilterStep(condition))


# ---------------------------------------------------------------------------- relative time


def test_in_last_days_on_a_timestamp(con):
    # 30 days ago at 00:00 is in, the second before is out, today is in, tomorrow is out.
    assert bookings_where(con, in_last(bcol("booked_at"), 30, "day")) == [10, 12, 14, 15, 16]


def test_in_last_days_on_a_date(con):
    assert bookings_where(con, in_last(bcol("travel_date"), 30, "day")) == [10, 12]


def test_in_last_hours_is_measured_from_now(con):
    # now = 2026-01-31 00:00:00; the window is [now - 2 h, now].
    assert bookings_where(con, in_last(bcol("booked_at"), 2, "hour")) == [14]


def test_in_last_months_on_a_date(con):
    # 2026-02-28 - 1 month = 2026-01-28: 2026-01-31 and 2026-02-01 (today) are in.
    condition = in_last(bcol("travel_date"), 1, "month")
    got = keys(con, m.TargetStep("bookings"), m.FilterStep(condition), today=dt.date(2026, 2, 28))
    assert got == [12, 13]


def test_month_arithmetic_on_a_column_clamps_to_month_end(con):
    # 2026-01-31 + 1 month = 2026-02-28, and stays a date.
    moved = call("add_interval", bcol("travel_date"), m.Interval(1, "month"))
    assert bookings_where(con, call("=", moved, m.Const(dt.date(2026, 2, 28), m.DATE))) == [12]


# ---------------------------------------------------------------------------- nulls


def test_not_equal_leaves_out_nulls(con):
    assert recipients_where(con, call("!=", col("country"), text("FR"))) == [2, 4]


def test_not_in_leaves_out_nulls(con):
    assert recipients_where(con, call("not_in", col("country"), text("FR"), text("BE"))) == [4]


def test_boolean_filter_keeps_only_true(con):
    assert recipients_where(con, col("opted_in")) == [1, 2, 5]
    assert recipients_where(con, call("not", col("opted_in"))) == [3]


def test_sum_of_nothing_is_null(con):
    total = m.Aggregate("sum", (BOOKINGS,), bcol("amount"), None, m.DECIMAL)
    # recipient 2's only other booking has a null amount, but 20 is summed; 4 has none.
    assert recipients_where(con, call("is_null", total)) == [4]
    assert recipients_where(con, call(">", total, integer(0))) == [1, 2, 3, 5]


def test_count_of_nothing_is_zero(con):
    count = m.Aggregate("count", (BOOKINGS,), None, None, m.INTEGER)
    assert recipients_where(con, call("=", count, integer(0))) == [4]
    paris = m.Aggregate("count", (BOOKINGS,), None, call("=", bcol("destination"),
                                                          text("Paris")), m.INTEGER)
    assert recipients_where(con, call("=", paris, integer(1))) == [1, 2]


def test_exists_never_multiplies_records(con):
    condition = m.Exists((BOOKINGS,), None)
    assert recipients_where(con, condition) == [1, 2, 3, 5]
    assert recipients_where(con, call("not", condition)) == [4]


def test_to_one_path_without_a_row_gives_null(con):
    country = col("country", RECIPIENT)
    assert bookings_where(con, call("is_null", country)) == [14, 15]
    assert bookings_where(con, call("=", country, text("FR"))) == [10, 11, 16]


# ---------------------------------------------------------------------------- text


def test_like_is_case_sensitive(con):
    assert recipients_where(con, call("like", col("first_name"), text("A%"))) == [1]


def test_like_backslash_is_a_plain_character(con):
    assert recipients_where(con, call("like", col("first_name"), text("a\\b"))) == [5]


def test_contains_takes_percent_literally(con):
    assert recipients_where(con, call("contains", col("first_name"), text("%"))) == [3]
    assert recipients_where(con, call("starts_with", col("first_name"), text("50_"))) == []
    assert recipients_where(con, call("ends_with", col("first_name"), text("%off"))) == [3]


def test_string_literal_keeps_quotes_and_backslashes(con):
    con.execute("UPDATE crm.recipients SET country = 'it''s \\ \"x\"' WHERE recipient_id = 4")
    assert recipients_where(con, call("=", col("country"), text('it\'s \\ "x"'))) == [4]


# ---------------------------------------------------------------------------- dates


def test_age_counts_whole_years(con):
    age = call("age", col("birth_date"), type_=m.INTEGER)
    # Born 2000-01-31: 26 on 2026-01-31; born 2000-02-01: still 25.
    assert recipients_where(con, call("=", age, integer(26))) == [1]
    assert recipients_where(con, call("=", age, integer(25))) == [2]
    # Born 2004-02-29: 21 on 2026-02-28, 22 on 2026-03-01.
    assert recipients_where(con, call("=", age, integer(22)), today=dt.date(2026, 2, 28)) == []
    assert recipients_where(con, call("=", age, integer(22)), today=dt.date(2026, 3, 1)) == [4]


def test_days_between_is_second_minus_first(con):
    days = call("days_between", bcol("travel_date"), m.Today(), type_=m.INTEGER)
    assert bookings_where(con, call("=", days, integer(30))) == [10]
    assert bookings_where(con, call("=", days, integer(-1))) == [13]


# ---------------------------------------------------------------------------- other steps


def test_exclude_is_null_safe(con):
    inner = (m.TargetStep("recipients"), m.FilterStep(call("=", col("country"), text("FR"))))
    got = keys(con, m.TargetStep("recipients"), m.CombineStep("exclude", inner))
    assert got == [2, 3, 4]


def test_union_and_intersect(con):
    fr = (m.TargetStep("recipients"), m.FilterStep(call("=", col("country"), text("FR"))))
    be = m.FilterStep(call("=", col("country"), text("BE")))
    assert keys(con, m.TargetStep("recipients"), be, m.CombineStep("union", fr)) == [1, 2, 5]
    opted = m.FilterStep(col("opted_in"))
    assert keys(con, m.TargetStep("recipients"), opted, m.CombineStep("intersect", fr)) == [1, 5]


def test_change_dimension_gives_distinct_records(con):
    change = m.ChangeStep(RECIPIENT, "recipients")
    assert keys(con, m.TargetStep("bookings"), change) == [1, 2, 3, 5]


def test_limit_orders_nulls_last_and_breaks_ties_by_key(con):
    points = m.OrderKey(col("loyalty_points"), True)
    got = keys(con, m.TargetStep("recipients"), m.LimitStep(4, False, (points,)))
    assert got == [1, 3, 4, 5]                         # 10, 7, 5, 0; null (2) last
    points_up = m.OrderKey(col("loyalty_points"), False)
    assert keys(con, m.TargetStep("recipients"), m.LimitStep(4, False, (points_up,))) == \
        [1, 3, 4, 5]                                   # 0, 5, 7, 10; null last again
    assert keys(con, m.TargetStep("recipients"), m.LimitStep(2, False, ())) == [1, 2]


def test_limit_percent_rounds_down(con):
    # 5 records: 50% keeps 2, 59% keeps 2, 60% keeps 3.
    assert len(keys(con, m.TargetStep("recipients"), m.LimitStep(50, True, ()))) == 2
    assert len(keys(con, m.TargetStep("recipients"), m.LimitStep(59, True, ()))) == 2
    assert len(keys(con, m.TargetStep("recipients"), m.LimitStep(60, True, ()))) == 3


def test_dedup_keeps_first_per_group(con):
    by_country = m.DedupStep((col("country"),), 1, ())
    assert keys(con, m.TargetStep("recipients"), by_country) == [1, 2, 3, 4]


def test_enriched_name_is_usable_later(con):
    spent = m.Aggregate("sum", (BOOKINGS,), bcol("amount"), None, m.DECIMAL)
    enrich = m.EnrichStep((("spent", spent),))
    over = m.FilterStep(call(">=", m.EnrichedRef("spent", m.DECIMAL), integer(20)))
    assert keys(con, m.TargetStep("recipients"), enrich, over) == [1, 2]


# ---------------------------------------------------------------------------- runs


def read_table(con, label: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {audience_table_name(label)} ORDER BY ALL").fetchall()


def registry(con) -> list[tuple]:
    return con.execute(
        "SELECT label, campaign, dimension, mapping, row_count, saved_at"
        " FROM camp_audiences ORDER BY label").fetchall()


def test_null_mapping_values_are_left_out_and_counted(con, tmp_path):
    target = campaign("All", m.TargetStep("recipients"),
                      save("Everyone", CRMID, ("first_name", col("first_name"))))
    report = run_project(project(tmp_path, target), as_of=TODAY, connection=con)
    assert report.ok, report.diagnostics
    (audience,) = report.audiences
    assert (audience.row_count, audience.left_out, audience.saved) == (4, 1, True)
    assert read_table(con, "Everyone") == [
        ("C1", "Anna"), ("C2", "anna"), ("C4", "50 off"), ("C5", "a\\b")]
    assert registry(con)[0][:5] == ("Everyone", "All", "recipients", "CRMID", 4)


def test_event_level_audience_maps_through_a_link(con, tmp_path):
    flow = campaign(
        "Paris trips", m.TargetStep("bookings"),
        save("Trips", BOOKING_CRMID, ("destination", bcol("destination")),
             ("booking_id", bcol("booking_id")), dimension="bookings"),
    )
    report = run_project(project(tmp_path, flow), as_of=TODAY, connection=con)
    assert report.ok, report.diagnostics
    # Bookings 14 (no recipient) and 15 (recipient without crm_id) identify no profile.
    assert (report.audiences[0].row_count, report.audiences[0].left_out) == (5, 2)
    assert read_table(con, "Trips") == [
        ("C1", "Paris", 10), ("C1", "Rome", 11), ("C2", "Oslo", 13), ("C2", "Paris", 12),
        ("C5", "Nice", 16)]


def test_draft_is_counted_but_not_saved(con, tmp_path):
    flow = campaign("Draft", m.TargetStep("recipients"), save("Maybe", CRMID), status="draft")
    report = run_project(project(tmp_path, flow), as_of=TODAY, connection=con)
    assert report.ok
    assert (report.audiences[0].row_count, report.audiences[0].saved) == (4, False)
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert (audience_table_name("Maybe"),) not in tables


def test_second_run_replaces_the_audience(con, tmp_path):
    flow = campaign("French", m.TargetStep("recipients"),
                    m.FilterStep(call("=", col("country"), text("FR"))), save("French", CRMID))
    assert run_project(project(tmp_path, flow), as_of=TODAY, connection=con).ok
    assert read_table(con, "French") == [("C1",), ("C5",)]
    con.execute("UPDATE crm.recipients SET country = 'FR' WHERE recipient_id = 2")
    con.execute("UPDATE crm.recipients SET country = 'DE' WHERE recipient_id = 5")
    assert run_project(project(tmp_path, flow), as_of=TODAY, connection=con).ok
    assert read_table(con, "French") == [("C1",), ("C2",)]
    assert [row[:5] for row in registry(con)] == [("French", "French", "recipients", "CRMID", 2)]


def test_failing_run_leaves_previous_audiences_intact(con, tmp_path):
    good = campaign("French", m.TargetStep("recipients"),
                    m.FilterStep(call("=", col("country"), text("FR"))), save("French", CRMID))
    assert run_project(project(tmp_path, good), as_of=TODAY, connection=con).ok
    before = registry(con)
    con.execute("UPDATE crm.recipients SET country = 'FR'")     # the next run would change it
    broken_catalog = catalog()
    broken = m.DimensionInfo(
        "ghosts", None, (m.SourcePart("crm", False), m.SourcePart("missing", False)),
        (broken_catalog.dimensions["recipients"].key[0],),
        {"recipient_id": broken_catalog.dimensions["recipients"].key[0]}, {}, {},
    )
    broken_catalog.dimensions["ghosts"] = broken
    ghost = campaign("Ghosts", m.TargetStep("ghosts"),
                     m.FilterStep(col("recipient_id")), save("Ghosts", CRMID))
    failing = m.CheckedProject(tmp_path, m.Config(), broken_catalog, [good, ghost], [])
    report = run_project(failing, as_of=TODAY, connection=con)
    assert [d.code for d in report.diagnostics] == ["E500"]
    assert "Ghosts" in report.diagnostics[0].message
    assert "missing" in report.diagnostics[0].message
    assert report.exit_status == 3
    assert read_table(con, "French") == [("C1",), ("C5",)]
    assert registry(con) == before


def test_label_owned_by_another_campaign_is_refused(con, tmp_path):
    first = campaign("First", m.TargetStep("recipients"), save("Shared", CRMID))
    assert run_project(project(tmp_path, first), as_of=TODAY, connection=con).ok
    before = registry(con)
    second = campaign("Second", m.TargetStep("recipients"), save("Other", CRMID),
                      save("  shared ", CRMID))
    report = run_project(project(tmp_path, second), as_of=TODAY, connection=con)
    assert [d.code for d in report.diagnostics] == ["E501"]
    assert "First" in report.diagnostics[0].message
    assert registry(con) == before
    tables = {row[0] for row in
              con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert audience_table_name("Other") not in tables


def test_read_audience_is_a_semi_join_on_the_mapping(con, tmp_path):
    first = campaign("French", m.TargetStep("recipients"),
                     m.FilterStep(call("=", col("country"), text("FR"))), save("French", CRMID))
    reader = campaign(
        "Their trips",
        m.ReadStep("French", "recipients", CRMID, "French"),
        m.ChangeStep(BOOKINGS, "bookings"),
        save("French trips", BOOKING_CRMID, ("booking_id", bcol("booking_id")),
             dimension="bookings"),
        depends_on=("French",),
    )
    report = run_project(project(tmp_path, first, reader), as_of=TODAY, connection=con,
                         campaign="Their trips")
    assert report.ok, report.diagnostics
    assert [a.label for a in report.audiences] == ["French", "French trips"]
    assert read_table(con, "French trips") == [("C1", 10), ("C1", 11), ("C5", 16)]


def test_split_routes_to_first_segment_and_otherwise_gets_the_rest(con, tmp_path):
    by_points = m.OrderKey(col("loyalty_points"), True)
    split = m.SplitStep(False, (
        m.SegmentFlow("France", call("=", col("country"), text("FR")),
                      m.LimitStep(1, False, (by_points,)), (save("Seg FR", CRMID),)),
        m.SegmentFlow("Opted", col("opted_in"), None, (save("Seg opted", CRMID),)),
    ), (save("Seg rest", CRMID),))
    flow = campaign("Split", m.TargetStep("recipients"), split)
    report = run_project(project(tmp_path, flow), as_of=TODAY, connection=con)
    assert report.ok, report.diagnostics
    assert read_table(con, "Seg FR") == [("C1",)]          # 1 and 5 are French; 1 has more
    assert read_table(con, "Seg opted") == [("C2",)]       # 1 and 5 went to France first
    # 5 was cut by France's limit; 3 and 4 matched nothing (3 has no crm_id).
    assert read_table(con, "Seg rest") == [("C4",), ("C5",)]
