"""Positions between the language (1-based lines, 1-based code-point columns) and the
protocol (0-based lines, 0-based columns in the negotiated encoding: UTF-16 unless the
client offers UTF-8 or UTF-32). Converted here only, at the boundary."""

from __future__ import annotations

from lsprotocol import types

from dsl.ast import Span


def _units(char: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(char.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf16:
        return 2 if ord(char) > 0xFFFF else 1
    return 1


def to_client_column(line_text: str, column: int, encoding: str) -> int:
    """A 1-based code-point column as a 0-based column in the client's units."""
    return sum(_units(char, encoding) for char in line_text[:column - 1])


def from_client_column(line_text: str, character: int, encoding: str) -> int:
    """A 0-based column in the client's units as a 1-based code-point column (a position
    inside a character counts as that character)."""
    units = 0
    for index, char in enumerate(line_text):
        if units >= character:
            return index + 1
        units += _units(char, encoding)
    return len(line_text) + 1


class Lines:
    """A document's lines, for converting positions in it."""

    def __init__(self, text: str, encoding: str):
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.encoding = encoding

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        character = to_client_column(self.line(line), column, self.encoding)
        return types.Position(line=max(line - 1, 0), character=character)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.line, span.column),
                           end=self.position(span.end_line, span.end_column))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        line = position.line + 1
        return line, from_client_column(self.line(line), position.character, self.encoding)
