"""`camp fmt`: one canonical layout that never changes what a program means."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.cli import main
from dsl import ast
from dsl.format import format_module, format_source
from dsl.parse import parse_module

ROOT = Path(__file__).resolve().parent.parent
CAMP_FILES = sorted(p for folder in ("examples", "tests") for p in (ROOT / folder).rglob("*.camp"))


def parsed(text: str) -> ast.Module:
    module, problems = parse_module(text, "x.camp")
    assert module is not None, problems
    return module


@pytest.mark.parametrize("path", CAMP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_keeps_its_meaning_and_formats_once(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    before, problems = parse_module(text, "x.camp")
    result = format_source(text, "x.camp")
    if before is None or any(d.code == "E100" for d in problems):
        assert not result.ok and result.diagnostics[0].code == "E100"
        return

    assert result.ok
    assert parsed(result.text) == before
    assert format_source(result.text, "x.camp").text == result.text


def test_the_layout_is_canonical():
    messy = ('dimension   people{source crm . "People" key id,crm_id mapping CRMID=crm_id\n'
             'id:integer crm_id : text `key`: text column "K\\u{9}"}\n'
             'campaign "A \\"quoted\\" name" { target people\n'
             '  filter ((id > 1_000 and not (crm_id is null)) or id in (1,2))\n'
             '  filter (exists x where id = 1) and id < 2\n'
             '  enrich { n = id * (id + 1) }\n'
             '  dedup by crm_id keep 2 order by id desc limit 10% order by id\n'
             '  save audience "L" map CRMID with crm_id as c, id }\n')

    assert format_source(messy).text == (
        'dimension people {\n'
        '  source crm."People"\n'
        '  key id, crm_id\n'
        '  mapping CRMID = crm_id\n'
        '  id: integer\n'
        '  crm_id: text\n'
        '  `key`: text column "K\\t"\n'
        '}\n'
        '\n'
        'campaign "A \\"quoted\\" name" {\n'
        '  target people\n'
        '  filter id > 1_000 and not crm_id is null or id in (1, 2)\n'
        '  filter (exists x where id = 1) and id < 2\n'
        '  enrich {\n'
        '    n = id * (id + 1)\n'
        '  }\n'
        '  dedup by crm_id keep 2 order by id desc\n'
        '  limit 10% order by id\n'
        '  save audience "L" map CRMID with crm_id as c, id\n'
        '}\n')


def test_durations_take_the_plural_unless_the_amount_is_one():
    text = 'campaign "A" {\n  target p\n  filter a in last 1 days and b > today() - 3 week\n}\n'

    assert "in last 1 day and b > today() - 3 weeks" in format_source(text).text


def test_comments_survive_where_they_were():
    text = ('# The catalog.\n\n'
            'dimension p {   # the people\n'
            '  # where they come from\n'
            '  source crm.p\n'
            '  key id\n\n'
            '  id: integer     # the key\n'
            '  name: text  # as written\n'
            '  # nothing after this\n'
            '}\n'
            '# the end\n')

    assert format_source(text).text == (
        '# The catalog.\n\n'
        'dimension p {  # the people\n'
        '  # where they come from\n'
        '  source crm.p\n'
        '  key id\n\n'
        '  id: integer  # the key\n'
        '  name: text   # as written\n'
        '  # nothing after this\n'
        '}\n'
        '# the end\n')


def test_a_file_with_syntax_errors_is_not_formatted():
    result = format_source('campaign "A" {\n  filter = 1\n}\n')

    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["E100"]


# ---------------------------------------------------------------------------- the command


def test_check_exits_1_when_a_file_would_change_and_leaves_it_alone(tmp_path, capsys):
    messy = tmp_path / "messy.camp"
    messy.write_text('campaign "A" {target p}\n', encoding="utf-8")

    assert main(["fmt", "--check", str(tmp_path)]) == 1
    assert messy.read_text(encoding="utf-8") == 'campaign "A" {target p}\n'
    assert main(["fmt", str(tmp_path)]) == 0
    assert messy.read_text(encoding="utf-8") == 'campaign "A" {\n  target p\n}\n'
    assert main(["fmt", "--check", str(tmp_path)]) == 0


def test_diff_prints_the_change_without_writing(tmp_path, capsys):
    messy = tmp_path / "messy.camp"
    messy.write_text('campaign "A" {target p}\n', encoding="utf-8")

    assert main(["fmt", "--diff", str(messy)]) == 0

    out = capsys.readouterr().out
    assert '-campaign "A" {target p}' in out
    assert "+  target p" in out
    assert messy.read_text(encoding="utf-8") == 'campaign "A" {target p}\n'


def test_a_syntax_error_exits_1_and_rewrites_nothing(tmp_path, capsys):
    broken = tmp_path / "broken.camp"
    broken.write_text('campaign "A" {target p\n', encoding="utf-8")

    assert main(["fmt", str(broken)]) == 1

    assert "error[E100]" in capsys.readouterr().err
    assert broken.read_text(encoding="utf-8") == 'campaign "A" {target p\n'


# ---------------------------------------------------------------------------- generated trees

KEYWORDS = ["status", "source", "key", "count", "date", "not", "null", "last", "days", "in"]
names = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True),
                  st.sampled_from(KEYWORDS), st.sampled_from(["two words", "été", "9lives"]))
name_nodes = names.map(ast.Name)
# No NUL: a string literal cannot hold one (E100), so no tree holds one either.
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="`\0"),
                max_size=8)
paths = st.lists(name_nodes, min_size=1, max_size=3).map(lambda ns: ast.Path(tuple(ns)))
numbers = st.one_of(st.integers(0, 10**6).map(lambda n: ast.Literal("integer", str(n))),
                    st.decimals(0, 1000, places=2).map(lambda d: ast.Literal("decimal", str(d))))
literals = st.one_of(numbers, texts.map(lambda t: ast.Literal("text", t)),
                     st.booleans().map(lambda b: ast.Literal("boolean", b)),
                     st.just(ast.Literal("null", None)),
                     st.just(ast.Literal("date", "2026-01-31")))
durations = st.builds(ast.Duration, st.integers(0, 400),
                      st.sampled_from(["minute", "hour", "day", "week", "month", "year"]))


def _compound(inner):
    comparison_ops = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])
    return st.one_of(
        st.builds(ast.Binary, st.sampled_from(["and", "or", "+", "-", "*", "/"]), inner, inner),
        st.builds(ast.Binary, comparison_ops, inner, inner),
        st.builds(ast.Unary, st.sampled_from(["not", "-"]), inner),
        st.builds(ast.InList, inner, st.lists(inner, min_size=1, max_size=3).map(tuple),
                  st.booleans()),
        st.builds(ast.Between, inner, inner, inner),
        st.builds(ast.IsNull, inner, st.booleans()),
        st.builds(ast.TextMatch, st.sampled_from(["contains", "starts with", "like"]), inner,
                  inner),
        st.builds(ast.RelativeTime, inner, st.sampled_from(["last", "next"]), durations),
        st.builds(ast.Exists, paths, st.one_of(st.none(), inner)),
        st.builds(ast.Aggregate, st.sampled_from(["count", "sum"]), paths,
                  st.one_of(st.none(), inner)),
        st.builds(ast.Call, name_nodes, st.lists(inner, max_size=2).map(tuple)),
    )


expressions = st.recursive(st.one_of(paths, literals, durations), _compound, max_leaves=12)


@st.composite
def programs(draw) -> ast.Module:
    dimension = ast.Dimension(draw(name_nodes), None, (
        ast.Source((draw(name_nodes), ast.Text(draw(texts)))),
        ast.Key((draw(name_nodes),)),
        ast.Attribute(draw(name_nodes), draw(name_nodes), draw(st.none() | texts.map(ast.Text))),
        ast.Mapping(draw(name_nodes), draw(paths)),
        ast.Link(*(draw(name_nodes) for _ in range(5)))))
    steps = [ast.Target(draw(name_nodes)), *(ast.Filter(e) for e in draw(
        st.lists(expressions, min_size=1, max_size=3)))]
    steps.append(ast.Enrich((ast.Assignment(draw(name_nodes), draw(expressions)),)))
    steps.append(ast.Dedup((draw(expressions),), None,
                           (ast.OrderItem(draw(expressions), draw(st.booleans())),)))
    steps.append(ast.Save(ast.Text(draw(texts)), draw(name_nodes),
                          (ast.SaveItem(draw(paths), draw(st.none() | name_nodes)),)))
    campaign = ast.Campaign(ast.Text(draw(texts)), (ast.Status(draw(name_nodes)), *steps))
    return ast.Module("x.camp", (dimension, campaign))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_printing_any_tree_parses_back_to_the_same_tree(module):
    text = format_module(module)

    assert parse_module(text, "x.camp")[0] == module
    assert format_source(text).text == text


def test_one_line_segments_and_otherwise_format_once():
    text = ('campaign "s" {\n  target recipients\n  split {\n'
            '    segment "a" where opted_in { save audience "x" map CRMID }\n'
            '    otherwise { save audience "y" map CRMID }\n  }\n}\n')
    once = format_source(text, "s.camp").text

    assert format_source(once, "s.camp").text == once
    assert "}\n    otherwise {" in once


def test_a_blank_line_before_otherwise_is_kept():
    text = ('campaign "s" {\n  target recipients\n  split {\n'
            '    segment "a" where opted_in { save audience "x" map CRMID }\n\n'
            '    otherwise { save audience "y" map CRMID }\n  }\n}\n')

    assert "}\n\n    otherwise {" in format_source(text, "s.camp").text


def test_the_examples_are_in_canonical_layout():
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert main(["fmt", "--check", str(examples)]) == 0


def test_a_device_is_refused_rather_than_read(capsys):
    assert main(["fmt", "--check", "/dev/zero"]) == 2
    assert "not a file or folder" in capsys.readouterr().err
