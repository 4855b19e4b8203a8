"""Checked expressions → sqlglot expressions, for one dialect and one clock.

Meanings that are the same on every engine, whatever its defaults:

* `/` never divides by zero: `a / b` is null when b is 0 (`NULLIF`), and an integer divided by
  an integer is not truncated.
* `like` is case-sensitive and `%` and `_` are its only wildcards: where a warehouse treats a
  backslash in a pattern as an escape, a literal backslash is doubled.
* `contains`, `starts with` and `ends with` compare plain text: `%` and `_` in the operand are
  characters, not wildcards (STRPOS / STARTS_WITH / ENDS_WITH, never LIKE).
* `age(d)` is the number of whole years from d to today: a birthday on 29 February is
  reached on 1 March in other years.
* `days_between(a, b)` is b - a in days, counted between calendar dates (timestamps are cut
  to their date): positive when b is later than a.
* `today()` and `now()` come from the `Clock` (see `compiler.clock`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Protocol

from sqlglot import exp

from compiler import clock as clocks
from compiler.clock import Clock
from compiler.dialects import DialectRules, Unsupported
from dsl import model as m


@lru_cache(maxsize=None)
def _data_type(name: str) -> exp.DataType:
    return exp.DataType.build(name)


def cast(value: exp.Expression, type_name: str) -> exp.Expression:
    """CAST(value AS type_name), taking `value` as it is: no copy of it, no type parse.

    sqlglot's builder copies the value and parses the type name on every call; with casts
    around most date arithmetic, that was a good part of the time spent generating SQL.
    """
    return exp.cast(value, _data_type(type_name).copy(), copy=False)


class RecordScope(Protocol):
    """Where the columns of the record in context come from (see `compiler.sqlgen`)."""

    def column(self, column: m.Column) -> exp.Expression: ...

    def enriched(self, name: str) -> exp.Expression: ...

    def exists(self, node: m.Exists) -> exp.Expression: ...

    def aggregate(self, node: m.Aggregate) -> exp.Expression: ...


SQL_TYPES = {
    m.TEXT: "text", m.INTEGER: "bigint", m.DECIMAL: "decimal", m.FLOAT: "double",
    m.BOOLEAN: "boolean", m.DATE: "date", m.TIMESTAMP: "timestamp",
}

COMPARISONS = {"=": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}
ARITHMETIC = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}
SIMPLE_FUNCTIONS = {
    "lower": exp.Lower, "upper": exp.Upper, "trim": exp.Trim, "length": exp.Length,
    "abs": exp.Abs, "year": exp.Year, "month": exp.Month, "day": exp.Day,
}

# Binding strength of the operators we print, to parenthesize only where SQL needs it.
_PRECEDENCE: tuple[tuple[type, int], ...] = (
    (exp.Or, 1), (exp.And, 2), (exp.Not, 3),
    (exp.EQ, 4), (exp.NEQ, 4), (exp.LT, 4), (exp.LTE, 4), (exp.GT, 4), (exp.GTE, 4),
    (exp.Is, 4), (exp.In, 4), (exp.Like, 4),
    (exp.Add, 5), (exp.Sub, 5), (exp.DateAdd, 5), (exp.DateSub, 5), (exp.TimestampAdd, 5),
    (exp.TimestampSub, 5), (exp.DatetimeAdd, 5), (exp.DatetimeSub, 5),
    (exp.Mul, 6), (exp.Div, 6), (exp.Neg, 7),
)
_ATOMIC = 10


def sql_type(type_name: str) -> exp.DataType:
    return exp.DataType.build(SQL_TYPES[type_name])


def precedence(node: exp.Expression) -> int:
    for kind, level in _PRECEDENCE:
        if isinstance(node, kind):
            return level
    return _ATOMIC


def operand(node: exp.Expression, parent_level: int, tight: bool = False) -> exp.Expression:
    """`node` as an operand of an operator of `parent_level`, in parentheses if needed.

    `tight` is for the right side of `-` and `/` and for comparisons, which do not associate.
    """
    level = precedence(node)
    if level < parent_level or (tight and level == parent_level):
        return exp.Paren(this=node)
    return node


def connect(parts: list[exp.Expression], kind: type = exp.And) -> exp.Expression:
    """`a AND b AND c` (or OR) without nesting, parenthesizing only looser operands."""
    if len(parts) == 1:
        return parts[0]
    flat: list[exp.Expression] = []
    for part in parts:
        flat.extend(part.flatten() if isinstance(part, kind) else [part])
    level = 2 if kind is exp.And else 1
    result = operand(flat[0], level)
    for part in flat[1:]:
        result = kind(this=result, expression=operand(part, level))
    return result


def date_literal(value: dt.date) -> exp.Expression:
    return cast(exp.Literal.string(value.isoformat()), "date")


def timestamp_literal(value: dt.datetime) -> exp.Expression:
    return cast(exp.Literal.string(value.isoformat(sep=" ")), "timestamp")


def temporal_literal(value: dt.date) -> exp.Expression:
    if isinstance(value, dt.datetime):
        return timestamp_literal(value)
    return date_literal(value)


def number(value: int | float | Decimal) -> exp.Expression:
    if isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    if text.startswith("-"):
        return exp.Neg(this=exp.Literal.number(text[1:]))
    return exp.Literal.number(text)


class ExpressionBuilder:
    """Builds the sqlglot expression of a checked expression in a record scope."""

    def __init__(self, rules: DialectRules, clock: Clock):
        self.rules = rules
        self.clock = clock
        self._calls: dict[str, Callable[[m.Call, RecordScope], exp.Expression]] = {
            "and": self._and, "or": self._or, "not": self._not, "neg": self._neg,
            "/": self._divide, "is_null": self._is_null, "is_not_null": self._is_not_null,
            "in": self._in, "not_in": self._not_in, "like": self._like,
            "contains": self._contains, "starts_with": self._starts_with,
            "ends_with": self._ends_with, "add_interval": self._add_interval,
            "sub_interval": self._add_interval, "to_timestamp": self._to_timestamp,
            "coalesce": self._coalesce, "round": self._round, "age": self._age,
            "days_between": self._days_between,
        }

    # ------------------------------------------------------------------ dispatch

    def build(self, node: m.Expr, scope: RecordScope) -> exp.Expression:
        """The SQL of `node`, evaluated on the record of `scope`."""
        folded = self.fold(node)
        if folded is not None:
            return temporal_literal(folded)
        if isinstance(node, m.Column):
            return scope.column(node)
        if isinstance(node, m.EnrichedRef):
            return scope.enriched(node.name)
        if isinstance(node, m.Const):
            return self.constant(node)
        if isinstance(node, m.Today):
            return self.current_date()
        if isinstance(node, m.Now):
            return self.current_timestamp()
        if isinstance(node, m.Exists):
            return scope.exists(node)
        if isinstance(node, m.Aggregate):
            return scope.aggregate(node)
        if isinstance(node, m.Call):
            return self.call(node, scope)
        raise Unsupported(f"expression {type(node).__name__}")

    def call(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        name = node.function
        if name in COMPARISONS:
            left, right = (self.build(a, scope) for a in node.args)
            return COMPARISONS[name](
                this=operand(left, 4, tight=True), expression=operand(right, 4, tight=True)
            )
        if name in ARITHMETIC:
            left, right = (self.build(a, scope) for a in node.args)
            level = 6 if name == "*" else 5
            return ARITHMETIC[name](
                this=operand(left, level), expression=operand(right, level, tight=name == "-")
            )
        if name in SIMPLE_FUNCTIONS:
            return SIMPLE_FUNCTIONS[name](this=self.build(node.args[0], scope))
        if name in self._calls:
            return self._calls[name](node, scope)
        raise Unsupported(f"function `{name}`")

    # ------------------------------------------------------------------ constants and time

    def constant(self, node: m.Const) -> exp.Expression:
        value = node.value
        if value is None:
            return exp.Null()
        if isinstance(value, bool):
            return exp.Boolean(this=value)
        if isinstance(value, (int, float, Decimal)):
            return number(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return temporal_literal(value)
        if node.type == m.DATE:
            return date_literal(dt.date.fromisoformat(value))
        if node.type == m.TIMESTAMP:
            return timestamp_literal(dt.datetime.fromisoformat(value))
        return exp.Literal.string(str(value))

    def fold(self, node: m.Expr) -> dt.date | None:
        """The value of a date or timestamp expression made only of constants, or None."""
        if isinstance(node, m.Today):
            return self.clock.today
        if isinstance(node, m.Now):
            return self.clock.now
        if isinstance(node, m.Const) and node.type in (m.DATE, m.TIMESTAMP):
            if isinstance(node.value, str):
                parse = dt.date if node.type == m.DATE else dt.datetime
                return parse.fromisoformat(node.value)
            return node.value
        if not isinstance(node, m.Call):
            return None
        if node.function in ("add_interval", "sub_interval"):
            start, interval = node.args
            value = self.fold(start)
            if value is None:
                return None
            sign = -1 if node.function == "sub_interval" else 1
            return clocks.add_interval(value, sign * interval.amount, interval.unit)
        if node.function == "to_timestamp":
            value = self.fold(node.args[0])
            if value is None or isinstance(value, dt.datetime):
                return value
            return dt.datetime.combine(value, dt.time())
        return None

    def current_date(self) -> exp.Expression:
        zone = exp.Literal.string(self.clock.timezone)
        if self.rules.current_time == "bigquery":
            return exp.CurrentDate(this=zone)
        return cast(self._local_now(zone), "date")

    def current_timestamp(self) -> exp.Expression:
        zone = exp.Literal.string(self.clock.timezone)
        if self.rules.current_time == "bigquery":
            return exp.CurrentDatetime(this=zone)
        return cast(self._local_now(zone), "timestamp")

    @staticmethod
    def _local_now(zone: exp.Expression) -> exp.Expression:
        return exp.ConvertTimezone(target_tz=zone, timestamp=exp.CurrentTimestamp())

    # ------------------------------------------------------------------ logic

    def _and(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return connect([self.build(a, scope) for a in node.args])

    def _or(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return connect([self.build(a, scope) for a in node.args], exp.Or)

    def _not(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return exp.Not(this=operand(self.build(node.args[0], scope), 3))

    def _neg(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return exp.Neg(this=operand(self.build(node.args[0], scope), 7, tight=True))

    def _divide(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        left, right = (self.build(a, scope) for a in node.args)
        divisor = node.args[1]
        if not (isinstance(divisor, m.Const) and divisor.value):
            # Null rather than an error (or infinity) for a division by zero, everywhere.
            right = exp.Nullif(this=right, expression=exp.Literal.number(0))
        integers = all(a.type == m.INTEGER for a in node.args)
        return exp.Div(
            this=operand(left, 6), expression=operand(right, 6, tight=True),
            typed=not integers, safe=False,
        )

    def _is_null(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return exp.Is(this=operand(self.build(node.args[0], scope), 4, True), expression=exp.Null())

    def _is_not_null(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return exp.Not(this=self._is_null(node, scope))

    def _in(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        subject, *values = (self.build(a, scope) for a in node.args)
        return exp.In(this=operand(subject, 4, True), expressions=values)

    def _not_in(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        # SQL's meaning on purpose: `x not in (...)` is not true when x is null.
        return exp.Not(this=self._in(node, scope))

    # ------------------------------------------------------------------ text

    def _like(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        subject = self.build(node.args[0], scope)
        pattern_node = node.args[1]
        if self.rules.like_backslash_escapes and isinstance(pattern_node, m.Const):
            pattern = exp.Literal.string(str(pattern_node.value).replace("\\", "\\\\"))
        elif self.rules.like_backslash_escapes:
            backslash = exp.Literal.string("\\")
            pattern = exp.func(
                "REPLACE", self.build(pattern_node, scope), backslash,
                exp.Literal.string("\\\\"),
            )
        else:
            pattern = self.build(pattern_node, scope)
        return exp.Like(this=operand(subject, 4, True), expression=pattern)

    def _contains(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        text, part = (self.build(a, scope) for a in node.args)
        position = exp.StrPosition(this=text, substr=part)
        return exp.GT(this=position, expression=exp.Literal.number(0))

    def _starts_with(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        text, part = (self.build(a, scope) for a in node.args)
        return exp.StartsWith(this=text, expression=part)

    def _ends_with(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        text, part = (self.build(a, scope) for a in node.args)
        return exp.EndsWith(this=text, expression=part)

    # ------------------------------------------------------------------ dates

    def _add_interval(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        start, interval = node.args
        subtract = node.function == "sub_interval"
        amount = exp.Literal.number(interval.amount)
        unit, amount = self._unit(interval, amount)
        value = self.build(start, scope)
        if start.type == m.DATE and unit in ("HOUR", "MINUTE"):
            value, start_type = cast(value, "timestamp"), m.TIMESTAMP
        else:
            start_type = start.type
        if start_type == m.DATE:
            kind = exp.DateSub if subtract else exp.DateAdd
            moved = kind(this=value, expression=amount, unit=exp.var(unit))
            return cast(moved, "date") if self.rules.date_interval_is_timestamp else moved
        return self._timestamp_add(value, amount, unit, subtract)

    @staticmethod
    def _unit(interval: m.Interval, amount: exp.Expression) -> tuple[str, exp.Expression]:
        """The SQL unit of a duration; weeks become days, which every engine knows."""
        if interval.unit == "week":
            return "DAY", exp.Literal.number(interval.amount * 7)
        return interval.unit.upper(), amount

    def _timestamp_add(self, value: exp.Expression, amount: exp.Expression, unit: str,
                       subtract: bool) -> exp.Expression:
        style = self.rules.timestamp_arithmetic
        if style == "interval":
            interval = exp.Interval(this=exp.Literal.string(amount.name), unit=exp.var(unit))
            kind = exp.Sub if subtract else exp.Add
            return kind(this=operand(value, 5), expression=interval)
        if style == "datetime_add":
            kind = exp.DatetimeSub if subtract else exp.DatetimeAdd
        else:
            kind = exp.TimestampSub if subtract else exp.TimestampAdd
        return kind(this=value, expression=amount, unit=exp.var(unit))

    def _to_timestamp(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        return cast(self.build(node.args[0], scope), "timestamp")

    def _as_date(self, node: m.Expr, scope: RecordScope) -> exp.Expression:
        value = self.build(node, scope)
        return cast(value, "date") if node.type == m.TIMESTAMP else value

    def _age(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        born = self._as_date(node.args[0], scope)
        if self.clock.fixed:
            today = self.clock.today
            this_year, today_md = number(today.year), number(today.month * 100 + today.day)
        else:
            this_year = exp.Year(this=self.current_date())
            today_md = self._month_day(self.current_date())
        not_yet = exp.GT(this=self._month_day(born), expression=today_md)
        correction = exp.Case(
            ifs=[exp.If(this=not_yet, true=exp.Literal.number(1))],
            default=exp.Literal.number(0),
        )
        years = exp.Sub(this=this_year, expression=exp.Year(this=born.copy()))
        return exp.Sub(this=years, expression=correction)

    @staticmethod
    def _month_day(day: exp.Expression) -> exp.Expression:
        """month * 100 + day, which orders the days of a year."""
        month = exp.Mul(this=exp.Month(this=day), expression=exp.Literal.number(100))
        return exp.Add(this=month, expression=exp.Day(this=day.copy()))

    def _days_between(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        first, last = (self._as_date(a, scope) for a in node.args)
        return exp.DateDiff(this=last, expression=first, unit=exp.var("DAY"))

    # ------------------------------------------------------------------ other functions

    def _coalesce(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        first, *rest = (self.build(a, scope) for a in node.args)
        return exp.Coalesce(this=first, expressions=rest)

    def _round(self, node: m.Call, scope: RecordScope) -> exp.Expression:
        value = self.build(node.args[0], scope)
        digits = self.build(node.args[1], scope) if len(node.args) > 1 else None
        return exp.Round(this=value, decimals=digits)
