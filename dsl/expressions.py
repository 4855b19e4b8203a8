"""Expressions: name resolution, typing and lowering into the checked model (`dsl.model`).

`resolve` returns the checked expression, or None when it found a problem (already appended
to the diagnostics); a parent whose child is None stays quiet about that child, so one
mistake gives one message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from dsl import ast
from dsl import model as m
from dsl.catalog import link_as_value, to_many_in_path, unknown_name
from dsl.diagnostics import Diagnostic, did_you_mean, error

_COMPARISONS = {"=", "!=", "<", "<=", ">", ">="}
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 31,
              "year": 366}
# Past about 1,000 years, date arithmetic leaves the range of dates every engine (and Python,
# which folds constant arithmetic) can hold; no campaign needs more.
MAX_DURATION_DAYS = 366_000
_DURATION_ALONE = "a duration only makes sense added to or subtracted from a date"
_DURATION_HINT = "e.g. `booked_at > today() - 30 days`"
_TIME_TYPES = (m.DATE, m.TIMESTAMP)
_NUMERIC_RANK = {m.INTEGER: 0, m.DECIMAL: 1, m.FLOAT: 2}
_SUB_DAY_UNITS = ("minute", "hour")

# Function name -> its number of arguments (None: `coalesce` and `round` check their own).
_FUNCTIONS = {
    "lower": 1, "upper": 1, "trim": 1, "length": 1, "abs": 1, "year": 1, "month": 1,
    "day": 1, "age": 1, "days_between": 2, "coalesce": None, "round": None, "today": 0,
    "now": 0,
}


@dataclass
class Scope:
    """Where names resolve: a dimension, plus the enriched names of the flow."""

    dimension: m.DimensionInfo
    enriched: dict[str, str] = field(default_factory=dict)


class ExpressionChecker:
    def __init__(self, catalog: m.Catalog, out: list[Diagnostic]):
        self.catalog = catalog
        self.out = out

    def condition(self, node, scope: Scope, what: str = "a filter condition") -> m.Expr | None:
        """A boolean expression."""
        expr = self.resolve(node, scope)
        if expr is not None and expr.type not in (m.BOOLEAN,):
            hint = f"compare it with a value, e.g. `{node.dotted} = ...`" \
                if isinstance(node, ast.Path) else None
            self._type_error(node, f"{what} must be boolean, not {_a(expr.type)}", hint=hint)
            return None
        return expr

    def resolve(self, node, scope: Scope) -> m.Expr | None:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, scope)

    # ---------------------------------------------------------------- leaves

    def _path(self, node: ast.Path, scope: Scope) -> m.Expr | None:
        first = node.names[0].text
        if len(node.names) == 1 and first in scope.enriched:
            return m.EnrichedRef(first, scope.enriched[first])
        dimension = scope.dimension
        via: list[m.LinkInfo] = []
        for name in node.names[:-1]:
            link = dimension.links.get(name.text)
            if link is None:
                self.out.append(unknown_name(name, dimension, scope.enriched))
                return None
            if link.many:
                self.out.append(to_many_in_path(name, link))
                return None
            via.append(link)
            dimension = self.catalog.dimensions[link.target]
        last = node.names[-1]
        attribute = dimension.attributes.get(last.text)
        if attribute is not None:
            return m.Column(tuple(via), attribute)
        if last.text in dimension.links:
            self.out.append(link_as_value(last, dimension.links[last.text], self.catalog))
        else:
            extra = scope.enriched if not via else ()
            self.out.append(unknown_name(last, dimension, extra))
        return None

    def _literal(self, node: ast.Literal, scope: Scope) -> m.Expr | None:
        if node.kind == "integer":
            return m.Const(int(node.value), m.INTEGER)
        if node.kind == "decimal":
            return m.Const(Decimal(node.value), m.DECIMAL)
        if node.kind == "date":
            return self._date_literal(node)
        if node.kind == "timestamp":
            return self._timestamp_literal(node)
        kind = {"text": m.TEXT, "boolean": m.BOOLEAN, "null": m.NULL}[node.kind]
        return m.Const(node.value, kind)

    def _date_literal(self, node: ast.Literal) -> m.Expr | None:
        try:
            if not _DATE_TEXT.fullmatch(node.value):
                raise ValueError(node.value)
            return m.Const(dt.date.fromisoformat(node.value), m.DATE)
        except ValueError:
            self.out.append(error("E100", f'invalid date "{node.value}"', node.span,
                                  hint='write a date as date "YYYY-MM-DD"'))
            return None

    def _timestamp_literal(self, node: ast.Literal) -> m.Expr | None:
        try:
            value = dt.datetime.fromisoformat(node.value) \
                if _TIMESTAMP_TEXT.fullmatch(node.value) else None
        except ValueError:
            value = None
        if value is None or value.tzinfo is not None:
            self.out.append(error(
                "E100", f'invalid timestamp "{node.value}"', node.span,
                hint='write a timestamp as timestamp "YYYY-MM-DD HH:MM:SS", without a zone'))
            return None
        return m.Const(value, m.TIMESTAMP)

    def _duration(self, node: ast.Duration, scope: Scope) -> m.Expr | None:
        if node.amount * _UNIT_DAYS[node.unit] > MAX_DURATION_DAYS:
            self.out.append(error(
                "E300", f"a duration of {node.amount:,} {node.unit}s is too long", node.span,
                hint="durations reach at most 1,000 years from a date"))
            return None
        return m.Interval(node.amount, node.unit)

    # ---------------------------------------------------------------- operators

    def _unary(self, node: ast.Unary, scope: Scope) -> m.Expr | None:
        operand = self.resolve(node.operand, scope)
        if operand is None:
            return None
        if node.op == "not":
            if not self._expect(node.operand, operand, (m.BOOLEAN,), "`not`"):
                return None
            return m.Call("not", (operand,), m.BOOLEAN)
        if node.op == "+":
            return operand if self._expect(node.operand, operand, m.NUMERIC_TYPES, "`+`") \
                else None
        if not self._expect(node.operand, operand, m.NUMERIC_TYPES, "`-`"):
            return None
        return m.Call("neg", (operand,), operand.type)

    def _binary(self, node: ast.Binary, scope: Scope) -> m.Expr | None:
        left = self.resolve(node.left, scope)
        right = self.resolve(node.right, scope)
        if left is None or right is None:
            return None
        if node.op in ("and", "or"):
            ok = self._expect(node.left, left, (m.BOOLEAN,), f"`{node.op}`")
            ok = self._expect(node.right, right, (m.BOOLEAN,), f"`{node.op}`") and ok
            return m.Call(node.op, (left, right), m.BOOLEAN) if ok else None
        if node.op in _COMPARISONS:
            return self.compare(node.op, left, right, node)
        return self._arithmetic(node, left, right)

    def compare(self, op: str, left: m.Expr, right: m.Expr, node) -> m.Expr | None:
        """`left op right`, a date meeting a timestamp counting as its midnight."""
        if m.DURATION in (left.type, right.type):
            self._type_error(node, _DURATION_ALONE, hint=_DURATION_HINT)
            return None
        if not _comparable(left.type, right.type):
            self._type_error(node, f"cannot compare {left.type} with {right.type}",
                             hint=_comparison_hint(left, right))
            return None
        left, right = _align_all((left, right))
        return m.Call(op, (left, right), m.BOOLEAN)

    def _arithmetic(self, node: ast.Binary, left: m.Expr, right: m.Expr) -> m.Expr | None:
        op = node.op
        if left.type in _TIME_TYPES and right.type == m.DURATION and op in "+-":
            result = m.TIMESTAMP if (left.type == m.TIMESTAMP
                                     or right.unit in _SUB_DAY_UNITS) else m.DATE
            function = "add_interval" if op == "+" else "sub_interval"
            return m.Call(function, (left, right), result)
        if left.type == m.DURATION and right.type in _TIME_TYPES and op == "+":
            return self._arithmetic(ast.Binary(op, node.right, node.left, node.span),
                                    right, left)
        if left.type in _TIME_TYPES and right.type in _TIME_TYPES and op == "-":
            self._type_error(node, "cannot subtract dates",
                             hint="use `days_between(a, b)` for the number of days")
            return None
        numeric = (*m.NUMERIC_TYPES, m.NULL)
        if left.type not in numeric or right.type not in numeric:
            self._type_error(node, f"cannot apply `{op}` to {left.type} and {right.type}")
            return None
        result = _wider(left.type, right.type)
        if op == "/":
            # Integer division truncates on some engines and not others: `/` is always exact.
            result = m.FLOAT if result == m.FLOAT else m.DECIMAL
        return m.Call(op, (left, right), result)

    def _inlist(self, node: ast.InList, scope: Scope) -> m.Expr | None:
        operand = self.resolve(node.operand, scope)
        items = [self.resolve(item, scope) for item in node.items]
        if operand is None or any(item is None for item in items):
            return None
        for item_node, item in zip(node.items, items):
            if not _comparable(operand.type, item.type):
                self._type_error(item_node, f"cannot compare {operand.type} with {item.type}",
                                 hint=_comparison_hint(operand, item))
                return None
        function = "not_in" if node.negated else "in"
        return m.Call(function, _align_all((operand, *items)), m.BOOLEAN)

    def _between(self, node: ast.Between, scope: Scope) -> m.Expr | None:
        operand = self.resolve(node.operand, scope)
        low = self.resolve(node.low, scope)
        high = self.resolve(node.high, scope)
        if operand is None or low is None or high is None:
            return None
        lower = self.compare(">=", operand, low, node)
        upper = self.compare("<=", operand, high, node)
        if lower is None or upper is None:
            return None
        return m.Call("and", (lower, upper), m.BOOLEAN)

    def _isnull(self, node: ast.IsNull, scope: Scope) -> m.Expr | None:
        operand = self.resolve(node.operand, scope)
        if operand is None:
            return None
        if operand.type == m.DURATION:
            self._type_error(node.operand, _DURATION_ALONE, hint=_DURATION_HINT)
            return None
        return m.Call("is_not_null" if node.negated else "is_null", (operand,), m.BOOLEAN)

    def _textmatch(self, node: ast.TextMatch, scope: Scope) -> m.Expr | None:
        operand = self.resolve(node.operand, scope)
        pattern = self.resolve(node.pattern, scope)
        if operand is None or pattern is None:
            return None
        ok = self._expect(node.operand, operand, (m.TEXT,), f"`{node.op}`")
        ok = self._expect(node.pattern, pattern, (m.TEXT,), f"`{node.op}`") and ok
        function = node.op.replace(" ", "_")
        return m.Call(function, (operand, pattern), m.BOOLEAN) if ok else None

    def _relativetime(self, node: ast.RelativeTime, scope: Scope) -> m.Expr | None:
        """`X in last N UNIT` and `X in next N UNIT`, lowered to two comparisons (SPEC §5)."""
        operand = self.resolve(node.operand, scope)
        if operand is None:
            return None
        if not self._expect(node.operand, operand, _TIME_TYPES, "`in last`/`in next`"):
            return None
        interval = self._duration(node.duration, scope)
        if interval is None:
            return None
        if interval.unit in _SUB_DAY_UNITS:
            low, high, high_op = _clock_window(node.window, interval)
        else:
            low, high, high_op = _calendar_window(node.window, interval)
        first = self.compare(">=", operand, low, node)
        second = self.compare(high_op, operand, high, node)
        return m.Call("and", (first, second), m.BOOLEAN)

    # ---------------------------------------------------------------- calls

    def _call(self, node: ast.Call, scope: Scope) -> m.Expr | None:
        name = node.function.text
        if name not in _FUNCTIONS:
            self.out.append(error("E203", f"unknown function `{name}`", node.function.span,
                                  hint=did_you_mean(name, _FUNCTIONS)))
            return None
        args = [self.resolve(arg, scope) for arg in node.args]
        if any(arg is None for arg in args):
            return None
        if not self._arity(node, name, len(args)):
            return None
        return getattr(self, f"_fn_{name}")(node, args)

    def _arity(self, node: ast.Call, name: str, count: int) -> bool:
        expected = _FUNCTIONS[name]
        if name == "coalesce":
            ok, wanted = count >= 1, "at least 1 argument"
        elif name == "round":
            ok, wanted = count in (1, 2), "1 or 2 arguments"
        else:
            ok, wanted = count == expected, f"{expected} argument" + ("s" if expected != 1
                                                                      else "")
        if not ok:
            self._type_error(node, f"`{name}` takes {wanted}, not {count}")
        return ok

    def _fn_today(self, node, args):
        return m.Today()

    def _fn_now(self, node, args):
        return m.Now()

    def _text_function(self, node, args, result=m.TEXT):
        if not self._expect(node.args[0], args[0], (m.TEXT,), f"`{node.function.text}`"):
            return None
        return m.Call(node.function.text, tuple(args), result)

    def _fn_lower(self, node, args):
        return self._text_function(node, args)

    _fn_upper = _fn_lower
    _fn_trim = _fn_lower

    def _fn_length(self, node, args):
        return self._text_function(node, args, m.INTEGER)

    def _fn_abs(self, node, args):
        if not self._expect(node.args[0], args[0], m.NUMERIC_TYPES, "`abs`"):
            return None
        return m.Call("abs", tuple(args), args[0].type)

    def _fn_round(self, node, args):
        if not self._expect(node.args[0], args[0], m.NUMERIC_TYPES, "`round`"):
            return None
        if len(args) == 2 and not (isinstance(args[1], m.Const) and args[1].type == m.INTEGER):
            self._type_error(node.args[1], "the digits of `round` must be a whole number")
            return None
        return m.Call("round", tuple(args), args[0].type)

    def _date_part(self, node, args):
        name = node.function.text
        if not self._expect(node.args[0], args[0], _TIME_TYPES, f"`{name}`"):
            return None
        return m.Call(name, tuple(args), m.INTEGER)

    _fn_year = _date_part
    _fn_month = _date_part
    _fn_day = _date_part
    _fn_age = _date_part

    def _fn_days_between(self, node, args):
        ok = all(self._expect(arg_node, arg, _TIME_TYPES, "`days_between`")
                 for arg_node, arg in zip(node.args, args))
        return m.Call("days_between", tuple(args), m.INTEGER) if ok else None

    def _fn_coalesce(self, node, args):
        result = args[0].type
        for arg_node, arg in zip(node.args[1:], args[1:]):
            if not _comparable(result, arg.type):
                self._type_error(arg_node, f"cannot mix {result} with {arg.type} in "
                                 "`coalesce`")
                return None
            result = _common(result, arg.type)
        return m.Call("coalesce", _align_all(args), result)

    # ---------------------------------------------------------------- to-many links

    def _exists(self, node: ast.Exists, scope: Scope) -> m.Expr | None:
        reached = self._through_to_many(node.link, "exists", scope)
        if reached is None:
            return None
        via, target, rest = reached
        if rest:
            return self._link_expected(node.link, "exists", via)
        where = self._inner_condition(node.where, target)
        if node.where is not None and where is None:
            return None
        return m.Exists(via, where)

    def _aggregate(self, node: ast.Aggregate, scope: Scope) -> m.Expr | None:
        function = node.function
        reached = self._through_to_many(node.path, function, scope)
        if reached is None:
            return None
        via, target, rest = reached
        value = None
        if function == "count":
            if rest:
                return self._link_expected(node.path, "count", via)
            result = m.INTEGER
        else:
            value = self._aggregate_value(node, rest, target)
            if value is None:
                return None
            result = _aggregate_type(function, value.type)
        where = self._inner_condition(node.where, target)
        if node.where is not None and where is None:
            return None
        return m.Aggregate(function, via, value, where, result)

    def _aggregate_value(self, node: ast.Aggregate, names, target: m.DimensionInfo):
        function = node.function
        if not names:
            example = next((a for a, info in target.attributes.items()
                            if info.type in m.NUMERIC_TYPES), "ATTRIBUTE")
            self._type_error(node.path, f"`{function}` needs an attribute of the linked "
                             "records", hint=f"e.g. `{function}({node.path.dotted}.{example})`")
            return None
        path = ast.Path(tuple(names), names[0].span.to(names[-1].span))
        value = self.resolve(path, Scope(target))
        if value is None:
            return None
        allowed = m.NUMERIC_TYPES if function in ("sum", "avg") else \
            (*m.NUMERIC_TYPES, m.TEXT, m.DATE, m.TIMESTAMP)
        if not self._expect(path, value, allowed, f"`{function}`"):
            return None
        return value

    def _through_to_many(self, path: ast.Path, what: str, scope: Scope):
        """Follow to-one links up to a to-many link: (links, linked dimension, the rest)."""
        dimension = scope.dimension
        via: list[m.LinkInfo] = []
        for index, name in enumerate(path.names):
            link = dimension.links.get(name.text)
            if link is None:
                if name.text in dimension.attributes or name.text in scope.enriched:
                    self._needs_to_many(name, what, dimension)
                else:
                    self.out.append(unknown_name(name, dimension))
                return None
            via.append(link)
            dimension = self.catalog.dimensions[link.target]
            if link.many:
                return tuple(via), dimension, path.names[index + 1:]
        self._needs_to_many(path, what, dimension)
        return None

    def _needs_to_many(self, node, what: str, dimension: m.DimensionInfo) -> None:
        many = [name for name, link in dimension.links.items() if link.many]
        hint = (f"the to-many links of `{dimension.name}` are "
                + ", ".join(f"`{n}`" for n in many)) if many else \
            f"`{dimension.name}` has no to-many link"
        self.out.append(error("E301", f"`{what}` needs a link to many records", node.span,
                              hint=hint))

    def _link_expected(self, path: ast.Path, what: str, via) -> None:
        link = ".".join(link.name for link in via)
        self._type_error(path, f"`{what}` takes a link, not an attribute",
                         hint=f"write `{what} {link} where ...`" if what == "exists"
                         else f"write `count({link} where ...)`")
        return None

    def _inner_condition(self, node, target: m.DimensionInfo) -> m.Expr | None:
        if node is None:
            return None
        return self.condition(node, Scope(target), "a `where` condition")

    # ---------------------------------------------------------------- helpers

    def _expect(self, node, expr: m.Expr, types, what: str) -> bool:
        if expr.type in types or expr.type == m.NULL:
            return True
        wanted = " or ".join(dict.fromkeys(_type_group(t) for t in types))
        self._type_error(node, f"{what} needs {wanted}, not {_a(expr.type)}")
        return False

    def _type_error(self, node, message: str, hint: str | None = None) -> None:
        self.out.append(error("E300", message, node.span, hint=hint))


def _clock_window(window: str, interval: m.Interval):
    """hours and minutes: measured from now()."""
    if window == "last":
        return m.Call("sub_interval", (m.Now(), interval), m.TIMESTAMP), m.Now(), "<="
    return m.Now(), m.Call("add_interval", (m.Now(), interval), m.TIMESTAMP), "<="


def _calendar_window(window: str, interval: m.Interval):
    """days and longer: whole days, today included."""
    one_day = m.Interval(1, "day")
    if window == "last":
        low = m.Call("sub_interval", (m.Today(), interval), m.DATE)
        high = m.Call("add_interval", (m.Today(), one_day), m.DATE)
        return low, high, "<"
    end = m.Call("add_interval", (m.Today(), interval), m.DATE)
    return m.Today(), m.Call("add_interval", (end, one_day), m.DATE), "<"


def _align_all(exprs) -> tuple[m.Expr, ...]:
    """A date meeting a timestamp counts as that date's midnight."""
    if not any(expr.type == m.TIMESTAMP for expr in exprs):
        return tuple(exprs)
    return tuple(m.Call("to_timestamp", (expr,), m.TIMESTAMP) if expr.type == m.DATE
                 else expr for expr in exprs)


def _comparison_hint(left: m.Expr, right: m.Expr) -> str | None:
    """Advice for the usual mismatch: a date or timestamp compared with a plain value."""
    times = [expr for expr in (left, right) if expr.type in _TIME_TYPES]
    others = [expr for expr in (left, right) if expr.type not in _TIME_TYPES]
    if len(times) != 1:
        return None
    kind = times[0].type
    example = "2026-01-31" if kind == m.DATE else "2026-01-31 08:30:00"
    if isinstance(others[0], m.Const) and others[0].type == m.TEXT:
        example = others[0].value
    return f'write a {kind} as `{kind} "{example}"`'


def _comparable(a: str, b: str) -> bool:
    if m.DURATION in (a, b):
        return False
    if m.NULL in (a, b):
        return True
    return _type_group(a) == _type_group(b)


def _type_group(type_name: str) -> str:
    if type_name in m.NUMERIC_TYPES:
        return "a number"
    if type_name in _TIME_TYPES:
        return "a date or timestamp"
    return _a(type_name)


def _wider(a: str, b: str) -> str:
    if a == m.NULL:
        return b
    if b == m.NULL:
        return a
    return a if _NUMERIC_RANK[a] >= _NUMERIC_RANK[b] else b


def _common(a: str, b: str) -> str:
    if a == m.NULL:
        return b
    if b == m.NULL or a == b:
        return a
    if a in m.NUMERIC_TYPES:
        return _wider(a, b)
    return m.TIMESTAMP


def _aggregate_type(function: str, value_type: str) -> str:
    if function == "avg":
        return m.FLOAT if value_type == m.FLOAT else m.DECIMAL
    return value_type


def _a(type_name: str) -> str:
    """How a type reads in a message: `text`, `integer`, `null`."""
    return type_name
