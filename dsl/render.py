"""Renderers of diagnostics: the terminal (SPEC §9), JSON, SARIF 2.1.0 and GitHub annotations.

All of them read the same `Diagnostic`; positions inside are 1-based code points, and only
the terminal renderer turns them into display columns (tabs expanded, wide characters
counted twice).
"""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Iterable, TextIO

from dsl.diagnostics import ERROR, INFO, WARNING, Diagnostic

TAB_WIDTH = 4
MAX_SHOWN = 200  # characters of a source line shown around a span

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
        text, span = _window(text, span)
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


def _window(text: str, span) -> tuple[str, object]:
    """A long line cut to the part around the span, marked with `…`, and the span moved."""
    if len(text) <= MAX_SHOWN:
        return text, span
    first = max(span.column - 1 - MAX_SHOWN // 4, 0)
    last = min(first + MAX_SHOWN, len(text))
    prefix = "…" if first else ""
    suffix = "…" if last < len(text) else ""
    column = span.column - first + len(prefix)
    end = span.end_column - first + len(prefix) if span.end_line == span.line else last + 1
    end = min(end, last - first + len(prefix) + 1)
    moved = span._replace(column=column, end_column=end, end_line=span.line)
    return prefix + text[first:last] + suffix, moved


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


# ---------------------------------------------------------------------------- SARIF


SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
_SARIF_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}


def to_sarif(diagnostics: Iterable[Diagnostic]) -> str:
    """SARIF 2.1.0: one run of the `camp` tool, its rules taken from the code registry."""
    from dsl.diagnostics import CODES, code_page, page_severity

    diagnostics = list(diagnostics)
    rules = []
    for code, title in CODES.items():
        page = code_page(code) or ""
        rules.append({
            "id": code,
            "name": "".join(word.capitalize() for word in title.replace(",", "").split()),
            "shortDescription": {"text": title},
            "fullDescription": {"text": _page_section(page, "What it means") or title},
            "help": {"text": _page_section(page, "How to fix it") or title, "markdown": page},
            "defaultConfiguration": {"level": _SARIF_LEVELS[page_severity(page)]},
        })
    index = {code: number for number, code in enumerate(CODES)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "camp", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": [_sarif_result(d, index) for d in diagnostics],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _sarif_result(diagnostic: Diagnostic, index: dict[str, int]) -> dict:
    message = diagnostic.message + (f"\n{diagnostic.hint}" if diagnostic.hint else "")
    result = {
        "ruleId": diagnostic.code,
        "level": _SARIF_LEVELS[diagnostic.severity],
        "message": {"text": message},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    if diagnostic.span.file:
        result["locations"] = [_sarif_location(diagnostic.span)]
    related = [r for r in diagnostic.related if r.span.file]
    if related:
        result["relatedLocations"] = [
            {"id": number, **_sarif_location(r.span), "message": {"text": r.message}}
            for number, r in enumerate(related)]
    return result


def _sarif_location(span) -> dict:
    region = {"startLine": max(span.line, 1), "startColumn": max(span.column, 1)}
    if (span.end_line, span.end_column) >= (span.line, span.column):
        region["endLine"] = max(span.end_line, 1)
        region["endColumn"] = max(span.end_column, 1)
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(span.file)},
                                 "region": region}}


def _uri(file: str) -> str:
    from urllib.parse import quote

    return quote(file.replace(os.sep, "/"), safe="/:")


def _page_section(page: str, heading: str) -> str | None:
    marker = f"## {heading}\n\n"
    start = page.find(marker)
    if start == -1:
        return None
    start += len(marker)
    end = page.find("\n## ", start)
    return page[start:end if end != -1 else len(page)].strip()


# ---------------------------------------------------------------------------- GitHub


_GITHUB_COMMANDS = {ERROR: "error", WARNING: "warning", INFO: "notice"}


def to_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one `::error file=...::message` line each."""
    return "".join(_github_line(d) + "\n" for d in diagnostics)


def _github_line(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    properties = []
    if span.file:
        properties += [("file", span.file), ("line", span.line), ("col", span.column)]
        if (span.end_line, span.end_column) >= (span.line, span.column):
            properties += [("endLine", span.end_line), ("endColumn", span.end_column)]
    properties.append(("title", diagnostic.code))
    text = ",".join(f"{name}={_escape_property(str(value))}" for name, value in properties)
    message = diagnostic.message + (f"\n{diagnostic.hint}" if diagnostic.hint else "")
    return f"::{_GITHUB_COMMANDS[diagnostic.severity]} {text}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """The escapes of a workflow command's message (what follows `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value also escapes `:` and `,`, which separate the properties."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_as(format_name: str, diagnostics: Iterable[Diagnostic]) -> str:
    """The diagnostics in one of the machine formats: json, sarif or github."""
    renderers = {"json": to_json, "sarif": to_sarif, "github": to_github}
    text = renderers[format_name](list(diagnostics))
    return text if text.endswith("\n") or not text else text + "\n"
