"""Machine formats of the diagnostics: SARIF 2.1.0 (validated against the official schema)
and GitHub workflow annotations; and the registry of codes behind them.

The schema in `tests/schemas/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 errata01
schema, vendored so the tests need no network (see tests/schemas/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compiler.cli import main
from dsl.ast import Span
from dsl.diagnostics import CODES, Related, code_page, codes_index, error, pages_folder, warning
from dsl.render import to_github, to_sarif

HERE = Path(__file__).parent
SCHEMA = json.loads((HERE / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
TWO_ERRORS = HERE / "diagnostics" / "E100_several_errors_in_one_file"
DUPLICATE = HERE / "diagnostics" / "E400_duplicate_label"


def run(folder: Path, monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("CAMP_NO_CACHE", "1")
    status = main([*argv])
    return status, capsys.readouterr().out


def test_sarif_of_a_project_is_valid_against_the_schema(monkeypatch, capsys):
    status, out = run(DUPLICATE, monkeypatch, capsys, "check", "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    assert status == 1
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "E400" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 17)
    related = result["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "campaigns/french.camp"


def test_sarif_rules_are_the_registry(monkeypatch, capsys):
    _status, out = run(TWO_ERRORS, monkeypatch, capsys, "check", "--format", "sarif")
    run_ = json.loads(out)["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(CODES)
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_levels_and_a_diagnostic_without_a_place():
    found = [warning("W103", "enriched value `x` is never used", Span("a b.camp", 2, 3, 2, 4)),
             error("E500", "database failure: gone", Span("", 0, 0, 0, 0))]
    log = json.loads(to_sarif(found))
    jsonschema.validate(log, SCHEMA)
    first, second = log["runs"][0]["results"]
    assert first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.camp"
    assert "locations" not in second


def test_github_annotation_escapes_properties_and_message():
    span = Span("dir,1/a:b.camp", 4, 10, 4, 16)
    found = [error("E201", "unknown attribute `contry`: 100%", span,
                   hint="did you mean `country`?\r\nsee E201",
                   related=[Related(span, "unused")])]
    assert to_github(found) == (
        "::error file=dir%2C1/a%3Ab.camp,line=4,col=10,endLine=4,endColumn=16,title=E201::"
        "unknown attribute `contry`: 100%25%0Adid you mean `country`?%0D%0Asee E201\n")


def test_github_format_on_the_command_line(monkeypatch, capsys):
    status, out = run(TWO_ERRORS, monkeypatch, capsys, "check", "--format", "github")
    lines = out.splitlines()
    assert status == 1 and len(lines) >= 2
    assert all(line.startswith("::error file=campaign.camp,line=") for line in lines)
    numbers = [int(line.split("line=")[1].split(",")[0]) for line in lines]
    assert numbers == sorted(numbers)


# ---------------------------------------------------------------------------- code pages


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_has_a_page_with_its_title(code):
    page = code_page(code)
    assert page is not None and page.startswith(f"# {code}: {CODES[code]}\n")
    for heading in ("## What it means", "## How to fix it"):
        assert heading in page


def test_the_codes_index_is_generated_from_the_pages():
    written = (pages_folder() / "README.md").read_text(encoding="utf-8")
    assert written == codes_index(), "run `python -m dsl.diagnostics` to regenerate it"


def test_explain_prints_the_page(capsys):
    assert main(["explain", "w101"]) == 0
    assert "or country is null" in capsys.readouterr().out


def test_explain_an_unknown_code_suggests_one(capsys):
    assert main(["explain", "E4O1"]) == 2
    assert "did you mean `E401`?" in capsys.readouterr().err
