"""The terminal renderer: long lines, tabs, wide characters and colour."""

from __future__ import annotations

import io

from dsl.ast import Span
from dsl.diagnostics import error
from dsl.render import HumanRenderer, use_colour


def _render(line: str, column: int, width: int, colour: bool = False) -> list[str]:
    span = Span("f.camp", 1, column, 1, column + width)
    renderer = HumanRenderer({"f.camp": line + "\n"}, colour=colour)
    return renderer.render(error("E201", "unknown", span, hint="fix")).split("\n")


def _caret_column(lines: list[str]) -> int:
    source, carets = lines[3], lines[4]
    return carets.index("^") - source.index("|")


def test_a_long_line_is_cut_around_the_span_and_the_carets_follow():
    line = "x" * 100_000 + " target " + "y" * 100_000
    lines = _render(line, 100_002, 6)

    source = lines[3]
    assert len(source) < 300
    assert source.split("| ", 1)[1].startswith("…") and source.endswith("…")
    start = _caret_column(lines)
    assert source[source.index("|") + start:][:6] == "target"


def test_tabs_are_expanded_but_columns_count_characters():
    lines = _render("\tfilter\tcontry = 1", 9, 6)

    assert "\t" not in lines[3]
    start = _caret_column(lines)
    assert lines[3][lines[3].index("|") + start:][:6] == "contry"
    assert "f.camp:1:9" in lines[1]


def test_wide_characters_take_two_columns():
    lines = _render('"日本" contry', 6, 6)

    start = _caret_column(lines)
    assert lines[4][lines[4].index("|") + start:].startswith("^^^^^^ fix")
    assert lines[3].index("contry") - lines[3].index("|") == start - 2


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal()) is True
    assert use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Terminal()) is False
    assert "\x1b[" in "\n".join(_render("contry", 1, 6, colour=True))
    assert "\x1b[" not in "\n".join(_render("contry", 1, 6, colour=False))
