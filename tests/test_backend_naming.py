"""Quoting rules, audience table names, the clock's month rule and E502."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from backend_fixtures import call, campaign, col, project, save, text
from compiler.clock import add_interval
from compiler.compile import compile_project, file_stems
from compiler.dialects import dialect_rules
from compiler.naming import audience_table_name, identifier
from dsl import model as m
from dsl.project import load_project


def printed(name: str, dialect: str, exact: bool = False) -> str:
    rules = dialect_rules(dialect)
    return identifier(name, rules, exact).sql(dialect=rules.sqlglot)


def test_plain_names_are_printed_unquoted():
    for dialect in ("duckdb", "postgres", "snowflake", "bigquery", "spark"):
        assert printed("crm_id", dialect) == "crm_id"
        assert printed("CrmId", dialect) == "CrmId"


def test_reserved_words_are_quoted_after_folding():
    assert printed("Order", "postgres") == '"order"'
    assert printed("order", "snowflake") == '"ORDER"'
    assert printed("Order", "duckdb") == '"Order"'
    assert printed("select", "bigquery") == "`select`"
    assert printed("table", "spark") == "`table`"


def test_exact_names_keep_their_case_and_quotes():
    assert printed("FirstName", "postgres", exact=True) == '"FirstName"'
    assert printed("FirstName", "snowflake", exact=True) == '"FirstName"'
    assert printed('a"b', "duckdb", exact=True) == '"a""b"'


def test_non_ascii_names_are_quoted():
    assert printed("prénom", "duckdb") == '"prénom"'
    assert printed("prénom", "postgres") == '"prénom"'


def test_audience_table_name_is_slug_and_hash_of_normalized_label():
    digest = hashlib.sha256("recent bookers".encode()).hexdigest()[:10]
    assert audience_table_name("Recent  Bookers") == f"aud_recent_bookers_{digest}"
    assert audience_table_name("recent bookers ") == audience_table_name("RECENT BOOKERS")
    assert audience_table_name("Recent bookers") != audience_table_name("Recent bookers!")
    assert audience_table_name("Été à Paris").startswith("aud_ete_a_paris_")
    assert audience_table_name("日本") == "aud_" + hashlib.sha256("日本".encode()).hexdigest()[:10]


def test_audience_table_name_fits_63_characters():
    name = audience_table_name("A very long label " * 10)
    assert len(name) <= 63 and name.startswith("aud_a_very_long_label")
    assert "__" not in name


def test_month_arithmetic_clamps_to_month_end():
    assert add_interval(dt.date(2024, 1, 31), 1, "month") == dt.date(2024, 2, 29)
    assert add_interval(dt.date(2023, 3, 31), -1, "month") == dt.date(2023, 2, 28)
    assert add_interval(dt.date(2024, 2, 29), 1, "year") == dt.date(2025, 2, 28)
    assert add_interval(dt.date(2024, 12, 15), 2, "month") == dt.date(2025, 2, 15)
    assert add_interval(dt.date(2026, 1, 31), -2, "week") == dt.date(2026, 1, 17)
    late = dt.datetime(2025, 12, 31, 22, 30)
    assert add_interval(dt.datetime(2026, 1, 1), -90, "minute") == late


def test_file_stems_are_unique_and_safe():
    stems = file_stems(["Été / promo", "ete promo", "Other"])
    assert stems["Other"] == "other"
    assert stems["Été / promo"] != stems["ete promo"]
    assert all(s.replace("_", "").isalnum() for s in stems.values())


def test_unknown_function_is_an_e502_diagnostic():
    odd = m.Call("soundex", (col("email"),), m.TEXT)
    flow = campaign("Odd", m.TargetStep("recipients"),
                    m.FilterStep(call("=", odd, text("x"))), save("Odd"))
    compiled, diagnostics = compile_project(project(Path("."), flow), "spark", None)
    assert compiled == []
    assert [d.code for d in diagnostics] == ["E502"]
    assert "soundex" in diagnostics[0].message and "spark" in diagnostics[0].message


def test_a_name_longer_than_the_warehouse_accepts_is_e502(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples" / "travel"
    shutil.copy(examples / "dimensions.camp", tmp_path / "dimensions.camp")
    (tmp_path / "long.camp").write_text(
        'campaign "long" { status published target recipients '
        f'save audience "long" map CRMID with email as {"a" * 64} }}', encoding="utf-8")
    project = load_project([str(tmp_path)])

    _compiled, problems = compile_project(project, "postgres")
    assert [p.code for p in problems] == ["E502"]
    assert "longer than 63 bytes" in problems[0].message
    compiled, problems = compile_project(project, "duckdb")
    assert problems == [] and len(compiled) == 1


def test_tsql_keeps_non_ascii_text_exact(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples" / "travel"
    shutil.copy(examples / "dimensions.camp", tmp_path / "dimensions.camp")
    (tmp_path / "c.camp").write_text(
        'campaign "Émile" { status published target recipients '
        'filter first_name = "Émile 🙂" save audience "Émile" map CRMID }', encoding="utf-8")

    [compiled], problems = compile_project(load_project([str(tmp_path)]), "tsql")
    assert problems == []
    assert "= N'Émile 🙂'" in compiled.sql
    assert "label NVARCHAR(MAX)" in compiled.sql
    assert "'Émile" not in compiled.sql.replace("N'Émile", "")
