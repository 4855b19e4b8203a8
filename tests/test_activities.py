"""Every targeting activity of a campaign (SPEC §4), written as `.camp` source and run on
DuckDB over small data whose answers are known by construction.

Each test writes a project (the dimensions below plus its campaigns) and a database holding
the rows below, runs it with `camp run`'s code, and reads the saved audiences back. Today is
2026-01-31. Every audience is saved `with recipient_id` (or `booking_id`), so a test can say
which records it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from compiler import cli
from compiler.clock import Clock
from compiler.dialects import dialect_rules
from compiler.run import run_project
from compiler.sqlgen import CampaignCompiler, render
from dsl.project import load_project

TODAY = dt.date(2026, 1, 31)

DIMENSIONS = '''
dimension recipients "Recipients" {
  source crm.recipients
  key recipient_id
  mapping CRMID = crm_id
  mapping Email = email

  recipient_id: integer
  crm_id: text
  email: text
  country: text
  points: integer
  opted_in: boolean

  link bookings to many bookings on recipient_id = recipient_id
}

dimension bookings "Bookings" {
  source crm.bookings
  key booking_id
  mapping CRMID = recipient.crm_id

  booking_id: integer
  recipient_id: integer
  booked_at: timestamp
  destination: text
  amount: decimal

  link recipient to one recipients on recipient_id = recipient_id
}
'''

RECIPIENTS = [
    # recipient_id, crm_id, email, country, points, opted_in
    (1, "C1", "a@x", "FR", 10, True),
    (2, "C2", "b@x", "FR", 30, True),
    (3, "C3", None, "BE", 20, False),
    (4, "C4", "d@x", "BE", None, True),
    (5, "C5", "e@x", "DE", 30, None),
    (6, "C6", "f@x", None, 5, False),
]

T = dt.datetime
BOOKINGS = [
    # booking_id, recipient_id, booked_at, destination, amount
    (10, 1, T(2026, 1, 20, 9), "Paris", 100),
    (11, 1, T(2025, 6, 1, 9), "Rome", 50),
    (12, 2, T(2026, 1, 25, 9), "Paris", 300),
    (13, 3, T(2026, 1, 10, 9), "Oslo", None),
    (14, 3, T(2026, 1, 11, 9), "Oslo", 40),
    (15, 99, T(2026, 1, 12, 9), "Lima", 5),      # no such recipient
    (16, None, T(2026, 1, 13, 9), "Nice", 7),    # a guest booking
    (17, 5, T(2024, 1, 1, 9), "Rome", 80),
    (18, 1, T(2026, 1, 2, 9), "Nice", 100),      # ties with 10 on amount
]


def make_database(path: Path, recipients=RECIPIENTS, bookings=BOOKINGS) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA crm")
        con.execute("CREATE TABLE crm.recipients (recipient_id INTEGER, crm_id TEXT, "
                    "email TEXT, country TEXT, points INTEGER, opted_in BOOLEAN)")
        if recipients:
            con.executemany("INSERT INTO crm.recipients VALUES (?, ?, ?, ?, ?, ?)", recipients)
        con.execute("CREATE TABLE crm.bookings (booking_id INTEGER, recipient_id INTEGER, "
                    "booked_at TIMESTAMP, destination TEXT, amount DECIMAL(10, 2))")
        if bookings:
            con.executemany("INSERT INTO crm.bookings VALUES (?, ?, ?, ?, ?)", bookings)
    return path


def write_project(root: Path, campaigns: str | dict[str, str]) -> Path:
    """A project folder: `dimensions.camp` and the campaign files."""
    files = campaigns if isinstance(campaigns, dict) else {"campaigns.camp": campaigns}
    root.mkdir(parents=True, exist_ok=True)
    (root / "dimensions.camp").write_text(DIMENSIONS, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


class Ran:
    """A run of a project, and what its audiences hold."""

    def __init__(self, tmp_path: Path, campaigns, **data):
        self.root = write_project(tmp_path / "project", campaigns)
        self.database = make_database(tmp_path / "data.duckdb", **data)
        self.project = load_project([str(self.root)])
        errors = [d for d in self.project.diagnostics if d.severity == "error"]
        assert errors == [], errors
        self.report = run_project(self.project, str(self.database), as_of=TODAY)
        assert self.report.ok, self.report.diagnostics
        self.by_label = {a.label: a for a in self.report.audiences}

    def rows(self, label: str) -> list[tuple]:
        table = self.by_label[label].table_name
        with duckdb.connect(str(self.database)) as con:
            return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()

    def ids(self, label: str) -> list[int]:
        """The record ids of an audience saved `with recipient_id` (or `booking_id`)."""
        return sorted(row[1] for row in self.rows(label))


def published(name: str, body: str) -> str:
    return f'campaign "{name}" {{\n  status published\n{body}\n}}\n'


def checked(tmp_path: Path, campaigns):
    """The diagnostics of a project that is expected to have errors."""
    return load_project([str(write_project(tmp_path / "project", campaigns))]).diagnostics


def population_sql(tmp_path: Path, body: str) -> str:
    """The SQL of the population that a campaign's flow ends on (DuckDB)."""
    project = load_project([str(write_project(tmp_path / "sql", published("SQL", body)))])
    (campaign,) = project.campaigns
    rules = dialect_rules("duckdb")
    compiler = CampaignCompiler(project.catalog, rules, Clock.as_of(TODAY))
    return render(compiler.population_query(campaign.steps), rules)


# ---------------------------------------------------------------------------- read audience


WRITER = published("Z writer", '''
  target recipients
  filter country = "FR"
  save audience "French" map CRMID with recipient_id
''')

READER = published("A reader", '''
  read audience "French"
  filter points > 15
  save audience "French with points" map CRMID with recipient_id
''')


def test_a_campaign_reading_an_audience_runs_after_the_one_saving_it(tmp_path):
    # "A reader" sorts first by name, but it reads what "Z writer" saves.
    ran = Ran(tmp_path, {"a.camp": READER, "z.camp": WRITER})

    assert [c.name for c in ran.project.campaigns] == ["Z writer", "A reader"]
    assert [a.label for a in ran.report.audiences] == ["French", "French with points"]
    assert ran.ids("French") == [1, 2]
    assert ran.ids("French with points") == [2]


def test_read_audience_takes_the_records_whose_mapping_value_was_saved(tmp_path):
    # Recipient 7 shares C1 with recipient 1: both are read back (a semi-join on the value).
    recipients = RECIPIENTS + [(7, "C1", "g@x", "DE", 1, False)]
    ran = Ran(tmp_path, {"a.camp": READER.replace("filter points > 15", ""),
                         "z.camp": WRITER}, recipients=recipients)

    assert ran.ids("French with points") == [1, 2, 7]


def test_camp_run_prints_campaigns_in_dependency_order(tmp_path, capsys):
    root = write_project(tmp_path / "project", {"a.camp": READER, "z.camp": WRITER})
    database = make_database(tmp_path / "data.duckdb")

    status = cli.main(["run", str(root), "--db", str(database), "--as-of", TODAY.isoformat()])

    out = capsys.readouterr().out
    assert status == 0
    assert out.index('campaign "Z writer"') < out.index('campaign "A reader"')
    assert '"French with points": 1 row' in out


def test_reading_a_label_that_no_campaign_saves_is_e402(tmp_path):
    diagnostics = checked(tmp_path, published("Reader", '''
  read audience "Nobody saves this"
  save audience "Copy" map CRMID
'''))

    assert [d.code for d in diagnostics] == ["E402"]
    assert "Nobody saves this" in diagnostics[0].message


def test_campaigns_reading_each_other_are_e403_naming_them(tmp_path):
    first = published("First", '''
  read audience "Second audience"
  save audience "First audience" map CRMID
''')
    second = published("Second", '''
  read audience "First audience"
  save audience "Second audience" map CRMID
''')
    diagnostics = checked(tmp_path, {"first.camp": first, "second.camp": second})

    cycles = [d for d in diagnostics if d.code == "E403"]
    assert len(cycles) == 1
    assert "`First`" in cycles[0].message and "`Second`" in cycles[0].message


# ---------------------------------------------------------------------------- combine


def test_union_adds_the_inner_records_once(tmp_path):
    ran = Ran(tmp_path, published("Union", '''
  target recipients
  filter country = "FR"
  union {
    target recipients
    filter points >= 20
  }
  save audience "French or rich" map CRMID with recipient_id
'''))

    # {1, 2} and {2, 3, 5}: 2 is in both and saved once.
    assert ran.ids("French or rich") == [1, 2, 3, 5]


def test_intersect_keeps_the_records_also_in_the_inner_population(tmp_path):
    ran = Ran(tmp_path, published("Intersect", '''
  target recipients
  filter opted_in
  intersect {
    target bookings
    filter destination = "Paris"
    change dimension to recipients
  }
  save audience "Opted-in Paris bookers" map CRMID with recipient_id
'''))

    assert ran.ids("Opted-in Paris bookers") == [1, 2]


def test_exclude_keeps_records_whose_values_are_null(tmp_path):
    ran = Ran(tmp_path, published("Exclude", '''
  target recipients
  exclude {
    target recipients
    filter country = "FR" or points > 25
  }
  save audience "Not French nor rich" map CRMID with recipient_id
'''))

    # 4 (no points) and 6 (no country) are not in the inner population: they stay.
    assert ran.ids("Not French nor rich") == [3, 4, 6]


def test_exclude_with_a_null_key_inside_drops_only_matching_keys(tmp_path):
    # A record without a key in the inner population: `NOT IN` would drop everything.
    recipients = RECIPIENTS + [(None, "C0", "z@x", None, None, None)]
    ran = Ran(tmp_path, published("Exclude nulls", '''
  target recipients
  filter country is not null
  exclude {
    target recipients
    filter country is null or country = "BE"
  }
  save audience "Known countries but Belgium" map CRMID with recipient_id
'''), recipients=recipients)

    assert ran.ids("Known countries but Belgium") == [1, 2, 5]


def test_exclude_and_intersect_never_use_not_in(tmp_path):
    sql = population_sql(tmp_path, '''
  target recipients
  exclude { target recipients filter country = "FR" }
  intersect { target recipients filter opted_in }
''')

    assert "NOT IN" not in sql.upper()
    assert "NOT EXISTS" in sql.upper()


def test_combining_populations_of_another_dimension_is_e404(tmp_path):
    diagnostics = checked(tmp_path, published("Mixed", '''
  target recipients
  exclude {
    target recipients
    change dimension to bookings
  }
  save audience "Mixed" map CRMID
'''))

    assert [d.code for d in diagnostics] == ["E404"]
    assert "bookings" in diagnostics[0].message and "recipients" in diagnostics[0].message


# ---------------------------------------------------------------------------- enrich


ENRICHED = '''
  target recipients
  enrich {
    spent = sum(bookings.amount where booked_at >= date "2026-01-01")
    trips = count(bookings where destination != "Rome")
    average = spent / trips
    best = max(bookings.destination)
  }
  filter spent > 50 or trips = 0
  save audience "Spenders" map CRMID with recipient_id, spent, trips, average, best as top
'''


def test_enrich_computes_aggregates_over_to_many_links(tmp_path):
    ran = Ran(tmp_path, published("Enrich", ENRICHED))

    # 1: 10 and 18 in 2026 (100 + 100), 2 trips not to Rome; 2: 300, 1 trip;
    # 4 and 6 have no booking: a sum of nothing is null, a count of nothing 0; 5 only went
    # to Rome, in 2024. 3 spent 40 in 2026 on 2 trips and is left out by the filter.
    assert ran.rows("Spenders") == [
        ("C1", 1, 200, 2, 100, "Rome"),
        ("C2", 2, 300, 1, 300, "Paris"),
        ("C4", 4, None, 0, None, None),
        ("C5", 5, None, 0, None, "Rome"),
        ("C6", 6, None, 0, None, None),
    ]


def test_enriched_names_are_used_by_later_filters_and_orders(tmp_path):
    ran = Ran(tmp_path, published("Enrich order", '''
  target recipients
  enrich { total = sum(bookings.amount) }
  limit 2 order by total desc
  save audience "Top two" map CRMID with recipient_id, total
'''))

    # Totals: 1 -> 250, 2 -> 300, 3 -> 40, 5 -> 80; the others null (last).
    assert ran.rows("Top two") == [("C1", 1, 250), ("C2", 2, 300)]


def test_enriched_names_are_gone_after_a_change_of_dimension(tmp_path):
    diagnostics = checked(tmp_path, published("Lost name", '''
  target recipients
  enrich { total = sum(bookings.amount) }
  change dimension to bookings
  filter total > 0
  save audience "Lost" map CRMID
'''))

    assert [d.code for d in diagnostics] == ["E201"]


# ---------------------------------------------------------------------------- change dimension


def test_change_dimension_over_a_to_one_link_gives_distinct_records(tmp_path):
    ran = Ran(tmp_path, published("Bookers", '''
  target bookings
  filter booked_at >= date "2026-01-01"
  change dimension to recipients via recipient
  save audience "Recent bookers" map CRMID with recipient_id
'''))

    # 1 booked twice in January and is saved once; 99 and the guest booking reach nobody.
    assert ran.ids("Recent bookers") == [1, 2, 3]


def test_change_dimension_over_a_to_many_link(tmp_path):
    ran = Ran(tmp_path, published("Their bookings", '''
  target recipients
  filter country = "FR"
  change dimension to bookings
  save audience "French bookings" map CRMID with booking_id, destination
'''))

    assert ran.rows("French bookings") == [
        ("C1", 10, "Paris"), ("C1", 11, "Rome"), ("C1", 18, "Nice"), ("C2", 12, "Paris")]


def test_after_a_change_of_dimension_only_its_mappings_are_offered(tmp_path):
    diagnostics = checked(tmp_path, published("Wrong mapping", '''
  target recipients
  change dimension to bookings
  save audience "Bookings by email" map Email
'''))

    assert [d.code for d in diagnostics] == ["E401"]
    assert "CRMID" in diagnostics[0].hint


# ---------------------------------------------------------------------------- dedup and limit


def test_dedup_keeps_n_per_group_in_order_nulls_last_ties_by_key(tmp_path):
    ran = Ran(tmp_path, published("Dedup", '''
  target bookings
  dedup by recipient_id keep 1 order by amount desc
  save audience "Best booking" map CRMID with booking_id
'''))

    # 1: 10 and 18 tie on 100, the smaller key wins; 3: 14 (40) before 13 (null).
    # 15 and the guest booking: null and 99 are groups too; the guest has no CRMID.
    assert ran.ids("Best booking") == [10, 12, 14, 17]


def test_dedup_keep_two_ascending_puts_nulls_last(tmp_path):
    ran = Ran(tmp_path, published("Dedup asc", '''
  target bookings
  filter recipient_id = 3 or recipient_id = 1
  dedup by recipient_id keep 2 order by amount
  save audience "Two cheapest" map CRMID with booking_id
'''))

    # 1: 11 (50), then 10 and 18 tie (100): 10. 3: 14 (40), then 13 (null).
    assert ran.ids("Two cheapest") == [10, 11, 13, 14]


def test_dedup_without_order_keeps_the_smallest_keys(tmp_path):
    ran = Ran(tmp_path, published("Dedup keys", '''
  target bookings
  dedup by destination
  save audience "One per destination" map CRMID with booking_id
'''))

    # Paris 10, Rome 11, Oslo 13, Lima 15 (no recipient: no CRMID), Nice 16 (guest).
    assert ran.ids("One per destination") == [10, 11, 13]


def test_limit_orders_nulls_last_in_both_directions(tmp_path):
    ran = Ran(tmp_path, published("Limits", '''
  target recipients
  split overlap {
    segment "Up" where true limit 5 order by points {
      save audience "Up" map CRMID with recipient_id
    }
    segment "Down" where true limit 5 order by points desc {
      save audience "Down" map CRMID with recipient_id
    }
  }
'''))

    # Points: 6 -> 5, 1 -> 10, 3 -> 20, 2 and 5 -> 30, 4 -> null: 4 is last both ways.
    assert ran.ids("Up") == [1, 2, 3, 5, 6]
    assert ran.ids("Down") == [1, 2, 3, 5, 6]


def test_limit_breaks_ties_by_key(tmp_path):
    ran = Ran(tmp_path, published("Tie", '''
  target recipients
  limit 1 order by points desc
  save audience "Most points" map CRMID with recipient_id
'''))

    assert ran.ids("Most points") == [2]      # 2 and 5 both have 30


def test_limit_percent_rounds_down_and_defaults_to_key_order(tmp_path):
    ran = Ran(tmp_path, published("Percent", '''
  target bookings
  split overlap {
    segment "Half" where true limit 50% { save audience "Half" map CRMID with booking_id }
    segment "Tenth" where true limit 10% { save audience "Tenth" map CRMID with booking_id }
    segment "All" where true limit 100% { save audience "All" map CRMID with booking_id }
  }
'''))

    # 9 bookings: 50% keeps 4 (not 4.5), 10% keeps none; 15 and 16 have no CRMID.
    assert ran.ids("Half") == [10, 11, 12, 13]
    assert ran.by_label["Tenth"].row_count == 0
    assert ran.ids("All") == [10, 11, 12, 13, 14, 17, 18]


# ---------------------------------------------------------------------------- split


SPLIT = '''
  target recipients
  split {
    segment "French" where country = "FR" limit 1 order by points desc {
      save audience "French" map CRMID with recipient_id
    }
    segment "High" where points >= 20 {
      save audience "High" map CRMID with recipient_id
    }
    otherwise {
      save audience "Rest" map CRMID with recipient_id
    }
  }
'''


def test_split_routes_each_record_to_the_first_segment_that_matches(tmp_path):
    ran = Ran(tmp_path, published("Split", SPLIT))

    assert ran.ids("French") == [2]           # 1 and 2 are French; 2 has more points
    assert ran.ids("High") == [3, 5]          # 2 went to "French" first
    # 1 was cut by the limit of "French" and is not offered to "High"; 4 and 6 matched none.
    assert ran.ids("Rest") == [1, 4, 6]
    assert [a.label for a in ran.report.audiences] == ["French", "High", "Rest"]


def test_split_overlap_sends_records_to_every_segment_that_matches(tmp_path):
    ran = Ran(tmp_path, published("Overlap", SPLIT.replace("split {", "split overlap {")))

    assert ran.ids("French") == [2]
    assert ran.ids("High") == [2, 3, 5]
    assert ran.ids("Rest") == [1, 4, 6]


def test_segment_flows_continue_independently(tmp_path):
    ran = Ran(tmp_path, published("Segments go on", '''
  target recipients
  split {
    segment "Bookers" where exists bookings {
      change dimension to bookings
      filter amount >= 100
      save audience "Big bookings" map CRMID with booking_id
    }
    segment "Others" where country is not null {
      enrich { double = points * 2 }
      filter double > 0
      save audience "Other recipients" map CRMID with recipient_id, double
    }
  }
'''))

    assert ran.ids("Big bookings") == [10, 12, 18]
    assert ran.rows("Other recipients") == []      # 4 has no points; 6 has no country
    assert ran.by_label["Other recipients"].row_count == 0


# ---------------------------------------------------------------------------- drafts


def test_draft_audiences_are_counted_and_reported_but_not_saved(tmp_path, capsys):
    draft = '''campaign "Draft" {
  target recipients
  filter opted_in
  save audience "Maybe" map Email with recipient_id
}
'''
    ran = Ran(tmp_path, draft)

    (audience,) = ran.report.audiences
    # 1, 2 and 4 are opted in; all have an email.
    assert (audience.saved, audience.row_count, audience.table_name) == (False, 3, None)
    with duckdb.connect(str(ran.database)) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()]
    assert not any(name.startswith("aud_") for name in tables)
    summary = cli.format_run(ran.report).splitlines()[-1]
    assert summary == "saved 0 audiences; 1 in drafts, not saved"
    assert re.search(r'draft +"Maybe": 3 rows, not saved', cli.format_run(ran.report))


# ---------------------------------------------------------------------------- camp run --explain


def explained(tmp_path: Path, campaigns) -> dict[str, list[tuple[int, str, int]]]:
    root = write_project(tmp_path / "project", campaigns)
    database = make_database(tmp_path / "data.duckdb")
    report = run_project(load_project([str(root)]), str(database), as_of=TODAY, explain=True)
    assert report.ok, report.diagnostics
    return {name: [(s.depth, s.text, s.records) for s in steps]
            for name, steps in report.steps.items()}


def test_explain_counts_the_records_of_every_step(tmp_path):
    steps = explained(tmp_path, published("Union", '''
  target recipients
  filter country = "FR"
  filter opted_in and points > 15
  union {
    target recipients
    filter points >= 20
  }
  save audience "French or rich" map CRMID with recipient_id
'''))

    assert steps["Union"] == [
        (0, "target recipients", 6),
        (0, 'filter country = "FR"', 2),          # 1 and 2
        (0, "filter opted_in and points > 15", 1),  # 2
        (0, "union", 3),                          # 2, then 3 and 5
        (1, "target recipients", 6),
        (1, "filter points >= 20", 3),
        (0, 'save audience "French or rich" map CRMID with recipient_id', 3),
    ]


def test_explain_shows_what_passes_each_segment_of_a_split(tmp_path):
    steps = explained(tmp_path, published("Split", SPLIT))

    assert [(depth, text.split(" map")[0], records)
            for depth, text, records in steps["Split"]] == [
        (0, "target recipients", 6),
        (0, "split", 6),
        (1, 'segment "French"', 1),       # 2 French records, 1 kept by the limit
        (2, 'save audience "French"', 1),
        (1, 'segment "High"', 2),
        (2, 'save audience "High"', 2),
        (1, "otherwise", 3),
        (2, 'save audience "Rest"', 3),
    ]


def test_explain_follows_dependency_order_and_reads_fresh_audiences(tmp_path):
    steps = explained(tmp_path, {"a.camp": READER, "z.camp": WRITER})

    assert list(steps) == ["Z writer", "A reader"]
    assert [records for _, _, records in steps["A reader"]] == [2, 1, 1]


def test_camp_run_explain_prints_an_indented_listing_per_campaign(tmp_path, capsys):
    root = write_project(tmp_path / "project", published("Split", SPLIT))
    database = make_database(tmp_path / "data.duckdb")

    status = cli.main(["run", str(root), "--db", str(database), "--as-of", TODAY.isoformat(),
                       "--explain"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    start = lines.index('  campaign "Split"')
    assert re.fullmatch(r"    target recipients +6 records", lines[start + 1])
    assert re.fullmatch(r'      segment "French" +1 record', lines[start + 3])
    assert re.fullmatch(r'        save audience "French" .* +1 record', lines[start + 4])
    assert re.fullmatch(r'    saved  "French": 1 row in aud_\w+', lines[start + 9])


def test_camp_run_without_explain_prints_no_steps(tmp_path, capsys):
    root = write_project(tmp_path / "project", published("Split", SPLIT))
    database = make_database(tmp_path / "data.duckdb")

    assert cli.main(["run", str(root), "--db", str(database), "--as-of", "2026-01-31"]) == 0
    assert "records" not in capsys.readouterr().out
