"""A reference evaluator of the checked model (`dsl.model`) over rows held in memory.

Written from SPEC §4 and §5 and the README's decisions, without the SQL generator, so that the
property tests can compare the two. Tables are given as `{source table: [row, ...]}`, a row
being a dict from physical column name to value (None is SQL null).

SQL's three-valued logic: None stands for unknown, `and`/`or`/`not` follow Kleene's tables,
and a filter keeps only the records for which the condition is True. A record is a row of
the current dimension's table plus the enriched names of the flow.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dsl import model as m


@dataclass(slots=True)
class Record:
    row: dict
    enriched: dict = field(default_factory=dict)


@dataclass(slots=True)
class Population:
    dimension: m.DimensionInfo
    records: list[Record]
    names: tuple[str, ...] = ()      # the enriched names in scope


class Oracle:
    """Evaluates campaigns of one catalog over one set of tables, with today fixed."""

    def __init__(self, catalog: m.Catalog, tables: dict[str, list[dict]], today: dt.date):
        self.catalog = catalog
        self.tables = tables
        self.today = today
        self.now = dt.datetime.combine(today, dt.time())
        self.audiences: dict[str, list[tuple]] = {}     # normalized label -> saved rows

    # ------------------------------------------------------------------ campaigns

    def run(self, campaign: m.CheckedCampaign) -> dict[str, list[tuple]]:
        """The rows of every audience the campaign saves, by label (drafts too)."""
        saved: dict[str, list[tuple]] = {}
        self.flow(campaign.steps, None, saved)
        if campaign.published:
            self.audiences.update({m.normalize_label(k): v for k, v in saved.items()})
        return saved

    def flow(self, steps, population: Population | None, saved) -> Population | None:
        for step in steps:
            population = self.step(step, population, saved)
        return population

    def step(self, step, population: Population | None, saved) -> Population | None:
        if isinstance(step, m.TargetStep):
            dimension = self.catalog.dimension(step.dimension)
            return Population(dimension, [Record(row) for row in self.rows(dimension)])
        if isinstance(step, m.ReadStep):
            return self.read(step)
        if isinstance(step, m.FilterStep):
            kept = [r for r in population.records if self.value(step.condition, r) is True]
            return Population(population.dimension, kept, population.names)
        if isinstance(step, m.CombineStep):
            return self.combine(step, population, saved)
        if isinstance(step, m.EnrichStep):
            return self.enrich(step, population)
        if isinstance(step, m.ChangeStep):
            return self.change(step, population)
        if isinstance(step, m.DedupStep):
            return self.dedup(step, population)
        if isinstance(step, m.LimitStep):
            return self.limit(step, population)
        if isinstance(step, m.SplitStep):
            self.split(step, population, saved)
            return None
        if isinstance(step, m.SaveStep):
            saved[step.label] = self.save(step, population)
            return population
        raise TypeError(f"unknown step {step!r}")

    # ------------------------------------------------------------------ tables and records

    def rows(self, dimension: m.DimensionInfo) -> list[dict]:
        return self.tables.get(".".join(part.text for part in dimension.source), [])

    def key(self, record: Record, dimension: m.DimensionInfo) -> tuple | None:
        """The record's key, or None when a part of it is null (then it equals nothing)."""
        values = tuple(record.row.get(k.column) for k in dimension.key)
        return None if None in values else values

    def keys(self, population: Population) -> set[tuple]:
        return {k for r in population.records
                if (k := self.key(r, population.dimension)) is not None}

    def follow(self, row: dict | None, link: m.LinkInfo) -> list[dict]:
        """The rows of the link's target whose remote attribute equals the local one."""
        if row is None:
            return []
        local = self.catalog.dimension(link.owner).attributes[link.local]
        target = self.catalog.dimension(link.target)
        remote = target.attributes[link.remote]
        value = row.get(local.column)
        if value is None:
            return []
        return [other for other in self.rows(target) if equal(other.get(remote.column), value)]

    def reach(self, row: dict | None, via) -> dict | None:
        """The row reached through to-one links, or None when a link finds nothing."""
        for link in via:
            found = self.follow(row, link)
            row = found[0] if found else None
        return row

    # ------------------------------------------------------------------ expressions

    def value(self, node: m.Expr, record: Record):
        return self.evaluate(node, record.row, record.enriched)

    def evaluate(self, node: m.Expr, row: dict | None, enriched: dict):
        if isinstance(node, m.Column):
            reached = self.reach(row, node.via)
            return None if reached is None else reached.get(node.attribute.column)
        if isinstance(node, m.EnrichedRef):
            return enriched.get(node.name)
        if isinstance(node, m.Const):
            return constant(node)
        if isinstance(node, m.Today):
            return self.today
        if isinstance(node, m.Now):
            return self.now
        if isinstance(node, m.Interval):
            return node
        if isinstance(node, m.Exists):
            return any(self.evaluate(node.where, linked, {}) is True if node.where else True
                       for linked in self.linked(row, node.via))
        if isinstance(node, m.Aggregate):
            return self.aggregate(node, row)
        if isinstance(node, m.Call):
            return self.call(node, row, enriched)
        raise TypeError(f"unknown expression {node!r}")

    def linked(self, row: dict | None, via) -> list[dict]:
        return self.follow(self.reach(row, via[:-1]), via[-1])

    def aggregate(self, node: m.Aggregate, row: dict | None):
        linked = [other for other in self.linked(row, node.via)
                  if node.where is None or self.evaluate(node.where, other, {}) is True]
        if node.function == "count":
            return len(linked)
        values = [v for other in linked if (v := self.evaluate(node.value, other, {})) is not None]
        if not values:
            return None
        if node.function == "sum":
            return sum(values[1:], values[0])
        if node.function == "avg":
            return sum(Decimal(str(v)) for v in values) / len(values)
        return min(values) if node.function == "min" else max(values)

    def call(self, node: m.Call, row: dict | None, enriched: dict):
        name = node.function
        if name in ("and", "or"):
            return kleene(name, [self.evaluate(a, row, enriched) for a in node.args])
        args = [self.evaluate(a, row, enriched) for a in node.args]
        if name == "is_null":
            return args[0] is None
        if name == "is_not_null":
            return args[0] is not None
        if name == "coalesce":
            return next((a for a in args if a is not None), None)
        if name in ("in", "not_in"):
            found = member(args[0], args[1:])
            return found if name == "in" or found is None else not found
        if name == "age":
            return None if args[0] is None else age(as_date(args[0]), self.today)
        if any(a is None for a in args):
            return None
        return FUNCTIONS[name](*args)


    # ------------------------------------------------------------------ steps

    def read(self, step: m.ReadStep) -> Population:
        """The records whose mapping value is in the saved audience (README decision)."""
        dimension = self.catalog.dimension(step.dimension)
        saved = {row[0] for row in self.audiences.get(m.normalize_label(step.label), [])}
        mapping = step.mapping
        kept = [Record(row) for row in self.rows(dimension)
                if (value := self.evaluate(m.Column(mapping.via, mapping.attribute), row, {}))
                is not None and value in saved]
        return Population(dimension, kept)

    def combine(self, step: m.CombineStep, population: Population, saved) -> Population:
        inner = self.flow(step.steps, None, saved)
        keys = self.keys(inner)
        dimension = population.dimension
        if step.kind == "union":
            # The inner records not already there, their enriched names null.
            have = self.keys(population)
            added = [Record(r.row, dict.fromkeys(population.names)) for r in inner.records
                     if self.key(r, dimension) not in have or self.key(r, dimension) is None]
            return Population(dimension, population.records + added, population.names)
        # A null key is in no population: intersect drops it, exclude keeps it.
        inside = [r for r in population.records if self.key(r, dimension) in keys]
        outside = [r for r in population.records if self.key(r, dimension) not in keys]
        kept = inside if step.kind == "intersect" else outside
        return Population(dimension, kept, population.names)

    def enrich(self, step: m.EnrichStep, population: Population) -> Population:
        records = []
        for record in population.records:
            values = dict(record.enriched)
            for name, expr in step.assignments:
                values[name] = self.evaluate(expr, record.row, values)
            records.append(Record(record.row, values))
        names = population.names + tuple(name for name, _ in step.assignments)
        return Population(population.dimension, records, names)

    def change(self, step: m.ChangeStep, population: Population) -> Population:
        """The distinct records of the new dimension reached through the link."""
        target = self.catalog.dimension(step.dimension)
        reached: dict = {}
        for record in population.records:
            for row in self.follow(record.row, step.link):
                key = self.key(Record(row), target)
                reached.setdefault(key if key is not None else id(row), row)
        return Population(target, [Record(row) for row in reached.values()])

    def dedup(self, step: m.DedupStep, population: Population) -> Population:
        groups: dict = {}
        for record in population.records:
            group = tuple(group_value(self.value(e, record)) for e in step.by)
            groups.setdefault(group, []).append(record)
        kept = []
        for members in groups.values():
            kept += self.ordered(members, step.order, population.dimension)[: step.keep]
        return Population(population.dimension, kept, population.names)

    def limit(self, step: m.LimitStep, population: Population) -> Population:
        records = self.ordered(population.records, step.order, population.dimension)
        count = len(records) * step.count // 100 if step.percent else step.count
        return Population(population.dimension, records[:count], population.names)

    def ordered(self, records: list[Record], order, dimension) -> list[Record]:
        """In the `order by` keys, nulls last whatever the direction, then by key."""
        def compare(a: Record, b: Record) -> int:
            for key in order:
                result = compare_nulls_last(self.value(key.expr, a), self.value(key.expr, b),
                                            key.descending)
                if result:
                    return result
            for part in dimension.key:
                result = compare_nulls_last(a.row.get(part.column), b.row.get(part.column),
                                            False)
                if result:
                    return result
            return 0

        return sorted(records, key=functools.cmp_to_key(compare))

    def split(self, step: m.SplitStep, population: Population, saved) -> None:
        dimension = population.dimension
        remaining = list(population.records)
        taken_ids: set[int] = set()
        for segment in step.segments:
            pool = population.records if step.overlap else remaining
            members = [r for r in pool if self.value(segment.condition, r) is True]
            if not step.overlap:
                matched = {id(r) for r in members}
                remaining = [r for r in remaining if id(r) not in matched]
            members_population = Population(dimension, members, population.names)
            if segment.limit is not None:
                members_population = self.limit(segment.limit, members_population)
            taken_ids.update(id(r) for r in members_population.records)
            self.flow(segment.steps, members_population, saved)
        if step.otherwise is not None:
            left = [r for r in population.records if id(r) not in taken_ids]
            self.flow(step.otherwise, Population(dimension, left, population.names), saved)

    def save(self, step: m.SaveStep, population: Population) -> list[tuple]:
        """The mapping value then the `with` items; a null mapping value identifies no one."""
        mapping = m.Column(step.mapping.via, step.mapping.attribute)
        rows = []
        for record in population.records:
            value = self.value(mapping, record)
            if value is None:
                continue
            rows.append((value, *(self.value(item.expr, record) for item in step.items)))
        return rows


# ---------------------------------------------------------------------------- values


def constant(node: m.Const):
    value = node.value
    if isinstance(value, str) and node.type == m.DATE:
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and node.type == m.TIMESTAMP:
        return dt.datetime.fromisoformat(value)
    return value


def equal(a, b) -> bool:
    return a is not None and b is not None and a == b


def group_value(value):
    """Values that SQL's GROUP BY / PARTITION BY puts together (all nulls in one group)."""
    if isinstance(value, (Decimal, float)) and value == int(value):
        return int(value)
    return value


def kleene(operator: str, values: list) -> bool | None:
    if operator == "and":
        if any(v is False for v in values):
            return False
        return None if any(v is None for v in values) else True
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def member(value, items: list) -> bool | None:
    """`value in (items)`: true on a match; unknown when a null is involved and none matched."""
    if value is None:
        return None
    if any(equal(value, item) for item in items):
        return True
    return None if any(item is None for item in items) else False


def compare_nulls_last(a, b, descending: bool) -> int:
    if a is None or b is None:
        return (a is None) - (b is None)
    if a == b:
        return 0
    smaller = -1 if a < b else 1
    return -smaller if descending else smaller


def numbers(a, b):
    """Operands that Python can mix: floats win, else exact decimals."""
    if isinstance(a, float) or isinstance(b, float):
        return float(a), float(b)
    return a, b


def divide(a, b):
    a, b = numbers(a, b)
    if b == 0:
        return None
    if isinstance(a, float):
        return a / b
    return Decimal(a) / Decimal(b)


def like(text: str, pattern: str) -> bool:
    """`%` any run of characters, `_` one character, everything else itself (case matters)."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.S) is not None


def as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def age(born: dt.date, today: dt.date) -> int:
    """Whole years from `born` to today; a 29 February birthday comes on 1 March."""
    return today.year - born.year - ((born.month, born.day) > (today.month, today.day))


def add_months(day, months: int):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def add_interval(value, interval: m.Interval, sign: int = 1):
    amount = sign * interval.amount
    if interval.unit in ("month", "year"):
        return add_months(value, amount * (12 if interval.unit == "year" else 1))
    if interval.unit in ("day", "week"):
        return value + dt.timedelta(days=amount * (7 if interval.unit == "week" else 1))
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value + dt.timedelta(**{interval.unit + "s": amount})


def round_half_away(value, digits: int = 0):
    if isinstance(value, int):
        return value if digits >= 0 else int(round_half_away(Decimal(value), digits))
    exact = Decimal(str(value)) if isinstance(value, float) else value
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(rounded) if isinstance(value, float) else rounded


def _compare(operator):
    def apply(a, b):
        a, b = numbers(a, b) if isinstance(a, (int, float, Decimal)) else (a, b)
        return operator(a, b)
    return apply


FUNCTIONS = {
    "not": lambda a: not a,
    "neg": lambda a: -a,
    "+": lambda a, b: sum(numbers(a, b)),
    "-": lambda a, b: numbers(a, b)[0] - numbers(a, b)[1],
    "*": lambda a, b: numbers(a, b)[0] * numbers(a, b)[1],
    "/": divide,
    "=": _compare(lambda a, b: a == b),
    "!=": _compare(lambda a, b: a != b),
    "<": _compare(lambda a, b: a < b),
    "<=": _compare(lambda a, b: a <= b),
    ">": _compare(lambda a, b: a > b),
    ">=": _compare(lambda a, b: a >= b),
    "like": like,
    "contains": lambda text, part: part in text,
    "starts_with": lambda text, part: text.startswith(part),
    "ends_with": lambda text, part: text.endswith(part),
    "add_interval": lambda value, interval: add_interval(value, interval),
    "sub_interval": lambda value, interval: add_interval(value, interval, -1),
    "to_timestamp": lambda value: value if isinstance(value, dt.datetime)
    else dt.datetime.combine(value, dt.time()),
    "lower": str.lower,
    "upper": str.upper,
    "trim": lambda text: text.strip(" "),
    "length": len,
    "abs": abs,
    "round": round_half_away,
    "year": lambda value: value.year,
    "month": lambda value: value.month,
    "day": lambda value: value.day,
    "days_between": lambda first, last: (as_date(last) - as_date(first)).days,
}
