"""Golden SQL per dialect for small hand-built campaigns, and determinism.

Goldens live in tests/golden/<case>.<dialect>.sql; `CAMP_UPDATE_GOLDEN=1 pytest` rewrites
them. Each must also parse back with sqlglot in its dialect.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot

from backend_fixtures import (
    BOOKING_CRMID, BOOKINGS, CRMID, EMAIL, RECIPIENT, bcol, call, campaign, col, in_last,
    integer, project, save, text,
)
from compiler.compile import compile_project
from compiler.dialects import DIALECTS as DIALECT_RULES, dialect_rules
from dsl import model as m

GOLDEN = Path(__file__).parent / "golden"
DIALECTS = tuple(DIALECT_RULES)
AS_OF = dt.date(2026, 1, 31)


def recent_bookers() -> m.CheckedCampaign:
    return campaign(
        "Recent travel bookers",
        m.TargetStep("recipients"),
        m.FilterStep(call("and", col("opted_in"),
                          call("in", col("country"), text("FR"), text("BE")))),
        m.FilterStep(m.Exists((BOOKINGS,), in_last(bcol("booked_at"), 30, "day"))),
        save("Recent bookers", CRMID, ("first_name", col("first_name")), ("email", col("email"))),
    )


def expressions() -> m.CheckedCampaign:
    spent = m.Aggregate("sum", (BOOKINGS,), bcol("amount"),
                        call("like", bcol("destination"), text("P%_\\")), m.DECIMAL)
    condition = call(
        "or",
        call("and", call("contains", col("first_name"), text("50%")),
             call("starts_with", col("email"), text("it's \"q\"\n"))),
        call("ends_with", lower(col("email")), text("@x.fr")),
        call(">", call("-", integer(10), call("-", col("loyalty_points"), integer(3))),
             call("/", col("loyalty_points"), integer(2), type_=m.DECIMAL)),
        call(">=", call("age", col("birth_date"), type_=m.INTEGER), integer(18)),
        call("not_in", col("country"), text("FR")),
        call("is_not_null", spent),
    )
    return campaign("Expressions", m.TargetStep("recipients"), m.FilterStep(condition),
                    save("Expressions", EMAIL, ("order", col("order"))))


def lower(value: m.Expr) -> m.Call:
    return call("lower", value, type_=m.TEXT)


def floating_time() -> m.CheckedCampaign:
    condition = call(
        "and", in_last(bcol("booked_at"), 12, "hour"),
        call("<", bcol("travel_date"),
             call("add_interval", m.Today(), m.Interval(2, "week"), type_=m.DATE)),
        call("=", call("days_between", bcol("travel_date"), m.Today(), type_=m.INTEGER),
             integer(3)),
        call(">", bcol("booked_at"),
             call("sub_interval", m.Now(),
                  m.Interval(6, "month"), type_=m.TIMESTAMP)),
    )
    return campaign("Event level", m.TargetStep("bookings"), m.FilterStep(condition),
                    save("Trips", BOOKING_CRMID, ("destination", bcol("destination")),
                         dimension="bookings"))


def steps() -> m.CheckedCampaign:
    fr = (m.TargetStep("recipients"), m.FilterStep(call("=", col("country"), text("FR"))))
    order = (m.OrderKey(col("loyalty_points"), True),)
    split = m.SplitStep(False, (
        m.SegmentFlow("A", col("opted_in"), m.LimitStep(10, True, order),
                      (save("Seg A", CRMID),)),
        m.SegmentFlow("B", call("=", col("country"), text("BE")), None,
                      (save("Seg B", CRMID),)),
    ), (save("Seg rest", CRMID),))
    return campaign(
        "Steps",
        m.ReadStep("Recent bookers", "recipients", CRMID, "Recent travel bookers"),
        m.CombineStep("union", fr),
        m.CombineStep("exclude", fr),
        m.EnrichStep((("points", col("loyalty_points")),
                      ("double", call("*", m.EnrichedRef("points", m.INTEGER), integer(2))))),
        m.DedupStep((col("country"),), 2, order),
        m.ChangeStep(BOOKINGS, "bookings"),
        m.ChangeStep(RECIPIENT, "recipients"),
        split,
        depends_on=("Recent travel bookers",),
    )


CASES = {
    "recent_bookers": (recent_bookers, AS_OF, {}),
    "expressions": (expressions, AS_OF, {}),
    "floating_time": (floating_time, None, {"timezone": "Europe/Paris"}),
    "steps": (steps, AS_OF, {"audience_schema": "audiences"}),
}


def compile_case(case: str, dialect: str) -> str:
    build, as_of, config = CASES[case]
    compiled, diagnostics = compile_project(project(Path("."), build(), **config), dialect, as_of)
    assert diagnostics == []
    return compiled[0].sql


# The warehouse's clock in another zone than UTC: SQLite and SQL Server know no zone names.
UNSUPPORTED = {("floating_time", "sqlite"), ("floating_time", "tsql")}


@pytest.mark.parametrize("case, dialect", [
    (case, dialect) for case in sorted(CASES) for dialect in DIALECTS
    if (case, dialect) not in UNSUPPORTED
])
def test_golden(case, dialect):
    sql = compile_case(case, dialect)
    path = GOLDEN / f"{case}.{dialect}.sql"
    if os.environ.get("CAMP_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == sql
    parsed = sqlglot.parse(sql, read=dialect_rules(dialect).sqlglot)
    assert len([p for p in parsed if p is not None]) >= 1


def test_compiling_twice_gives_identical_text():
    for case in CASES:
        assert compile_case(case, "duckdb") == compile_case(case, "duckdb")


def test_output_does_not_depend_on_the_hash_seed():
    script = (
        "import sys; sys.path[:0] = ['tests', '.']; import test_backend_golden as g; "
        "print(g.compile_case('steps', 'snowflake'))"
    )
    root = Path(__file__).parent.parent
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env,
                              capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_draft_scripts_save_nothing():
    draft = campaign("Draft", m.TargetStep("recipients"), save("Maybe", CRMID), status="draft")
    compiled, _ = compile_project(project(Path("."), draft), "duckdb", AS_OF)
    assert "CREATE" not in compiled[0].sql and "INSERT" not in compiled[0].sql
    assert "SELECT" in compiled[0].sql


@pytest.mark.parametrize("case, dialect", sorted(UNSUPPORTED))
def test_unsupported_construct_is_e502_naming_the_dialect(case, dialect):
    build, as_of, config = CASES[case]
    checked = project(Path("."), build(), **config)
    compiled, diagnostics = compile_project(checked, dialect, as_of)
    assert compiled == []
    assert [d.code for d in diagnostics] == ["E502"]
    assert f"`{dialect}`" in diagnostics[0].message and "Europe/Paris" in diagnostics[0].message


# ---------------------------------------------------------------------------- activities from source

ACTIVITIES = GOLDEN / "activities"
ACTIVITY_DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "spark")


def compile_source_case(case: str, dialect: str) -> str:
    """The scripts of the campaigns of `activities/<case>.camp`, over its `dimensions.camp`."""
    from dsl.checker import check_modules
    from dsl.parse import parse_module

    modules = []
    for name in ("dimensions.camp", f"{case}.camp"):
        module, problems = parse_module((ACTIVITIES / name).read_text(encoding="utf-8"), name)
        assert problems == []
        modules.append(module)
    catalog, campaigns, diagnostics = check_modules(modules, m.Config())
    assert [d for d in diagnostics if d.severity == "error"] == []
    checked = m.CheckedProject(Path("."), m.Config(), catalog, campaigns, diagnostics)
    compiled, problems = compile_project(checked, dialect, AS_OF)
    assert problems == []
    return "\n".join(c.sql for c in compiled)


@pytest.mark.parametrize("dialect", ACTIVITY_DIALECTS)
@pytest.mark.parametrize("case", sorted(p.stem for p in ACTIVITIES.glob("*.camp")
                                        if p.stem != "dimensions"))
def test_golden_activity(case, dialect):
    sql = compile_source_case(case, dialect)
    path = ACTIVITIES / f"{case}.{dialect}.sql"
    if os.environ.get("CAMP_UPDATE_GOLDEN") == "1":
        path.write_text(sql, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == sql
    parsed = sqlglot.parse(sql, read=dialect_rules(dialect).sqlglot)
    assert len([p for p in parsed if p is not None]) >= 1
