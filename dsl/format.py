"""AST → text in the one canonical layout of `camp fmt` (and of the editor's "format").

The layout:

* two spaces of indentation, one member or step per line, a blank line between top-level
  items; inside a block, a blank line the author left between two members is kept (at most
  one), none after `{` or before `}`;
* every construct on one line except blocks (`{ ... }`); a long `filter` stays on one line;
* parentheses only where the grammar needs them (the tree decides, not the input);
* strings re-escaped canonically (`\\"`, `\\\\`, `\\n`, `\\t`, other control characters as
  `\\u{..}`); names in backticks only where a plain name would not parse as that name
  (not an identifier, or a keyword where the parser could read it as one: after a keyword or
  a symbol only the keywords that fit there, after another name any keyword);
* numbers as written, underscores included (they group digits for the reader); durations
  with the unit in the plural unless the amount is 1 (`1 day`, `30 days`);
* comments kept: a comment alone on its line stays before the construct that followed it, at
  that construct's indentation; a comment after code stays at the end of that construct's
  line (two spaces before `#`).

The output parses to the same AST as the input (spans aside): `format_source` checks it and
refuses to rewrite a file otherwise, so a bug here can never change what a campaign means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dsl import ast
from dsl.diagnostics import Diagnostic, error
from dsl.parse import normalize_source, parse_module, parse_with_comments

INDENT = "  "
WIDTH = 100
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*)?\Z")

# Keywords a plain name would be read as, by where the name stands. The grammar's lexer is
# contextual: elsewhere (after `target`, `map`, `as`, a dot, ...) only a name can come, so
# any identifier is read as a name there.
_EXPRESSION_START = frozenset({
    "not", "exists", "count", "sum", "avg", "min", "max", "date", "timestamp", "true",
    "false", "null"})
# Where a name follows another name, the parser's state is shared by every context a name
# can end, so any keyword may be read there: such names take backticks for every keyword.
_ANY_KEYWORD = frozenset({
    "and", "as", "audience", "between", "by", "campaign", "change", "column", "contains",
    "dedup", "description", "dimension", "ends", "enrich", "exists", "false", "filter", "in",
    "is", "keep", "key", "like", "limit", "link", "map", "mapping", "not", "null", "on", "or",
    "order", "otherwise", "overlap", "read", "save", "segment", "source", "split", "starts",
    "status", "target", "to", "true", "via", "where", "with", "count", "sum", "avg", "min",
    "max", "union", "intersect", "exclude", "asc", "desc", "date", "timestamp", "last", "next",
    *(unit + plural for unit in ("minute", "hour", "day", "week", "month", "year")
      for plural in ("", "s"))})

# Binding strength, loosest first (SPEC §5).
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(1, 9)
_BINARY = {"or": _OR, "and": _AND, "+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}


@dataclass(frozen=True)
class FormatResult:
    """The canonical text of a file, or None and the syntax errors that prevent it."""

    text: str | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.text is not None


def format_source(text: str, path: str = "<text>") -> FormatResult:
    """Format one file's text. A file with syntax errors is left alone (its E100s returned)."""
    source = normalize_source(text)
    module, problems, comments = parse_with_comments(source, path)
    if module is None or any(d.severity == "error" for d in problems):
        return FormatResult(None, problems)
    formatted = format_module(module, source, comments)
    again, _ = parse_module(formatted, path)
    if again != module:
        span = ast.Span(path, 1, 1, 1, 2)
        return FormatResult(None, [error(
            "E100", "the formatter would change this file's meaning; it was left as is",
            span, hint="please report this file as a bug in `camp fmt`")])
    return FormatResult(formatted, [])


def format_module(module: ast.Module, source: str = "",
                  comments: list[tuple[int, int, str]] = ()) -> str:
    """The canonical text of a parsed module; `source` gives numbers as written."""
    printer = _Printer(source, comments)
    printer.module(module)
    return printer.text()


# ---------------------------------------------------------------------------- layout


class _Printer:
    """Emits lines and merges the source's comments in by line number."""

    def __init__(self, source: str, comments):
        self.source_lines = source.split("\n")
        self.lines: list[str] = []
        self.trailing: dict[int, str] = {}     # line index -> comment at the end of it
        self.comments = list(comments)
        self.depth = 0
        self.previous_line = 0      # last source line accounted for, for blank-line keeping
        self.block_start = True     # no blank line right after `{`

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "".join(line + "\n" for line in _align_comments(self.lines, self.trailing))

    # ---------------------------------------------------------------- comments and lines

    def _is_trailing(self, comment) -> bool:
        line, column, _ = comment
        return self.source_lines[line - 1][:column - 1].strip() != ""

    def _blank_if_gap(self, line: int) -> None:
        if not self.block_start and line - self.previous_line > 1 and self.lines[-1:] != [""]:
            self.lines.append("")

    def _flush_before(self, line: int) -> None:
        """Comments that stand before source line `line`, each on its own line."""
        while self.comments and self.comments[0][0] < line:
            number, _column, text = self.comments.pop(0)
            self._blank_if_gap(number)
            self.lines.append(INDENT * self.depth + text)
            self.previous_line = number
            self.block_start = False

    def emit(self, text: str, span: ast.Span, last_line: int | None = None) -> None:
        """One printed line for the construct at `span` (source lines `span.line` up to
        `last_line`, default the span's end); comments inside move before it, except one
        at the end of its last line, which stays after it."""
        last = span.end_line if last_line is None else last_line
        self._flush_before(span.line)
        trailing = None
        inside = []
        while self.comments and self.comments[0][0] <= last:
            inside.append(self.comments.pop(0))
        if inside and inside[-1][0] == last and self._is_trailing(inside[-1]):
            trailing = inside.pop()
        self._blank_if_gap(span.line)
        for _number, _column, comment in inside:
            self.lines.append(INDENT * self.depth + comment)
        if trailing:
            self.trailing[len(self.lines) + text.count("\n")] = trailing[2]
        self.lines.extend(INDENT * self.depth + part for part in text.split("\n"))
        self.previous_line = max(last, self.previous_line)
        self.block_start = False

    def open_block(self, text: str, span: ast.Span, line: int | None = None) -> None:
        """`header {` at source line `line` (default the span's first); then indent."""
        start = span.line if line is None else line
        self.emit(text + " {", ast.Span(span.file, start, 1, start, 1))
        self.depth += 1
        self.block_start = True

    def close_block(self, line: int) -> None:
        """Comments still inside the block, then `}` (source line `line`)."""
        self._flush_before(line)
        self.depth -= 1
        self.block_start = True     # no blank line before `}` either
        self.emit("}", ast.Span("", line, 1, line, 1))

    # ---------------------------------------------------------------- module

    def module(self, module: ast.Module) -> None:
        for index, item in enumerate(module.items):
            if index:
                self.lines.append("")
                self.block_start = True
            self.depth = 0
            if isinstance(item, ast.Dimension):
                self.dimension(item)
            else:
                self.campaign(item)
        self._flush_before(len(self.source_lines) + 1)

    def dimension(self, node: ast.Dimension) -> None:
        header = f"dimension {name(node.name)}"
        if node.title is not None:
            header += " " + string(node.title.value)
        self.open_block(header, node.span)
        for member in node.members:
            self.emit(self.dimension_member(member), member.span)
        self.close_block(node.span.end_line)

    def dimension_member(self, node) -> str:
        if isinstance(node, ast.Source):
            return "source " + ".".join(
                string(p.value) if isinstance(p, ast.Text) else name(p) for p in node.parts)
        if isinstance(node, ast.Key):
            return "key " + ", ".join(name(n) for n in node.attributes)
        if isinstance(node, ast.Mapping):
            return f"mapping {name(node.name)} = {path(node.path)}"
        if isinstance(node, ast.Attribute):
            text = f"{name(node.name, _ANY_KEYWORD)}: {name(node.type)}"
            return text + (f" column {string(node.column.value)}" if node.column else "")
        return (f"link {name(node.name)} to {name(node.cardinality)} "
                f"{name(node.target, _ANY_KEYWORD)} "
                f"on {name(node.local)} = {name(node.remote)}")

    def campaign(self, node: ast.Campaign) -> None:
        self.open_block(f"campaign {string(node.name.value)}", node.span)
        for member in node.members:
            if isinstance(member, ast.Status):
                self.emit(f"status {name(member.value)}", member.span)
            elif isinstance(member, ast.Description):
                self.emit(f"description {string(member.text.value)}", member.span)
            else:
                self.step(member)
        self.close_block(node.span.end_line)

    # ---------------------------------------------------------------- steps

    def steps(self, steps, end_line: int) -> None:
        for step in steps:
            self.step(step)
        self.close_block(end_line)

    def step(self, node) -> None:
        expressions = self.expressions
        if isinstance(node, ast.Combine):
            self.open_block(node.kind, node.span)
            self.steps(node.steps, node.span.end_line)
        elif isinstance(node, ast.Enrich):
            self.open_block("enrich", node.span)
            for assignment in node.assignments:
                self.emit(f"{name(assignment.name, _ANY_KEYWORD)} = "
                          f"{expressions.top(assignment.value)}",
                          assignment.span)
            self.close_block(node.span.end_line)
        elif isinstance(node, ast.Split):
            self.split(node)
        else:
            self.emit(self.simple_step(node), node.span)

    @property
    def expressions(self) -> _Expressions:
        return _Expressions(self.number)

    def simple_step(self, node) -> str:
        top = self.expressions.top
        if isinstance(node, ast.Target):
            return f"target {name(node.dimension)}"
        if isinstance(node, ast.ReadAudience):
            return f"read audience {string(node.label.value)}"
        if isinstance(node, ast.Filter):
            return f"filter {top(node.condition)}"
        if isinstance(node, ast.ChangeDimension):
            via = f" via {name(node.via)}" if node.via is not None else ""
            return f"change dimension to {name(node.dimension)}{via}"
        if isinstance(node, ast.Dedup):
            text = "dedup by " + ", ".join(top(e) for e in node.by)
            if node.keep is not None:
                text += f" keep {self.number(node.keep)}"
            return text + self.order(node.order)
        if isinstance(node, ast.Limit):
            return self.limit(node)
        return self.save(node)

    def limit(self, node: ast.Limit) -> str:
        percent = "%" if node.percent else ""
        return f"limit {self.number(node.count)}{percent}" + self.order(node.order)

    def order(self, items) -> str:
        if not items:
            return ""
        top = self.expressions.top
        return " order by " + ", ".join(
            top(item.expr) + (" desc" if item.descending else "") for item in items)

    def save(self, node: ast.Save) -> str:
        text = f"save audience {string(node.label.value)} map {name(node.mapping)}"
        items = [path(item.path) + (f" as {name(item.alias)}" if item.alias else "")
                 for item in node.items]
        if not items:
            return text
        with_items = "with " + ", ".join(items)
        if len(INDENT * self.depth + text + with_items) < WIDTH:
            return f"{text} {with_items}"
        return f"{text}\n{INDENT}{with_items}"

    def split(self, node: ast.Split) -> None:
        self.open_block("split overlap" if node.overlap else "split", node.span)
        for segment in node.segments:
            header = (f"segment {string(segment.label.value)} where "
                      f"{self.expressions.top(segment.condition)}")
            if segment.limit is not None:
                header += " " + self.limit(segment.limit)
            self.open_block(header, segment.span)
            self.steps(segment.steps, segment.span.end_line)
        if node.otherwise is not None:
            first = node.otherwise[0].span.line if node.otherwise else node.span.end_line
            self.open_block("otherwise", node.span, self._otherwise_line(first))
            self.steps(node.otherwise, node.span.end_line)
        self.close_block(node.span.end_line)

    def _otherwise_line(self, first_step: int) -> int:
        """The source line of `otherwise`, which the AST does not keep: the nearest line at
        or above its first step that holds the word (blank lines are kept from it)."""
        for number in range(first_step, max(self.previous_line, 1) - 1, -1):
            if re.search(r"(?<![\w`])otherwise(?![\w`])", self.source_lines[number - 1]):
                return number
        return first_step

    # ---------------------------------------------------------------- numbers

    def number(self, literal: ast.Literal) -> str:
        """The number as written in the source (underscores kept), else its value."""
        span = literal.span
        if span.line and span.line == span.end_line and span.line <= len(self.source_lines):
            written = self.source_lines[span.line - 1][span.column - 1:span.end_column - 1]
            if _NUMBER.match(written) and written.replace("_", "") == literal.value:
                return written
        return str(literal.value)


# ---------------------------------------------------------------------------- expressions


class _Expressions:
    """Expressions with the fewest parentheses that give back the same tree."""

    def __init__(self, number):
        self.number = number

    def top(self, node) -> str:
        return self.expr(node, _OR, last=True)

    def expr(self, node, level: int, last: bool) -> str:
        """`node` where the grammar expects strength `level`; `last` when nothing of the
        enclosing expression follows it (a `where` condition reaches to the end)."""
        strength = _strength(node)
        if strength < level or (_open_ended(node) and not last):
            return "(" + self.expr(node, _OR, last=True) + ")"
        return getattr(self, "_" + type(node).__name__.lower())(node, last)

    def _binary(self, node: ast.Binary, last: bool) -> str:
        strength = _strength(node)
        if strength == _COMPARE:
            left = self.expr(node.left, _SUM, False)
            return f"{left} {node.op} {self.expr(node.right, _SUM, last)}"
        left = self.expr(node.left, strength, False)
        return f"{left} {node.op} {self.expr(node.right, strength + 1, last)}"

    def _unary(self, node: ast.Unary, last: bool) -> str:
        if node.op == "not":
            return "not " + self.expr(node.operand, _NOT, last)
        operand = self.expr(node.operand, _UNARY, last)
        return node.op + (" " if operand[:1] in "+-" else "") + operand

    def _inlist(self, node: ast.InList, last: bool) -> str:
        items = ", ".join(self.top(item) for item in node.items)
        keyword = "not in" if node.negated else "in"
        return f"{self.expr(node.operand, _SUM, False)} {keyword} ({items})"

    def _between(self, node: ast.Between, last: bool) -> str:
        return (f"{self.expr(node.operand, _SUM, False)} between "
                f"{self.expr(node.low, _SUM, False)} and {self.expr(node.high, _SUM, last)}")

    def _isnull(self, node: ast.IsNull, last: bool) -> str:
        keyword = "is not null" if node.negated else "is null"
        return f"{self.expr(node.operand, _SUM, False)} {keyword}"

    def _textmatch(self, node: ast.TextMatch, last: bool) -> str:
        return (f"{self.expr(node.operand, _SUM, False)} {node.op} "
                f"{self.expr(node.pattern, _SUM, last)}")

    def _relativetime(self, node: ast.RelativeTime, last: bool) -> str:
        return (f"{self.expr(node.operand, _SUM, False)} in {node.window} "
                f"{duration(node.duration)}")

    def _exists(self, node: ast.Exists, last: bool) -> str:
        text = "exists " + path(node.link)
        return text + (" where " + self.top(node.where) if node.where is not None else "")

    def _aggregate(self, node: ast.Aggregate, last: bool) -> str:
        where = " where " + self.top(node.where) if node.where is not None else ""
        return f"{node.function}({path(node.path)}{where})"

    def _call(self, node: ast.Call, last: bool) -> str:
        arguments = ", ".join(self.top(argument) for argument in node.args)
        return f"{name(node.function, _EXPRESSION_START)}({arguments})"

    def _path(self, node: ast.Path, last: bool) -> str:
        return path(node, _EXPRESSION_START)

    def _duration(self, node: ast.Duration, last: bool) -> str:
        return duration(node)

    def _literal(self, node: ast.Literal, last: bool) -> str:
        if node.kind in ("integer", "decimal"):
            return self.number(node)
        if node.kind == "boolean":
            return "true" if node.value else "false"
        if node.kind == "null":
            return "null"
        if node.kind == "text":
            return string(node.value)
        return f"{node.kind} {string(node.value)}"


def _align_comments(lines: list[str], trailing: dict[int, str]) -> list[str]:
    """Lines with their end-of-line comments; the comments of neighbouring lines (no blank
    line between them) start in one column, two spaces after the longest code."""
    out = list(lines)
    run: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index]:
            if index in trailing:
                run.append(index)
            continue
        width = max((len(lines[i]) for i in run), default=0) + 2
        for i in run:
            out[i] = lines[i].ljust(width) + trailing[i]
        run = []
    return out


def _strength(node) -> int:
    if isinstance(node, ast.Binary):
        return _BINARY.get(node.op, _COMPARE)
    if isinstance(node, ast.Unary):
        return _NOT if node.op == "not" else _UNARY
    if isinstance(node, ast.Exists):
        return _NOT
    if isinstance(node, (ast.InList, ast.Between, ast.IsNull, ast.TextMatch,
                         ast.RelativeTime)):
        return _COMPARE
    return _ATOM


def _open_ended(node) -> bool:
    """True when the printed node ends in a `where` condition that would swallow whatever
    follows it."""
    if isinstance(node, ast.Exists):
        return node.where is not None
    if isinstance(node, ast.Unary) and node.op == "not":
        return _open_ended(node.operand)
    if isinstance(node, ast.Binary) and _strength(node) in (_OR, _AND):
        return _open_ended(node.right)
    return False


# ---------------------------------------------------------------------------- leaves


def name(node: ast.Name, reserved: frozenset[str] = frozenset()) -> str:
    """A name, in backticks when it is not an identifier or would read as a keyword."""
    text = node.text
    if _IDENTIFIER.match(text) and text not in reserved:
        return text
    return f"`{text}`"


def path(node: ast.Path, reserved: frozenset[str] = frozenset()) -> str:
    first, *rest = node.names
    return ".".join([name(first, reserved), *(name(n) for n in rest)])


def duration(node: ast.Duration) -> str:
    return f"{node.amount} {node.unit}{'' if node.amount == 1 else 's'}"


def string(value: str) -> str:
    """A string literal with the canonical escapes."""
    out = []
    for char in value:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{{{ord(char):X}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# ---------------------------------------------------------------------------- `camp fmt`


def format_files(paths: list[str], check: bool = False, show_diff: bool = False) -> int:
    """`camp fmt`: rewrite the files (or, with `check` or `show_diff`, only report them).

    Returns the exit status: 1 when a file has syntax errors, or with `check` when a file
    would change; 2 when a path does not exist; else 0.
    """
    import difflib
    import sys
    from pathlib import Path

    from dsl.project import display_path, project_files, read_source
    from dsl.render import HumanRenderer, use_colour

    files: list[Path] = []
    for given in paths or ["."]:
        target = Path(given)
        if not target.exists():
            print(f"camp: no such file or folder: {given}", file=sys.stderr)
            return 2
        if not (target.is_dir() or target.is_file()):
            # A device or a pipe: reading it could block or never end.
            print(f"camp: not a file or folder: {given}", file=sys.stderr)
            return 2
        files.extend(project_files(target) if target.is_dir() else [target])
    status, changed = 0, 0
    for file in files:
        shown = display_path(file)
        text, problem = read_source(file, shown)
        result = format_source(text, shown) if problem is None else FormatResult(None, [problem])
        if not result.ok:
            renderer = HumanRenderer({shown: text}, colour=use_colour(sys.stderr))
            for diagnostic in result.diagnostics:
                print(renderer.render(diagnostic) + "\n", file=sys.stderr)
            status = 1
            continue
        if result.text == text:
            continue
        changed += 1
        if show_diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                f"{shown} (before)", f"{shown} (formatted)"))
        if check or show_diff:
            print(f"camp: would reformat {shown}", file=sys.stderr)
        else:
            file.write_text(result.text, encoding="utf-8")
            print(f"camp: reformatted {shown}", file=sys.stderr)
    if check and changed:
        status = 1
    verb = "would be reformatted" if check or show_diff else "reformatted"
    print(f"camp: {changed} of {len(files)} file(s) {verb}", file=sys.stderr)
    return status
