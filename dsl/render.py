"""Renderers of diagnostics: the terminal (SPEC §9) and JSON.

All of them read the same `Diagnostic`; positions inside are 1-based code points, and only
the terminal renderer turns them into display columns (tabs expanded, wide characters
counted twice).
"""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Iterable, TextIO

from dsl.diagnostics import ERROR, WARNING, Diagnostic

TAB_WIDTH = 4

_STYLES = {"error": "1;31", "warning": "1;33", "info": "1;36", "gutter": "1;34",
           "bold": "1", "note": "1;36"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class HumanRenderer:
    def __init__(self, sources: dict[str, str], colour: bool = False):
        self.sources = sources
        self.colour = colour
        self._lines: dict[str, list[str]] = {}

    def render(self, diagnostic: Diagnostic) -> str:
        span = diagnostic.span
        related_lines = [r.span.line for r in diagnostic.related]
        width = len(str(max([span.line, *related_lines]))) + 1
        severity = self._paint(diagnostic.severity, f"{diagnostic.severity}[{diagnostic.code}]")
        out = [f"{severity}{self._paint('bold', ': ' + diagnostic.message)}"]
        if not span.file:
            # A failure of the run as a whole (a database that cannot be opened): no place.
            if diagnostic.hint:
                out.append(f"  {self._paint('gutter', '=')} help: {diagnostic.hint}")
            return "\n".join(out)
        out.append(f"{' ' * width}{self._paint('gutter', '-->')} "
                   f"{span.file}:{span.line}:{span.column}")
        out.extend(self._snippet(span, diagnostic.hint, "^", diagnostic.severity, width))
        for related in diagnostic.related:
            r = related.span
            out.append(f"{' ' * width}{self._paint('gutter', ':::')} "
                       f"{r.file}:{r.line}:{r.column}")
            out.extend(self._snippet(r, related.message, "-", "note", width))
        return "\n".join(out)

    def _snippet(self, span, label: str | None, mark: str, style: str, width: int) -> list[str]:
        bar = self._paint("gutter", " " * (width + 1) + "|")
        text = self._line(span.file, span.line)
        if text is None:
            return [f"{bar} {self._paint(style, label)}"] if label else []
        shown, start, end = _display(text, span)
        underline = " " * start + mark * max(1, end - start)
        tail = f" {label}" if label else ""
        number = self._paint("gutter", str(span.line).rjust(width) + " |")
        return [bar, f"{number} {shown}".rstrip(), f"{bar} {self._paint(style, underline + tail)}"]

    def _line(self, file: str, line: int) -> str | None:
        if file not in self._lines:
            text = self.sources.get(file)
            if text is None:
                text = _read(file)
            self._lines[file] = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n") \
                if text is not None else []
        lines = self._lines[file]
        return lines[line - 1] if 0 < line <= len(lines) else None

    def _paint(self, style: str, text: str) -> str:
        if not self.colour or not text:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def _read(file: str) -> str | None:
    """A file that is not a source (camp.toml), read only to show the line it is about."""
    try:
        with open(file, encoding="utf-8", errors="replace") as stream:
            return stream.read()
    except OSError:
        return None


def _display(text: str, span) -> tuple[str, int, int]:
    """The line as shown, and the display columns where the span starts and ends."""
    shown = []
    starts = []
    column = 0
    for char in text:
        starts.append(column)
        if char == "\t":
            step = TAB_WIDTH - column % TAB_WIDTH
            shown.append(" " * step)
        else:
            printable = char.isprintable()
            step = _width(char) if printable else 1
            shown.append(char if printable else "\ufffd")
        column += step
    starts.append(column)
    first = min(max(span.column - 1, 0), len(text))
    last = len(text) if span.end_line != span.line else min(max(span.end_column - 1, first),
                                                             len(text))
    end = starts[last] if last > first else starts[first] + 1
    return "".join(shown), starts[first], end


def _width(char: str) -> int:
    """Display columns of one character: combining marks take none, wide ones two."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    diagnostics = list(diagnostics)
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = sum(d.severity == WARNING for d in diagnostics)
    noun = "file" if files == 1 else "files"
    if not errors and not warnings:
        return f"no problems in {files} {noun}"
    parts = []
    if errors:
        parts.append(f"{errors} error" + ("s" if errors != 1 else ""))
    if warnings:
        parts.append(f"{warnings} warning" + ("s" if warnings != 1 else ""))
    return " and ".join(parts) + f" in {files} {noun}"


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    """SPEC §9: a JSON array, one object per diagnostic."""
    return json.dumps([_json_object(d) for d in diagnostics], indent=2, ensure_ascii=False)


def _json_object(diagnostic: Diagnostic) -> dict:
    span = diagnostic.span
    result = {
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }
    if diagnostic.hint:
        result["hint"] = diagnostic.hint
    result["related"] = [
        {"file": r.span.file, "line": r.span.line, "column": r.span.column,
         "message": r.message}
        for r in diagnostic.related
    ]
    return result
