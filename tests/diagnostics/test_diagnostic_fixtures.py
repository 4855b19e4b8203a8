"""One fixture per diagnostic code: a small project and what `camp check` prints for it.

Each folder here is a project. `expected.txt` holds the exact human output of `camp check`
run inside that folder (stderr, without colour), then the exit status. To accept new output
after reading it as an analyst would, run with `CAMP_UPDATE_FIXTURES=1`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from compiler.cli import main
from dsl.diagnostics import CODES

HERE = Path(__file__).parent
FIXTURES = sorted(folder for folder in HERE.iterdir()
                  if folder.is_dir() and re.match(r"[EW]\d{3}_", folder.name))
UPDATE = bool(os.environ.get("CAMP_UPDATE_FIXTURES"))
FRONT_END = Path(__file__).parents[2] / "dsl"


def camp_check(folder: Path, monkeypatch, capsys, *options: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("CAMP_NO_CACHE", "1")   # parse every time, and leave no cache here
    status = main(["check", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def rendered(status: int, stderr: str) -> str:
    return f"{stderr}[exit status {status}]\n"


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda folder: folder.name)
def test_fixture_output(folder: Path, monkeypatch, capsys):
    status, _out, err = camp_check(folder, monkeypatch, capsys)
    actual = rendered(status, err)
    expected_file = folder / "expected.txt"
    if UPDATE or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        if not UPDATE:
            pytest.fail(f"wrote {expected_file.name} for {folder.name}: read it, then rerun")
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda folder: folder.name)
def test_fixture_reports_its_own_code(folder: Path, monkeypatch, capsys):
    status, out, _err = camp_check(folder, monkeypatch, capsys, "--format", "json")
    code = folder.name.split("_")[0]
    assert status == (1 if code.startswith("E") else 0)   # warnings never fail a check
    assert code in {diagnostic["code"] for diagnostic in json.loads(out)}


def test_json_format_has_every_field_of_the_spec(monkeypatch, capsys):
    status, out, _err = camp_check(HERE / "E400_duplicate_label", monkeypatch, capsys,
                                   "--format", "json")
    assert status == 1
    [diagnostic] = json.loads(out)
    assert diagnostic == {
        "code": "E400",
        "severity": "error",
        "message": 'audience "CAFE\u0301 lovers" is already saved by campaign '
                   '`French recipients` (as "Café  Lovers")',
        "file": "campaigns/opted_in.camp",
        "line": 4,
        "column": 17,
        "end_line": 4,
        "end_column": 31,
        "hint": "labels are compared ignoring case and spacing; give this audience its own "
                "label",
        "related": [{"file": "campaigns/french.camp", "line": 5, "column": 17,
                     "message": "first saved here"}],
    }


def test_json_columns_count_code_points(monkeypatch, capsys):
    _status, out, _err = camp_check(HERE / "E100_emoji_before_the_error", monkeypatch, capsys,
                                    "--format", "json")
    [diagnostic] = json.loads(out)
    line = (HERE / "E100_emoji_before_the_error" / "campaign.camp").read_text("utf-8")
    column = line.index(";") + 1
    assert column == 61
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_column"]) == (1, 61, 62)
    assert "hint" in diagnostic and diagnostic["related"] == []


def test_json_leaves_out_an_absent_hint(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.camp").write_text('campaign "a" {}\ncampaign "a" {}\n', encoding="utf-8")
    _status, out, _err = camp_check(tmp_path, monkeypatch, capsys, "--format", "json")
    [diagnostic] = json.loads(out)
    assert diagnostic["code"] == "E405"
    assert set(diagnostic) == {"code", "severity", "message", "file", "line", "column",
                               "end_line", "end_column", "hint", "related"}


def codes_emitted_by_the_front_end() -> set[str]:
    found = set()
    for source in FRONT_END.glob("*.py"):
        if source.name != "diagnostics.py":
            found.update(re.findall(r'"([EW]\d{3})"', source.read_text(encoding="utf-8")))
    return found


# Codes a fixture folder cannot produce, each with the test that covers it instead.
NOT_AS_FIXTURE = {
    "E101": "tests/test_project_files.py: an unreadable file (root reads every file)",
}


def test_every_front_end_code_has_a_fixture():
    emitted = codes_emitted_by_the_front_end()
    assert emitted <= set(CODES), emitted - set(CODES)
    covered = {folder.name.split("_")[0] for folder in FIXTURES}
    assert emitted - covered - set(NOT_AS_FIXTURE) == set()
