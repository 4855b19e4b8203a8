"""Lark's syntax errors → E100 diagnostics in the language's own words.

Lark reports what it expected as terminal names (`NAME`, `LBRACE`, `$END`); an analyst should
read "a name", `{` and "the end of the file" instead, and be told about the usual slips
(single quotes, `==`, a misspelled keyword) in so many words.
"""

from __future__ import annotations

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from dsl.ast import Span
from dsl.diagnostics import Diagnostic, closest, error

_WORDS = {
    "NAME": "a name",
    "QUOTED_NAME": "a name",
    "STRING": "a string",
    "NUMBER": "a number",
    "UNIT": "a unit (`days`, `weeks`, `months`, ...)",
    "COMPARE": "a comparison (`=`, `!=`, `<`, ...)",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*` or `/`",
    "AGGREGATE": "`count`, `sum`, `avg`, `min` or `max`",
    "COMBINE_KIND": "`union`, `intersect` or `exclude`",
    "DIRECTION": "`asc` or `desc`",
    "TYPED": "`date` or `timestamp`",
    "WINDOW": "`last` or `next`",
    "$END": "the end of the file",
}

_KEYWORD_TEXT = {
    "AGGREGATE": ("count", "sum", "avg", "min", "max"),
    "COMBINE_KIND": ("union", "intersect", "exclude"),
    "DIRECTION": ("asc", "desc"),
    "TYPED": ("date", "timestamp"),
    "WINDOW": ("last", "next"),
}

_STEPS = {"TARGET", "READ", "FILTER", "COMBINE_KIND", "ENRICH", "CHANGE", "DEDUP", "LIMIT",
          "SPLIT", "SAVE"}
_EXPRESSION_STARTS = {"NAME", "QUOTED_NAME", "NUMBER", "STRING", "TRUE", "FALSE", "NULL",
                      "TYPED", "AGGREGATE", "EXISTS", "NOT", "ADD_OP", "LPAR"}
_OPERATORS = {"EQUAL", "COMPARE", "ADD_OP", "MUL_OP", "AND", "OR", "IN", "IS", "BETWEEN", "CONTAINS",
              "STARTS", "ENDS", "LIKE", "NOT"}


def describe_syntax_error(exc: UnexpectedInput, source: str, path: str) -> Diagnostic:
    """The E100 diagnostic for one Lark syntax error."""
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source, path)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        return _unexpected_token(exc, source, path)
    return _unexpected_end(exc, source, path)


def _unexpected_character(exc: UnexpectedCharacters, source: str, path: str) -> Diagnostic:
    char = exc.char
    span = Span(path, exc.line, exc.column, exc.line, exc.column + 1)
    if char == "'":
        end = source.find("'", exc.pos_in_stream + 1)
        newline = source.find("\n", exc.pos_in_stream)
        if end != -1 and (newline == -1 or end < newline):
            span = Span(path, exc.line, exc.column, exc.line,
                        exc.column + end - exc.pos_in_stream + 1)
        return error("E100", "strings use double quotes", span,
                     hint='write "..." instead of \'...\'')
    if char == '"':
        return error("E100", "unterminated string", span,
                     hint='close the string with `"` on the same line')
    if char == "`":
        return error("E100", "unterminated quoted name", span,
                     hint="close the name with a backtick on the same line")
    shown = _show_char(char)
    word = _word_at(source, exc.pos_in_stream)
    if word:
        return _unexpected_word(word, exc.allowed or set(), path, exc.line, exc.column)
    return error("E100", f"unexpected character {shown}", span,
                 hint=_expected_hint(exc.allowed or set()))


def _unexpected_token(exc: UnexpectedToken, source: str, path: str) -> Diagnostic:
    token = exc.token
    expected = set(exc.accepts or exc.expected or ())
    if token.value == "=" and source[token.end_pos:token.end_pos + 1] == "=":
        span = Span(path, token.line, token.column - 1, token.line, token.column + 1)
        return error("E100", "`==` is not an operator", span, hint="use `=` to compare")
    if token.type in ("NAME", "QUOTED_NAME") or token.value.isidentifier():
        return _unexpected_word(token.value, expected, path, token.line, token.column)
    span = Span(path, token.line, token.column, token.end_line, token.end_column)
    return error("E100", f"unexpected `{token.value}`", span, hint=_expected_hint(expected))


def _unexpected_word(word: str, expected: set[str], path: str, line: int,
                     column: int) -> Diagnostic:
    span = Span(path, line, column, line, column + len(word))
    keywords = _keywords_of(expected)
    match = closest(word, keywords) if keywords else None
    hint = f"did you mean `{match}`?" if match else _expected_hint(expected)
    return error("E100", f"unexpected `{word}`", span, hint=hint)


def _unexpected_end(exc: UnexpectedInput, source: str, path: str) -> Diagnostic:
    lines = source.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    line, column = len(lines), len(lines[-1]) + 1
    expected = set(getattr(exc, "accepts", None) or getattr(exc, "expected", None) or ())
    return error("E100", "unexpected end of file", Span(path, line, column, line, column + 1),
                 hint=_expected_hint(expected))


def _expected_hint(expected: set[str]) -> str | None:
    """'expected a name or `{`', grouping the steps and the expression starts."""
    expected = set(expected)
    phrases = []
    if len(expected & _STEPS) >= 5:
        expected -= _STEPS
        phrases.append("a step (`target`, `filter`, `save`, ...)")
    if len(expected & _EXPRESSION_STARTS) >= 6:
        expected -= _EXPRESSION_STARTS
        phrases.append("an expression")
    if len(expected & _OPERATORS) >= 6:
        expected -= _OPERATORS
        phrases.append("an operator")
    phrases.extend(sorted({_describe(name) for name in expected}))
    if not phrases:
        return None
    if len(phrases) == 1:
        return f"expected {phrases[0]}"
    return "expected " + ", ".join(phrases[:-1]) + " or " + phrases[-1]


def _describe(terminal: str) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    from dsl.parse import terminal_patterns

    text = terminal_patterns().get(terminal)
    return f"`{text}`" if text else terminal.lower()


def _keywords_of(expected: set[str]) -> list[str]:
    from dsl.parse import terminal_patterns

    patterns = terminal_patterns()
    words = []
    for name in expected:
        if name in _KEYWORD_TEXT:
            words.extend(_KEYWORD_TEXT[name])
        elif name in patterns and patterns[name].isidentifier():
            words.append(patterns[name])
    return words


def _word_at(source: str, pos: int) -> str:
    end = pos
    while end < len(source) and (source[end].isalnum() or source[end] == "_"):
        end += 1
    return source[pos:end] if end > pos and source[pos].isalpha() else ""


def _show_char(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"`{char}`"
    return f"U+{ord(char):04X}"
