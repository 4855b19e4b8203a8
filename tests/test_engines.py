"""The same campaigns on DuckDB, SQLite, PostgreSQL and Spark: the same audiences.

Every test runs on each engine of the matrix (`tests/engines.py`): it loads the tables below,
writes a project as `.camp` text, runs it with `camp run`'s code and reads the saved audience
back. The expected rows are worked out by hand from the data, so an engine that computes
something else fails, and all four engines agree because each agrees with the same rows.
The tests aim at the places where engines differ: date arithmetic and month ends, `age` and
`days_between`, booleans, quotes and backslashes in literals, `like`, null ordering,
reserved and non-ASCII names, time zones, hostile labels and failed runs.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compiler.compile import compile_project
from compiler.run import run_project
from compiler.runners.base import split_statements
from compiler.dialects import dialect_rules
from dsl.project import load_project
from engines import engine  # noqa: F401  (the fixture)

TODAY = dt.date(2026, 1, 31)
D, T = dt.date, dt.datetime

DIMENSIONS = '''
dimension recipients "Recipients" {
  source crm.Recipients
  key recipient_id
  mapping CRMID = crm_id

  recipient_id: integer
  crm_id: text
  email: text
  first_name: text column "prénom"
  Country: text
  `order`: integer
  points: integer
  opted_in: boolean
  birth_date: date

  link bookings to many bookings on recipient_id = recipient_id
}

dimension bookings "Bookings" {
  source crm.bookings
  key booking_id
  mapping CRMID = recipient.crm_id

  booking_id: integer
  recipient_id: integer
  booked_at: timestamp
  travel_date: date
  amount: decimal

  link recipient to one recipients on recipient_id = recipient_id
}
'''

RECIPIENT_COLUMNS = [
    ("recipient_id", "integer"), ("crm_id", "text"), ("email", "text"), ("prénom", "text"),
    ("Country", "text"), ("order", "integer"), ("points", "integer"), ("opted_in", "boolean"),
    ("birth_date", "date"),
]
RECIPIENTS = [
    (1, "C1", "abc", "Zoé", "FR", 7, 10, True, D(2024, 1, 31)),
    (2, "C2", "aXcde", "Ana", "FR", 3, 30, False, D(2023, 3, 31)),
    (3, "C3", "ABC", "Li", "BE", None, None, None, D(2024, 2, 29)),
    (4, "C4", "a_c", "Émile", "BE", 1, 20, True, D(2025, 12, 31)),
    (5, "C5", "a\\c", "Ömer", None, 2, 30, True, None),
    (6, "C6", "it's \"q\" \\n end", "Bo", "DE", 9, None, False, D(2000, 2, 1)),
    (7, None, "[a]bc", "Ida", "DE", 4, 5, True, D(1990, 6, 15)),
    (8, "C8", "*[a]c", "Kai", "FR", 5, 15, False, D(1990, 1, 31)),
]
BOOKING_COLUMNS = [
    ("booking_id", "integer"), ("recipient_id", "integer"), ("booked_at", "timestamp"),
    ("travel_date", "date"), ("amount", "decimal"),
]
BOOKINGS = [
    (10, 1, T(2024, 1, 31, 23, 30), D(2026, 1, 31), 12.5),
    (11, 2, T(2024, 2, 29, 10, 0), D(2026, 2, 1), 100),
    (12, 4, T(2026, 1, 30, 8, 15), D(2026, 1, 1), None),
]
TABLES = {
    "crm.Recipients": (RECIPIENT_COLUMNS, RECIPIENTS),
    "crm.bookings": (BOOKING_COLUMNS, BOOKINGS),
}


def published(name: str, body: str) -> str:
    return f'campaign "{name}" {{\n  status published\n{body}\n}}\n'


def project_at(root: Path, campaigns: dict[str, str], config: str = ""):
    root.mkdir(parents=True, exist_ok=True)
    (root / "dimensions.camp").write_text(DIMENSIONS, encoding="utf-8")
    if config:
        (root / "camp.toml").write_text(config, encoding="utf-8")
    for name, text in campaigns.items():
        (root / name).write_text(text, encoding="utf-8")
    project = load_project([str(root)])
    errors = [d for d in project.diagnostics if d.severity == "error"]
    assert errors == [], errors
    return project


def run(engine, campaigns: str | dict[str, str], *, as_of=TODAY, config: str = "",
        tables=TABLES, root: str = "project"):
    """Load the tables, run the campaigns; the report (which must be clean)."""
    if tables:
        engine.load(tables)
    files = campaigns if isinstance(campaigns, dict) else {"campaigns.camp": campaigns}
    project = project_at(engine.root / root, files, config)
    report = run_project(project, engine.url, as_of=as_of)
    assert report.ok, report.diagnostics
    return report


def saved(engine, report, label: str) -> list[tuple]:
    table = {a.label: a.table_name for a in report.audiences}[label]
    return engine.rows(table)


# ---------------------------------------------------------------------------- dates


def test_date_arithmetic_in_every_unit_clamps_month_ends(engine):
    report = run(engine, published("Dates", '''
  target recipients
  filter recipient_id <= 4
  enrich {
    plus_month = birth_date + 1 month
    minus_month = birth_date - 1 month
    plus_year = birth_date + 1 year
    plus_weeks = birth_date + 2 weeks
    minus_days = birth_date - 3 days
  }
  save audience "Dates" map CRMID with plus_month, minus_month, plus_year, plus_weeks,
    minus_days
'''))
    assert saved(engine, report, "Dates") == [
        ("C1", "2024-02-29", "2023-12-31", "2025-01-31", "2024-02-14", "2024-01-28"),
        ("C2", "2023-04-30", "2023-02-28", "2024-03-31", "2023-04-14", "2023-03-28"),
        ("C3", "2024-03-29", "2024-01-29", "2025-02-28", "2024-03-14", "2024-02-26"),
        ("C4", "2026-01-31", "2025-11-30", "2026-12-31", "2026-01-14", "2025-12-28"),
    ]


def test_timestamp_arithmetic_in_every_unit(engine):
    report = run(engine, published("Times", '''
  target bookings
  filter booking_id <= 11
  enrich {
    plus_month = booked_at + 1 month
    plus_year = booked_at + 1 year
    plus_minutes = booked_at + 90 minutes
    minus_hours = booked_at - 12 hours
    minus_day = booked_at - 1 day
  }
  save audience "Times" map CRMID with plus_month, plus_year, plus_minutes, minus_hours,
    minus_day
'''))
    assert saved(engine, report, "Times") == [
        ("C1", "2024-02-29 23:30:00", "2025-01-31 23:30:00", "2024-02-01 01:00:00",
         "2024-01-31 11:30:00", "2024-01-30 23:30:00"),
        ("C2", "2024-03-29 10:00:00", "2025-02-28 10:00:00", "2024-02-29 11:30:00",
         "2024-02-28 22:00:00", "2024-02-28 10:00:00"),
    ]


def test_relative_windows_compare_dates_and_timestamps(engine):
    # Today is 2026-01-31: booking 12 was made yesterday; 10 travels today, 11 tomorrow.
    report = run(engine, published("Booked", '''
  target bookings
  filter booked_at in last 2 days
  save audience "Booked lately" map CRMID with booking_id
''') + published("Travelling", '''
  target bookings
  filter travel_date in next 1 day
  save audience "Travelling soon" map CRMID with booking_id
'''))
    assert saved(engine, report, "Booked lately") == [("C4", 12)]
    assert saved(engine, report, "Travelling soon") == [("C1", 10), ("C2", 11)]


def test_age_and_days_between(engine):
    report = run(engine, published("Ages", '''
  target recipients
  filter birth_date is not null
  enrich {
    years = age(birth_date)
    days = days_between(birth_date, date "2024-03-01")
  }
  save audience "Ages" map CRMID with years, days
'''))
    # Today is 2026-01-31: a birthday later in the year is not reached yet.
    assert saved(engine, report, "Ages") == [
        ("C1", 2, 30), ("C2", 2, 336), ("C3", 1, 1), ("C4", 0, -670),
        ("C6", 25, 8795), ("C8", 36, 12448),
    ]


# ---------------------------------------------------------------------------- values


def test_booleans_and_three_valued_logic(engine):
    report = run(engine, published("In", '''
  target recipients
  filter opted_in
  save audience "Opted in" map CRMID with opted_in
''') + published("Out", '''
  target recipients
  filter not opted_in
  save audience "Opted out" map CRMID
''') + published("Not in", '''
  target recipients
  filter opted_in is null or opted_in = false
  save audience "Not opted in" map CRMID
'''))
    assert saved(engine, report, "Opted in") == [("C1", 1), ("C4", 1), ("C5", 1)]
    assert saved(engine, report, "Opted out") == [("C2",), ("C6",), ("C8",)]
    assert saved(engine, report, "Not opted in") == [("C2",), ("C3",), ("C6",), ("C8",)]


def test_string_literals_keep_quotes_and_backslashes(engine):
    report = run(engine, published("Quotes", r'''
  target recipients
  filter email = "it's \"q\" \\n end" or email = "a\\c"
  save audience "Quotes" map CRMID with email
'''))
    assert saved(engine, report, "Quotes") == [("C5", "a\\c"), ("C6", "it's \"q\" \\n end")]


@pytest.mark.parametrize("pattern, expected", [
    ("a_c%", ["C1", "C2", "C4", "C5"]),      # `_` matches one character, even a backslash
    ("A%", ["C3"]),                           # case-sensitive
    ("a\\\\c", ["C5"]),                       # a backslash is a plain character
    ("%[a]%", ["C8"]),                        # brackets are plain characters too
    ("*%", ["C8"]),                           # and so is `*`
    ("%c%", ["C1", "C2", "C4", "C5", "C8"]),
])
def test_like_has_only_two_wildcards_and_is_case_sensitive(engine, pattern, expected):
    report = run(engine, published("Like", f'''
  target recipients
  filter email like "{pattern}"
  save audience "Like" map CRMID
'''))
    assert saved(engine, report, "Like") == [(c,) for c in expected]


def test_order_by_puts_nulls_last_in_both_directions(engine):
    report = run(engine, published("Most", '''
  target recipients
  limit 3 order by points desc
  save audience "Most points" map CRMID with points
''') + published("First", '''
  target recipients
  filter Country is not null
  dedup by Country keep 1 order by `order` asc
  save audience "First per country" map CRMID with Country, `order`
''') + published("Least", '''
  target recipients
  limit 6 order by points asc
  save audience "Least points" map CRMID with points
'''))
    # Points: 1→10, 2→30, 3→null, 4→20, 5→30, 6→null, 7→5 (no CRMID), 8→15.
    assert saved(engine, report, "Most points") == [("C2", 30), ("C4", 20), ("C5", 30)]
    # DE's first (record 7, `order` 4) has no CRMID: it is left out of the audience.
    assert saved(engine, report, "First per country") == [("C2", "FR", 3), ("C4", "BE", 1)]
    assert saved(engine, report, "Least points") == [
        ("C1", 10), ("C2", 30), ("C4", 20), ("C5", 30), ("C8", 15)]


def test_reserved_and_non_ascii_names_and_case_folding(engine):
    report = run(engine, published("Names", '''
  target recipients
  filter Country = "FR" and `order` > 3
  save audience "Names" map CRMID with first_name as `prénom`, `order`, Country as `select`
'''))
    assert saved(engine, report, "Names") == [("C1", "Zoé", 7, "FR"), ("C8", "Kai", 5, "FR")]


def test_aggregates_over_links(engine):
    report = run(engine, published("Spenders", '''
  target recipients
  filter exists bookings where amount > 10
  enrich { spent = sum(bookings.amount) trips = count(bookings) }
  save audience "Spenders" map CRMID with spent, trips
'''))
    assert saved(engine, report, "Spenders") == [("C1", 12.5, 1), ("C2", 100.0, 1)]


# ---------------------------------------------------------------------------- time zones


@contextmanager
def session_zone(engine, monkeypatch, zone: str):
    """Make the database session's zone `zone`, whatever the project says."""
    monkeypatch.setenv("TZ", zone)          # DuckDB and SQLite read the process's zone
    monkeypatch.setenv("PGTZ", zone)        # libpq sets the session's TimeZone from it
    if engine.name != "spark":
        yield
        return
    from engines import spark_session

    spark = spark_session(None)
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", zone)
    try:
        yield
    finally:
        spark.conf.set("spark.sql.session.timeZone", before)


def test_run_reads_today_in_the_project_zone(engine, monkeypatch):
    # Kiritimati is UTC+14 and Pago Pago UTC-11: their dates differ for most of every day.
    zone = "Pacific/Kiritimati"
    today = dt.datetime.now(ZoneInfo(zone)).date()
    rows = [(20, 1, T(2020, 1, 1), today, 1), (21, 2, T(2020, 1, 1),
                                               today - dt.timedelta(days=1), 1)]
    engine.load({"crm.Recipients": (RECIPIENT_COLUMNS, RECIPIENTS),
                 "crm.bookings": (BOOKING_COLUMNS, rows)})
    with session_zone(engine, monkeypatch, "Pacific/Pago_Pago"):
        report = run(engine, published("Today", '''
  target bookings
  filter travel_date = today()
  save audience "Today" map CRMID with booking_id
'''), as_of=None, config=f'[project]\ntimezone = "{zone}"\n', tables=None)
        assert saved(engine, report, "Today") == [("C1", 20)]


def test_compiled_today_follows_the_project_zone_whatever_the_session_zone(
        engine, monkeypatch):
    # SQLite knows no zone names: its dialect reads the clock in UTC only (E502 otherwise).
    zone = "UTC" if engine.name == "sqlite" else "Pacific/Kiritimati"
    today = dt.datetime.now(ZoneInfo(zone)).date()
    engine.load(TABLES)
    project = project_at(engine.root / "floating", {"c.camp": '''
campaign "Today" {
  status draft
  target recipients
  enrich { day = today() }
  save audience "Today" map CRMID with day
}
'''}, f'[project]\ntimezone = "{zone}"\n')
    compiled, problems = compile_project(project, engine.name)
    assert problems == []
    query = split_statements(compiled[0].sql, dialect_rules(engine.name))[-1]
    with session_zone(engine, monkeypatch, "Pacific/Pago_Pago"):
        days = {row[1] for row in engine.fetch(query, session_zone="Pacific/Pago_Pago")}
    assert days == {today.isoformat()}


def test_sqlite_refuses_the_current_date_in_another_zone(tmp_path):
    project = project_at(tmp_path / "p", {"c.camp": published("Today", '''
  target recipients
  filter birth_date = today()
  save audience "Today" map CRMID
''')}, '[project]\ntimezone = "Europe/Paris"\n')
    compiled, problems = compile_project(project, "sqlite")
    assert compiled == []
    assert [p.code for p in problems] == ["E502"]
    assert "`sqlite`" in problems[0].message and "Europe/Paris" in problems[0].message


# ---------------------------------------------------------------------------- labels


HOSTILE_LABELS = [
    "it's \"quoted\"",
    "back\\slash",
    "50% off_now",
    "-- not a comment",
    "/* nor this */ ; DROP TABLE x",
    "party 🎉",
    "שלום עולם",
    "L" * 300,
    "a.b",
    "a-b",
]


def camp_string(text: str) -> str:
    """`text` as a string literal of the campaign language."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_hostile_labels_each_keep_their_own_table(engine):
    saves = "\n".join(f"  save audience {camp_string(label)} map CRMID"
                      for label in HOSTILE_LABELS)
    report = run(engine, published("Labels", f'''
  target recipients
  filter recipient_id = 1
{saves}
'''))
    tables = {a.label: a.table_name for a in report.audiences}
    assert sorted(tables) == sorted(HOSTILE_LABELS)
    assert len(set(tables.values())) == len(HOSTILE_LABELS)
    assert all(len(name) <= 63 for name in tables.values())
    for label in HOSTILE_LABELS:
        assert engine.rows(tables[label]) == [("C1",)]
    registry = engine.rows("camp_audiences")
    assert sorted((row[0], row[1]) for row in registry) == sorted(tables.items())


# ---------------------------------------------------------------------------- atomic runs


def test_a_failed_run_leaves_audiences_and_registry_as_they_were(engine):
    first = run(engine, published("Keep", '''
  target recipients
  filter Country = "FR"
  save audience "Kept" map CRMID
'''), root="before")
    table = first.audiences[0].table_name
    registry_before = engine.rows("camp_audiences")
    # The same label now saves other records, then a campaign reading it fails: the source
    # of its dimension does not exist. Nothing of the run may remain.
    ghosts = "  link ghosts to many ghosts on recipient_id = ghost_id\n"
    broken = DIMENSIONS.replace("  link bookings", ghosts + "  link bookings") + '''
dimension ghosts "Ghosts" {
  source crm.no_such_table
  key ghost_id
  ghost_id: integer
}
'''
    root = engine.root / "after"
    root.mkdir()
    (root / "dimensions.camp").write_text(broken, encoding="utf-8")
    (root / "a.camp").write_text(published("Keep", '''
  target recipients
  filter Country = "BE"
  save audience "Kept" map CRMID
  save audience "New" map CRMID
'''), encoding="utf-8")
    (root / "b.camp").write_text(published("Broken", '''
  read audience "Kept"
  filter not exists ghosts
  save audience "Ghosts" map CRMID
'''), encoding="utf-8")
    project = load_project([str(root)])
    assert [d for d in project.diagnostics if d.severity == "error"] == []
    report = run_project(project, engine.url, as_of=TODAY)
    assert [d.code for d in report.diagnostics] == ["E500"]
    assert report.exit_status == 3
    assert engine.rows(table) == [("C1",), ("C2",), ("C8",)]
    assert engine.rows("camp_audiences") == registry_before


def test_a_second_run_replaces_the_audience(engine):
    run(engine, published("Again", '''
  target recipients
  filter Country = "FR"
  save audience "Again" map CRMID
'''), root="first")
    report = run(engine, published("Again", '''
  target recipients
  filter Country = "BE"
  save audience "Again" map CRMID
'''), root="second", tables=None)
    assert saved(engine, report, "Again") == [("C3",), ("C4",)]
    registry = engine.rows("camp_audiences")
    assert [(row[0], row[5]) for row in registry] == [("Again", 2)]


def test_a_campaign_reads_the_audience_saved_earlier_in_the_same_run(engine):
    reader = published("Reader", '''
  read audience "Base"
  filter opted_in
  save audience "Derived" map CRMID
''')
    run(engine, {"a.camp": published("Base", '''
  target recipients
  filter Country = "FR"
  save audience "Base" map CRMID
'''), "b.camp": reader}, root="first")
    # The second run changes Base: Derived must come from the new Base, not the old one.
    report = run(engine, {"a.camp": published("Base", '''
  target recipients
  filter Country = "BE" or Country is null
  save audience "Base" map CRMID
'''), "b.camp": reader}, root="second", tables=None)
    assert saved(engine, report, "Base") == [("C3",), ("C4",), ("C5",)]
    assert saved(engine, report, "Derived") == [("C4",), ("C5",)]


def test_audience_schema(engine):
    report = run(engine, published("Schema", '''
  target recipients
  filter Country = "DE"
  save audience "In a schema" map CRMID
'''), config='[project]\naudience_schema = "audiences"\n')
    table = report.audiences[0].table_name
    assert table.startswith("audiences.")
    assert engine.rows(table) == [("C6",)]
    assert [row[0] for row in engine.rows("audiences.camp_audiences")] == ["In a schema"]


@pytest.mark.skipif(os.name != "posix", reason="paths")
def test_missing_sqlite_file_is_e500(tmp_path):
    project = project_at(tmp_path / "p", {"c.camp": published("X", '''
  target recipients
  save audience "X" map CRMID
''')})
    report = run_project(project, f"sqlite:///{tmp_path / 'nope.db'}", as_of=TODAY)
    assert [d.code for d in report.diagnostics] == ["E500"]
    assert "not found" in report.diagnostics[0].message


# ---------------------------------------------------------------------------- random campaigns

PROPERTY_COLUMNS = {
    "crm.recipients": [
        ("recipient_id", "integer"), ("crm_id", "text"), ("email", "text"),
        ("FirstName", "text", True), ("country", "text"), ("birth_date", "date"),
        ("loyalty_points", "integer"), ("opted_in", "boolean"),
    ],
    "crm.bookings": [
        ("booking_id", "integer"), ("recipient_id", "integer"), ("booked_at", "timestamp"),
        ("destination", "text"), ("amount", "decimal"), ("channel", "text"),
        ("nights", "integer"),
    ],
}
# Fewer examples where a run costs more (Spark runs a job per statement). DuckDB runs the
# same generator with more examples in test_property.py.
PROPERTY_EXAMPLES = {"sqlite": 60, "postgres": 40, "spark": 6}


def _property_test(engine_name: str):
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    import test_property as prop
    from engines import database

    @settings(max_examples=PROPERTY_EXAMPLES[engine_name], deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def check(tmp_path_factory, data):
        choose = prop.Chooser(data)
        tables = prop.draw_tables(choose)
        text = prop.Program(choose).project()
        project = prop.check(text)
        assume(not prop.has_errors(project.diagnostics))
        db = _PROPERTY_DATABASES.get(engine_name)
        if db is None:
            db = database(engine_name, tmp_path_factory.mktemp(engine_name), tmp_path_factory)
            _PROPERTY_DATABASES[engine_name] = db
        db.forget_audiences()
        db.load({name: (columns, [tuple(row.get(c[0]) if c[0] in row else row[c[0]]
                                        for c in columns) for row in tables[name]])
                 for name, columns in PROPERTY_COLUMNS.items()})
        report = run_project(project, db.url, as_of=prop.TODAY)
        assert report.ok, report.diagnostics
        got = {a.label: prop.bag(raw_rows(db, a.table_name)) for a in report.audiences}
        want = prop.run_on_oracle(project, tables)
        assert got.keys() == want.keys(), text
        for label in want:
            assert got[label] == want[label], f"{label} on {engine_name} of\n{text}\n{tables}"

    return check


_PROPERTY_DATABASES: dict[str, object] = {}


def raw_rows(db, table: str) -> list[tuple]:
    """Rows as the oracle gives them: dates and booleans as Python values."""
    rows = []
    for row in db.rows(table):
        rows.append(tuple(_oracle_value(v) for v in row))
    return rows


def _oracle_value(value):
    if isinstance(value, str) and len(value) in (10, 19) and value[4:5] == "-" \
            and value[7:8] == "-" and value[:4].isdigit():
        try:
            return (dt.datetime.fromisoformat(value) if len(value) == 19
                    else dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value


@pytest.mark.parametrize("engine_name", sorted(PROPERTY_EXAMPLES))
def test_every_engine_saves_what_the_oracle_computes(engine_name, tmp_path_factory):
    _property_test(engine_name)(tmp_path_factory)
