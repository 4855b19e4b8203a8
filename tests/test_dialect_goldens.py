"""Golden SQL of every example project in every dialect, for the warehouses not run here.

`tests/golden/examples/<example>.<dialect>.sql` holds what `camp compile <example> --dialect D
--as-of 2026-06-15` prints; `CAMP_UPDATE_GOLDEN=1 pytest` rewrites the files. Each statement
must parse back with sqlglot in its dialect, so a template or a rewrite that breaks the SQL
of a warehouse shows up even where that warehouse cannot run. The capability table of
`docs/dialects.md` is generated from `compiler.dialects` and must be current.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlglot

from compiler.compile import compile_project
from compiler.dialects import DIALECTS, dialect_rules, markdown
from compiler.runners.base import split_statements
from dsl.project import load_project

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "examples"
EXAMPLES = ("travel", "retail")
AS_OF = dt.date(2026, 6, 15)


def compiled(example: str, dialect: str, as_of: dt.date | None = AS_OF):
    project = load_project([str(ROOT / "examples" / example)])
    return compile_project(project, dialect, as_of)


def script(example: str, dialect: str) -> str:
    scripts, problems = compiled(example, dialect)
    assert problems == []
    return "\n".join(s.sql for s in scripts)


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("example", EXAMPLES)
def test_example_golden_sql(example, dialect):
    sql = script(example, dialect)
    path = GOLDEN / f"{example}.{dialect}.sql"
    if os.environ.get("CAMP_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == sql


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_statement_parses_back_in_its_dialect(example, dialect):
    rules = dialect_rules(dialect)
    statements = split_statements(script(example, dialect), rules)
    assert len(statements) > 3
    for statement in statements:
        parsed = sqlglot.parse_one(statement, read=rules.sqlglot)
        assert parsed is not None, statement


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_floating_today_compiles_or_names_the_dialect(dialect):
    # The travel project's zone is Europe/Paris: a warehouse that knows no zone names cannot
    # read today there, and says so rather than reading it in UTC.
    scripts, problems = compiled("travel", dialect, as_of=None)
    if dialect_rules(dialect).current_time == "utc":
        assert problems and {p.code for p in problems} == {"E502"}
        assert all(f"`{dialect}`" in p.message for p in problems)
        assert all("Europe/Paris" in p.message for p in problems)
    else:
        assert problems == []
        assert all("2026" not in s.sql.split("\n", 3)[2] for s in scripts)


def test_the_capability_table_is_current():
    committed = (ROOT / "docs" / "dialects.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "docs/dialects.md is stale: python -m compiler.dialects --markdown > docs/dialects.md")


def test_the_capability_table_names_every_dialect_and_status():
    table = markdown()
    for name in DIALECTS:
        assert f"`{name}`" in table
    assert "unsupported" in table and "emulated" in table and "native" in table


def test_audience_table_names_fit_every_dialect():
    from compiler.naming import audience_table_name

    name = audience_table_name("A label far longer than any warehouse's identifiers " * 6)
    assert len(name) == 63
    assert all(len(name) <= rules.max_identifier for rules in DIALECTS.values())
