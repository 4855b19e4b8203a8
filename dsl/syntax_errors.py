"""Lark's syntax errors → E100 diagnostics in the language's own words.

Lark reports what it expected as terminal names (`NAME`, `LBRACE`, `$END`); an analyst should
read "a name", `{` and "the end of the file" instead, and be told about the usual slips
(single quotes, `==`, a misspelled keyword) in so many words.
"""

from __future__ import annotations

import re

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
    "$END": "the end of the file",
}

_SYMBOLS = {"ADD_OP": ("+", "-"), "MUL_OP": ("*", "/")}

_KEYWORD_TEXT = {
    "AGGREGATE": ("count", "sum", "avg", "min", "max"),
    "COMBINE_KIND": ("union", "intersect", "exclude"),
    "DIRECTION": ("asc", "desc"),
    "TYPED": ("date", "timestamp"),
    "WINDOW": ("last", "next"),
}

# Characters of other languages that analysts type by habit.
_SLIPS = {
    ";": "steps need no separator; remove the `;`",
    "&": "write `and`",
    "|": "write `or`",
    "!": "write `not`, or `!=` to compare",
}

_UNITS = ("minute", "hour", "day", "week", "month", "year")

_STEPS = {"TARGET", "READ", "FILTER", "COMBINE_KIND", "ENRICH", "CHANGE", "DEDUP", "LIMIT",
          "SPLIT", "SAVE"}
_EXPRESSION_STARTS = {"NAME", "QUOTED_NAME", "NUMBER", "STRING", "TRUE", "FALSE", "NULL",
                      "TYPED", "AGGREGATE", "EXISTS", "NOT", "ADD_OP", "LPAR"}
_OPERATORS = {"EQUAL", "COMPARE", "ADD_OP", "MUL_OP", "AND", "OR", "IN", "IS", "BETWEEN",
              "CONTAINS", "STARTS", "ENDS", "LIKE", "NOT"}


MAX_ERRORS_PER_FILE = 50

# Where the parser may pick up again after an error: the words that begin a step, a member
# or a top-level item when they begin a line (elsewhere they may well be names), and `}`.
_SYNC_WORDS = {
    "campaign": "CAMPAIGN", "dimension": "DIMENSION", "status": "STATUS",
    "description": "DESCRIPTION", "target": "TARGET", "read": "READ", "filter": "FILTER",
    "union": "COMBINE_KIND", "intersect": "COMBINE_KIND", "exclude": "COMBINE_KIND",
    "enrich": "ENRICH", "change": "CHANGE", "dedup": "DEDUP", "limit": "LIMIT",
    "split": "SPLIT", "segment": "SEGMENT", "otherwise": "OTHERWISE", "save": "SAVE",
    "source": "SOURCE", "key": "KEY", "mapping": "MAPPING", "link": "LINK",
}
_SYNC = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|`[^`\n]*`|#[^\n]*|(?P<brace>\})'
    r"|(?:^|(?<=\n))[ \t]*(?P<word>[a-z]+)\b(?![ \t]*:)")


class Recovery:
    """Lark's `on_error` callback: report the error, skip to a place to resume, go on.

    Panic mode, as compilers have long done it: the text after the error is skipped up to
    the next `}` or the next line that begins with a step, member or top-level keyword, and
    the parser's stack is unwound until it accepts that token. One error per skipped stretch
    is reported, so a slip does not bring a cascade of follow-up errors.
    """

    def __init__(self, source: str, path: str):
        self.source = source
        self.path = path
        self.problems: list[Diagnostic] = []
        self._resumed_at = -1

    def __call__(self, exc: UnexpectedInput) -> bool:
        position = _error_position(exc)
        if position != self._resumed_at:
            self.problems.append(describe_syntax_error(exc, self.source, self.path))
        if len(self.problems) >= MAX_ERRORS_PER_FILE or _at_end(exc):
            return False
        return self._resume(exc, position)

    def give_up(self, exc: UnexpectedInput) -> list[Diagnostic]:
        """The diagnostics once the parser stops: the last error is already among them."""
        if not self.problems:
            self.problems.append(describe_syntax_error(exc, self.source, self.path))
        return self.problems

    def _resume(self, exc: UnexpectedInput, position: int) -> bool:
        parser_state = exc.interactive_parser.parser_state
        states = parser_state.parse_conf.parse_table.states
        stack, values = parser_state.state_stack, parser_state.value_stack
        start = position if position > self._resumed_at else position + 1
        for match in _SYNC.finditer(self.source, start):
            terminal = "RBRACE" if match.group("brace") else _SYNC_WORDS.get(match["word"] or "")
            if terminal is None:
                continue
            depth = len(stack)
            while depth > 1 and terminal not in states[stack[depth - 1]] \
                    and not _closes_a_block(values[depth - 2]):
                depth -= 1
            if terminal in states[stack[depth - 1]]:
                del stack[depth:]
                del values[depth - 1:]
                at = match.start("brace") if match.group("brace") else match.start("word")
                _move_lexer(exc.interactive_parser.lexer_thread.state, self.source, at)
                self._resumed_at = at
                return True
        return False


def _closes_a_block(value) -> bool:
    """A `}` already read: unwinding past it would reopen a block the text has closed."""
    return getattr(value, "type", None) == "RBRACE"


def _error_position(exc: UnexpectedInput) -> int:
    if isinstance(exc, UnexpectedToken):
        return exc.token.start_pos if exc.token.start_pos is not None else -1
    return exc.pos_in_stream


def _at_end(exc: UnexpectedInput) -> bool:
    return isinstance(exc, UnexpectedToken) and exc.token.type == "$END"


def _move_lexer(lexer_state, source: str, position: int) -> None:
    """Put Lark's lexer at `position` of the text, with its line and column."""
    counter = lexer_state.line_ctr
    counter.char_pos = position
    counter.line = source.count("\n", 0, position) + 1
    counter.line_start_pos = source.rfind("\n", 0, position) + 1
    counter.column = position - counter.line_start_pos + 1


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
    from dsl.parse import accepted_before

    expected = accepted_before(source, exc.pos_in_stream) or set(exc.allowed or ())
    if char.isalpha() and not char.isascii():
        return _non_ascii_name(source, exc.pos_in_stream, path, exc.line, exc.column)
    word = _word_at(source, exc.pos_in_stream)
    if word:
        return _unexpected_word(word, expected, path, exc.line, exc.column)
    return error("E100", f"unexpected character {_show_char(char)}", span,
                 hint=_SLIPS.get(char) or _expected_hint(expected))


def _non_ascii_name(source: str, pos: int, path: str, line: int, column: int) -> Diagnostic:
    start = pos
    while start > 0 and (source[start - 1].isalnum() or source[start - 1] == "_"):
        start -= 1
    end = pos
    while end < len(source) and (source[end].isalnum() or source[end] == "_"):
        end += 1
    word = source[start:end]
    first = column - (pos - start)
    return error("E100", f"`{word}` is not a plain name", Span(path, line, first, line,
                                                             first + len(word)),
                 hint=f"plain names use ASCII letters, digits and `_`; put this one in backticks: "
                      f"`{word}`")


def _unexpected_token(exc: UnexpectedToken, source: str, path: str) -> Diagnostic:
    token = exc.token
    expected = set(exc.accepts or exc.expected or ())
    if token.value == "=" and source[token.start_pos - 1:token.start_pos] == "=":
        # Lark takes the first `=` of `==` and stumbles on the second.
        span = Span(path, token.line, token.column - 1, token.line, token.column + 1)
        return error("E100", "`==` is not an operator", span, hint="use `=` to compare")
    span = Span(path, token.line, token.column, token.end_line, token.end_column)
    if expected == {"MAP"}:
        return _missing_map(exc, span)
    if token.type in _STEPS and expected <= {"CAMPAIGN", "DIMENSION", "$END"}:
        return error("E100", f"`{token.value}` outside a campaign", span,
                     hint='steps belong inside a campaign: `campaign "NAME" { target ... }`')
    if token.type in ("EQUAL", "COMPARE") and "AND" in expected:
        return error("E100", f"unexpected `{token.value}`", span,
                     hint="comparisons do not chain; join two of them with `and`")
    if token.type == "QUOTED_NAME":
        return _unexpected_quoted_name(token.value[1:-1], expected, span)
    if token.type == "NAME" or token.value.isidentifier():
        return _unexpected_word(token.value, expected, path, token.line, token.column)
    return error("E100", f"unexpected `{token.value}`", span, hint=_expected_hint(expected))


def _missing_map(exc: UnexpectedToken, found: Span) -> Diagnostic:
    """`save audience "L"` with no `map`: point just after the label, where `map` goes."""
    values = exc.interactive_parser.parser_state.value_stack if exc.interactive_parser else []
    label = values[-1].span if values and hasattr(values[-1], "span") else None
    span = (Span(found.file, label.end_line, label.end_column, label.end_line,
                 label.end_column + 1) if label else found)
    return error("E100", "`save audience` needs `map` and a mapping", span,
                 hint='name the identity the audience is saved with, e.g. '
                      '`save audience "Label" map CRMID`')


def _unexpected_quoted_name(name: str, expected: set[str], span: Span) -> Diagnostic:
    hint = (f"a name in backticks is never a keyword; write `{name}` without them"
            if name in _keywords_of(expected) else _expected_hint(expected))
    return error("E100", f"unexpected name `{name}`", span, hint=hint)


def _unexpected_word(word: str, expected: set[str], path: str, line: int,
                     column: int) -> Diagnostic:
    span = Span(path, line, column, line, column + len(word))
    keywords = _keywords_of(expected)
    # A word of the language out of place is not a typo of another keyword.
    match = closest(word, keywords) if keywords and not _is_keyword(word) else None
    if match in _UNITS and len(word) > len(match):
        match += "s"    # `dayz` was meant as `days`, not `day`
    hint = f"did you mean `{match}`?" if match else _expected_hint(expected)
    return error("E100", f"unexpected `{word}`", span, hint=hint)


def _is_keyword(word: str) -> bool:
    from dsl.parse import terminal_patterns

    words = {text for texts in _KEYWORD_TEXT.values() for text in texts}
    words.update(text for text in terminal_patterns().values() if text.isidentifier())
    return word in words or word.removesuffix("s") in _UNITS


def _unexpected_end(exc: UnexpectedInput, source: str, path: str) -> Diagnostic:
    lines = source.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    line, column = len(lines), len(lines[-1]) + 1
    expected = set(getattr(exc, "accepts", None) or getattr(exc, "expected", None) or ())
    opened = _unclosed_brace(source) if "RBRACE" in expected else None
    hint = (f"the `{{` of line {opened} is never closed; add `}}`" if opened
            else _expected_hint(expected))
    return error("E100", "unexpected end of file", Span(path, line, column, line, column + 1),
                 hint=hint)


def _unclosed_brace(source: str) -> int | None:
    """The line of the innermost `{` left open at the end, strings and comments skipped."""
    opened: list[int] = []
    for match in re.finditer(r'"(?:[^"\\\n]|\\.)*"|`[^`\n]*`|#[^\n]*|[{}]', source):
        if match.group() == "{":
            opened.append(source.count("\n", 0, match.start()) + 1)
        elif match.group() == "}" and opened:
            opened.pop()
    return opened[-1] if opened else None


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
    if len(expected & _OPERATORS) >= 4:
        expected -= _OPERATORS
        phrases.append("an operator")
    phrases.extend(sorted({phrase for name in expected for phrase in _describe(name)}))
    if not phrases:
        return None
    if len(phrases) == 1:
        return f"expected {phrases[0]}"
    return "expected " + ", ".join(phrases[:-1]) + " or " + phrases[-1]


def _describe(terminal: str) -> tuple[str, ...]:
    """How one terminal reads in a list of what was expected: one phrase per word."""
    if terminal in _WORDS:
        return (_WORDS[terminal],)
    words = _SYMBOLS.get(terminal) or _KEYWORD_TEXT.get(terminal)
    if words:
        return tuple(f"`{word}`" for word in words)
    from dsl.parse import terminal_patterns

    text = terminal_patterns().get(terminal)
    return (f"`{text}`" if text else terminal.lower(),)


def _keywords_of(expected: set[str]) -> list[str]:
    from dsl.parse import terminal_patterns

    patterns = terminal_patterns()
    words = [unit + plural for unit in _UNITS for plural in ("", "s")] if "UNIT" in expected \
        else []
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
