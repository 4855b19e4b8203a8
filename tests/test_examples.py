"""The example projects, run end to end on small generated data.

Each saved audience is compared with a query written by hand in `examples/*/expected/`
(independent of the compiler: other joins, IN instead of EXISTS), so a wrong translation of
any construct the examples use shows up as a different set of rows.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from compiler.run import run_project
from dsl.project import load_project

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = dt.date(2026, 6, 15)


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def travel_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("travel") / "travel.duckdb"
    _module(EXAMPLES / "travel" / "generate.py").generate(path, 3_000, 30_000, ANCHOR)
    return path


@pytest.fixture(scope="module")
def retail_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("retail") / "retail.duckdb"
    _module(EXAMPLES / "retail" / "load_data.py").load(path, 0.01)
    return path


def _expected_files(example: str) -> list[Path]:
    return sorted((EXAMPLES / example / "expected").glob("*.sql"))


def _header(sql: str, field: str) -> str:
    return re.search(rf"^-- {field}: (.+)$", sql, re.M).group(1).strip()


def _rows(con, sql: str) -> tuple[list[str], Counter]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return columns, Counter(cursor.fetchall())


def _saved_audiences(report) -> dict[str, str]:
    assert report.ok, report.diagnostics
    return {a.label: a.table_name for a in report.audiences if a.saved}


@pytest.mark.parametrize("example", ["travel", "retail"])
def test_examples_check_clean(example):
    project = load_project([str(EXAMPLES / example)])

    assert [d for d in project.diagnostics if d.severity == "error"] == []
    assert len(project.campaigns) >= 3


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@pytest.mark.parametrize("example", ["travel", "retail"])
def test_expected_files_are_named_after_their_campaign_and_audience(example):
    # `<campaign>.sql`, or `<campaign>__<audience>.sql` when the campaign saves several.
    for path in _expected_files(example):
        sql = path.read_text(encoding="utf-8")
        campaign, audience = _slug(_header(sql, "campaign")), _slug(_header(sql, "audience"))
        assert path.stem in (campaign, f"{campaign}__{audience}"), path.name


@pytest.mark.parametrize("expected", _expected_files("retail"), ids=lambda p: p.stem)
def test_retail_audience_matches_hand_written_query(expected, retail_db, tmp_path):
    database = tmp_path / "retail.duckdb"
    shutil.copy(retail_db, database)
    sql = expected.read_text(encoding="utf-8")
    label = _header(sql, "audience")

    report = run_project(load_project([str(EXAMPLES / "retail")]), str(database))
    tables = _saved_audiences(report)

    with duckdb.connect(str(database)) as con:
        want_columns, want = _rows(con, sql)
        got_columns, got = _rows(con, f"SELECT * FROM {tables[label]}")
    assert got_columns == want_columns
    assert sum(want.values()) > 0, "the reference query must select something"
    assert got == want


@pytest.mark.parametrize("expected", _expected_files("travel"), ids=lambda p: p.stem)
def test_travel_audience_matches_hand_written_query(expected, travel_db, tmp_path):
    database = tmp_path / "travel.duckdb"
    shutil.copy(travel_db, database)
    sql = expected.read_text(encoding="utf-8")
    campaign_name = _header(sql, "campaign")
    label = _header(sql, "audience")
    project = load_project([str(EXAMPLES / "travel")])
    campaign = next(c for c in project.campaigns if c.name == campaign_name)

    report = run_project(project, str(database), as_of=ANCHOR)
    by_label = {a.label: a for a in report.audiences}

    with duckdb.connect(str(database)) as con:
        con.execute(f"SET VARIABLE as_of = DATE '{ANCHOR.isoformat()}'")
        want_columns, want = _rows(con, sql)
        assert sum(want.values()) > 0, "the reference query must select something"
        if campaign.published:
            got_columns, got = _rows(con, f"SELECT * FROM {by_label[label].table_name}")
            assert got_columns == want_columns
            assert got == want
        else:
            assert not by_label[label].saved
            assert by_label[label].row_count == sum(want.values())


def test_second_run_replaces_and_failed_run_keeps_previous(travel_db, tmp_path):
    database = tmp_path / "travel.duckdb"
    shutil.copy(travel_db, database)
    project = load_project([str(EXAMPLES / "travel")])

    first = _saved_audiences(run_project(project, str(database), as_of=ANCHOR))
    with duckdb.connect(str(database)) as con:
        table = first["Recent bookers"]
        before = _rows(con, f"SELECT * FROM {table}")[1]
        # A later day keeps fewer recent bookers: the next run must replace, not append.
        con.execute("DELETE FROM crm.bookings WHERE booked_at >= TIMESTAMP '2026-06-01'")

    second = run_project(project, str(database), as_of=ANCHOR)
    with duckdb.connect(str(database)) as con:
        replaced = _rows(con, f"SELECT * FROM {table}")[1]
        count = con.execute("SELECT row_count FROM camp_audiences WHERE label = "
                            "'Recent bookers'").fetchone()[0]
        registry_before = con.execute("SELECT * FROM camp_audiences ORDER BY label").fetchall()
        con.execute("DROP TABLE crm.bookings")
    assert second.ok
    assert sum(replaced.values()) < sum(before.values())
    assert count == sum(replaced.values())

    failed = run_project(project, str(database), as_of=ANCHOR)
    assert failed.exit_status == 3
    assert [d.code for d in failed.diagnostics] == ["E500"]
    with duckdb.connect(str(database)) as con:
        assert _rows(con, f"SELECT * FROM {table}")[1] == replaced
        registry = con.execute("SELECT * FROM camp_audiences ORDER BY label").fetchall()
    assert registry == registry_before
