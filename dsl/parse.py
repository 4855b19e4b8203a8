"""Text → AST. The Lark LALR parser builds AST nodes directly through its transformer.

The transformer only builds nodes; it never checks meaning. Syntax errors become E100
diagnostics worded in the language's own terms (see `dsl.syntax_errors`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path as FsPath

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.syntax_errors import Recovery

log = logging.getLogger(__name__)

MAX_NESTING = 512
_NESTING = (ast.Unary, ast.Binary, ast.InList, ast.Between, ast.IsNull, ast.TextMatch,
            ast.RelativeTime, ast.Exists, ast.Aggregate, ast.Call, ast.Combine, ast.Split,
            ast.Segment)

_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|.)")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def grammar_path() -> FsPath:
    """The grammar file: beside the packages in a checkout, inside `dsl/` in a wheel."""
    here = FsPath(__file__).resolve().parent
    for candidate in (here.parent / "grammar" / "camp.lark", here / "_grammar" / "camp.lark"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("grammar/camp.lark is missing from the installation")


@lru_cache(maxsize=1)
def _parser() -> tuple[Lark, _Builder]:
    builder = _Builder()
    parser = Lark.open(
        str(grammar_path()),
        parser="lalr",
        lexer="contextual",
        transformer=builder,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": builder.comment},
        cache=True,
    )
    return parser, builder


def terminal_patterns() -> dict[str, str]:
    """Terminal name → its literal text, for keywords and punctuation (used by messages)."""
    parser, _ = _parser()
    return {t.name: t.pattern.value for t in parser.terminals if t.pattern.type == "str"}


def accepted_before(source: str, pos: int) -> set[str]:
    """The terminals the parser would accept at `pos`, given the text before it.

    Lark's lexer error only knows what its LALR state may lex there, which merges the
    look-aheads of every context; the interactive parser knows what fits this one.
    """
    parser, _ = _parser()
    interactive = parser.parse_interactive(source[:pos])
    try:
        for _token in interactive.iter_parse():
            pass
        return set(interactive.accepts())
    except (LarkError, RecursionError):
        return set()


def parse_module(text: str, path: str) -> tuple[ast.Module | None, list[Diagnostic]]:
    """Parse one file's text. Returns the module, or None and the syntax errors."""
    parser, builder = _parser()
    source = normalize_source(text)
    builder.begin(path)
    recovery = Recovery(source, path)
    try:
        items = parser.parse(source, on_error=recovery)
    except UnexpectedInput as exc:
        return None, recovery.give_up(exc)
    except (LarkError, RecursionError) as exc:
        log.debug("parser gave up on %s: %r", path, exc)
        span = ast.Span(path, 1, 1, 1, 2)
        return None, [error("E100", "this file could not be parsed", span,
                            hint="the nesting is too deep; split the expression")]
    problems = builder.finish()
    if recovery.problems:
        # The tree around a skipped error is incomplete: checking it would only add noise.
        return None, recovery.problems + problems
    end = _end_span(source, path)
    module = ast.Module(path, tuple(items), ast.Span(path, 1, 1, end.line, end.column))
    too_deep = _too_deep(module)
    if too_deep is not None:
        return None, [error(
            "E100", f"nested too deeply (more than {MAX_NESTING} levels)", too_deep,
            hint="split it into several steps, or use `in (...)` for a list of values")]
    return module, problems


def parse_with_comments(text: str, path: str) -> tuple[
        ast.Module | None, list[Diagnostic], list[tuple[int, int, str]]]:
    """`parse_module`, plus the file's comments as (line, column, text) in source order.

    The AST keeps no comments; the formatter needs them to put them back.
    """
    module, problems = parse_module(text, path)
    _, builder = _parser()
    comments = [(token.line, token.column, token.value.rstrip()) for token in builder.comments]
    return module, problems, comments


def _too_deep(module: ast.Module) -> ast.Span | None:
    """The outermost construct nesting more than MAX_NESTING levels, if any.

    Every later stage walks the tree recursively; a limit here keeps them all within
    Python's stack, whatever the input.
    """
    stack = [(item, 0, None) for item in module.items]
    while stack:
        node, depth, outermost = stack.pop()
        if isinstance(node, tuple):
            stack.extend((child, depth, outermost) for child in node)
            continue
        if not is_dataclass(node):
            continue
        if isinstance(node, _NESTING):
            depth += 1
            outermost = outermost or node.span
            if depth > MAX_NESTING:
                return outermost
        stack.extend((getattr(node, f.name), depth, outermost) for f in fields(node)
                     if f.name != "span")
    return None


def normalize_source(text: str) -> str:
    """Drop a byte-order mark and turn CRLF into LF; columns are unchanged by either."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def _end_span(source: str, path: str) -> ast.Span:
    lines = source.split("\n")
    return ast.Span(path, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 1)


def _span(first, last=None) -> ast.Span:
    """The span from the start of `first` to the end of `last`; each a token or a node."""
    start = _position(first)
    if last is None or last is first:
        return start
    end = _position(last)
    return _Span(start.file, start.line, start.column, end.end_line, end.end_column)


def _position(item) -> ast.Span:
    if type(item) is Token:
        return _Span(_Builder.current_file, item.line, item.column, item.end_line,
                     item.end_column)
    return item.span


_Span = ast.Span


class _Builder(Transformer):
    """Lark callbacks, one per rule or alias, each returning an AST node."""

    current_file = ""

    def __init__(self):
        super().__init__()
        self.begin("")

    def begin(self, path: str) -> None:
        _Builder.current_file = path
        self.problems: list[Diagnostic] = []
        self.comments: list[Token] = []

    def comment(self, token: Token) -> Token:
        """Lexer callback: comments are ignored by the grammar but kept for the formatter."""
        self.comments.append(token)
        return token

    def finish(self) -> list[Diagnostic]:
        return self.problems

    # ------------------------------------------------------------------ leaves

    def start(self, items):
        return items

    def name(self, children):
        token = children[0]
        text = token.value[1:-1] if token.type == "QUOTED_NAME" else token.value
        return ast.Name(text, _span(token))

    def text(self, children):
        token = children[0]
        return ast.Text(self._unescape(token), _span(token))

    def _unescape(self, token: Token) -> str:
        def replace(match: re.Match) -> str:
            escape = match.group(1)
            if escape in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[escape]
            if escape.startswith("u{"):
                code = int(escape[2:-1], 16)
                # NUL ends a string in several engines' C APIs: no literal may hold one.
                if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    return chr(code)
            self._bad_escape(token, match)
            return match.group(0)

        if "\0" in token.value:
            self.problems.append(error(
                "E100", "a string cannot hold the NUL character", _span(token),
                hint="remove the invisible NUL character from the string"))
        return _ESCAPE.sub(replace, token.value[1:-1])

    def _bad_escape(self, token: Token, match: re.Match) -> None:
        column = token.column + 1 + match.start()
        span = ast.Span(_Builder.current_file, token.line, column, token.line,
                        column + len(match.group(0)))
        self.problems.append(error(
            "E100", f"unknown escape `{match.group(0)}` in a string", span,
            hint='the escapes are \\", \\\\, \\n, \\t and \\u{1F600}'))

    # ------------------------------------------------------------------ dimensions

    def dimension(self, children):
        keyword, name, *rest, end = children
        title = rest.pop(0) if rest and isinstance(rest[0], ast.Text) else None
        return ast.Dimension(name, title, tuple(rest), _span(keyword, end))

    def source(self, children):
        keyword, *parts = children
        return ast.Source(tuple(parts), _span(keyword, parts[-1]))

    def key(self, children):
        keyword, *names = children
        return ast.Key(tuple(names), _span(keyword, names[-1]))

    def mapping(self, children):
        keyword, name, _equal, path = children
        return ast.Mapping(name, path, _span(keyword, path))

    def attribute(self, children):
        name, type_name, *column = children
        text = column[1] if column else None
        return ast.Attribute(name, type_name, text, _span(name, children[-1]))

    def link(self, children):
        keyword, name, _to, cardinality, target, _on, local, _equal, remote = children
        return ast.Link(name, cardinality, target, local, remote, _span(keyword, remote))

    # ------------------------------------------------------------------ campaigns

    def campaign(self, children):
        keyword, name, *members, end = children
        return ast.Campaign(name, tuple(members), _span(keyword, end))

    def status(self, children):
        return ast.Status(children[1], _span(children[0], children[1]))

    def description(self, children):
        return ast.Description(children[1], _span(children[0], children[1]))

    def target(self, children):
        return ast.Target(children[1], _span(children[0], children[1]))

    def read_audience(self, children):
        return ast.ReadAudience(children[2], _span(children[0], children[2]))

    def filter(self, children):
        return ast.Filter(children[1], _span(children[0], children[1]))

    def combine(self, children):
        keyword, (steps, end) = children
        return ast.Combine(keyword.value, steps, _span(keyword, end))

    def block(self, children):
        *steps, end = children
        return tuple(steps), end

    def enrich(self, children):
        keyword, *assignments, end = children
        return ast.Enrich(tuple(assignments), _span(keyword, end))

    def assignment(self, children):
        name, _equal, value = children
        return ast.Assignment(name, value, _span(name, value))

    def change_dimension(self, children):
        keyword, _dimension, _to, target, *via = children
        via_name = via[1] if via else None
        return ast.ChangeDimension(target, via_name, _span(keyword, children[-1]))

    def dedup(self, children):
        keyword, _by, *rest = children
        order = rest.pop() if rest and isinstance(rest[-1], list) else []
        keep = None
        if len(rest) >= 2 and isinstance(rest[-2], Token) and rest[-2].type == "KEEP":
            keep = self._number(rest.pop())
            rest.pop()
        last = order[-1] if order else (keep or rest[-1])
        return ast.Dedup(tuple(rest), keep, tuple(order), _span(keyword, last))

    def limit(self, children):
        keyword, count, *rest = children
        order = rest.pop() if rest and isinstance(rest[-1], list) else []
        percent = bool(rest)
        last = order[-1] if order else (rest[-1] if rest else count)
        return ast.Limit(self._number(count), percent, tuple(order), _span(keyword, last))

    def order_by(self, children):
        return list(children[2:])

    def order_item(self, children):
        expr, *direction = children
        descending = bool(direction) and direction[0].value == "desc"
        return ast.OrderItem(expr, descending, _span(expr, children[-1]))

    def split(self, children):
        keyword, *rest, end = children
        overlap = bool(rest) and isinstance(rest[0], Token) and rest[0].type == "OVERLAP"
        if overlap:
            rest = rest[1:]
        otherwise = None
        if rest and isinstance(rest[-1], tuple) and rest[-1][0] == "otherwise":
            otherwise = rest.pop()[1]
        return ast.Split(overlap, tuple(rest), otherwise, _span(keyword, end))

    def segment(self, children):
        keyword, label, _where, condition, *rest = children
        steps, end = rest.pop()
        limit = rest[0] if rest else None
        return ast.Segment(label, condition, limit, steps, _span(keyword, end))

    def otherwise(self, children):
        steps, _end = children[1]
        return ("otherwise", steps)

    def save(self, children):
        keyword, _audience, label, _map, mapping, *rest = children
        items = tuple(item for item in rest if isinstance(item, ast.SaveItem))
        return ast.Save(label, mapping, items, _span(keyword, children[-1]))

    def save_item(self, children):
        path, *alias = children
        alias_name = alias[1] if alias else None
        return ast.SaveItem(path, alias_name, _span(path, children[-1]))

    # ------------------------------------------------------------------ expressions

    def binary(self, children):
        left, op, right = children
        return ast.Binary(op.value, left, right, _span(left, right))

    def unary(self, children):
        op, operand = children
        return ast.Unary(op.value, operand, _span(op, operand))

    def exists(self, children):
        keyword, link, *where = children
        condition = where[1] if where else None
        return ast.Exists(link, condition, _span(keyword, children[-1]))

    def in_list(self, children):
        operand, *rest = children
        negated = rest[0].type == "NOT"
        items = tuple(rest[2:] if negated else rest[1:])
        return ast.InList(operand, items, negated, _span(operand, items[-1]))

    def between(self, children):
        operand, _between, low, _and, high = children
        return ast.Between(operand, low, high, _span(operand, high))

    def is_null(self, children):
        operand, *rest = children
        return ast.IsNull(operand, len(rest) == 3, _span(operand, rest[-1]))

    def text_match(self, children):
        operand, *words, pattern = children
        op = " ".join(word.value for word in words)
        return ast.TextMatch(op, operand, pattern, _span(operand, pattern))

    def relative_time(self, children):
        operand, _in, window, amount, unit = children
        duration = self.duration([amount, unit])
        return ast.RelativeTime(operand, window.value, duration, _span(operand, unit))

    def duration(self, children):
        amount, unit = children
        digits = amount.value.replace("_", "")
        if "." in digits:
            self.problems.append(error(
                "E100", f"a duration takes a whole number, not `{amount.value}`",
                _span(amount), hint="write the duration in a smaller unit, e.g. `36 hours`"))
            digits = digits.split(".")[0]
        return ast.Duration(int(digits), _singular(unit.value), _span(amount, unit))

    def path(self, children):
        return ast.Path(tuple(children), _span(children[0], children[-1]))

    def call(self, children):
        function, *args = children
        end = args[-1] if args else function
        return ast.Call(function, tuple(args), _span(function, end))

    def aggregate(self, children):
        function, path, *where = children
        condition = where[1] if where else None
        return ast.Aggregate(function.value, path, condition,
                             _span(function, children[-1]))

    def literal(self, children):
        token = children[-1]
        span = _span(children[0], token)
        if token.type == "NUMBER" and len(children) == 1:
            return self._number(token)
        if token.type == "STRING":
            value = self._unescape(token)
            kind = children[0].value if len(children) == 2 else "text"
            return ast.Literal(kind, value, span)
        if token.type == "NULL":
            return ast.Literal("null", None, span)
        return ast.Literal("boolean", token.type == "TRUE", span)

    def _number(self, token: Token) -> ast.Literal:
        digits = token.value.replace("_", "")
        kind = "decimal" if "." in digits else "integer"
        return ast.Literal(kind, digits, _span(token))


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") else unit
