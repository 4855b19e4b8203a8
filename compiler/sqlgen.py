"""Checked campaign → one sqlglot query per saved audience.

The population of each step is a common table expression (`population_N`) holding the key
columns of the current dimension (named after the key attributes) followed by the enriched
names in scope. Invariant: a population never holds two rows with the same key.

* `target D` (and `read audience`) with the `filter`s that follow it is one SELECT over D's
  table; a later `filter` is a SELECT over the population joined back to the table on the key.
* To-one paths are LEFT JOINs (a missing row gives nulls); `exists` is a correlated EXISTS and
  an aggregate a correlated scalar subquery, so a to-many link never multiplies records.
* `union` adds the inner records whose key is not already there (enriched names are null on
  them); `intersect` and `exclude` are EXISTS / NOT EXISTS on the key, never IN / NOT IN.
* `change dimension` gives the DISTINCT keys of the records reached through the link.
* `dedup` and `limit` number the records with ROW_NUMBER(): the `order by` keys with nulls
  last in either direction, then the key ascending, so ties are broken the same way on every
  engine. `N%` keeps floor(records * N / 100), compared in integers.
* `split`: without `overlap` a record goes to the first segment whose condition is true (a
  CASE); a segment's `limit` then cuts its records, and the records cut go to `otherwise`
  with those no condition took. They are not offered to later segments.
* `save audience` selects the mapping value (column named as the mapping, lower case) and the
  `with` items from the population, leaving out records whose mapping value is null.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import UnsupportedError

from compiler import dialects, naming
from compiler.clock import Clock
from compiler.dialects import DialectRules
from compiler.expressions import ExpressionBuilder, Unsupported, connect, sql_type
from dsl import model as m

logger = logging.getLogger(__name__)

POPULATION_ALIAS = "p"
ROW_NUMBER = "camp_row_number"
RECORD_COUNT = "camp_records"
SEGMENT = "camp_segment"
AGGREGATES = {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}

_CTE_NAME = re.compile(r"population_\d+\Z")


@dataclass(frozen=True, slots=True)
class Population:
    """The records of one step: a CTE with the key columns and the enriched names."""

    cte: str
    dimension: m.DimensionInfo
    enriched: tuple[tuple[str, str], ...] = ()      # (name, type), in column order


@dataclass(frozen=True, slots=True)
class AudienceQuery:
    """What a `save audience` needs: the rows to save and the counts to report."""

    save: m.SaveStep
    rows: exp.Select        # mapping value, then the `with` items; null mappings left out
    counts: exp.Select      # one row: `records` in the population, `mapped` among them


class Aliases:
    """Table aliases of one SELECT and its subqueries, unique so correlations stay right."""

    def __init__(self) -> None:
        self.used = {POPULATION_ALIAS}

    def take(self, wanted: str) -> str:
        name, suffix = wanted, 2
        while name in self.used or _CTE_NAME.match(name):
            name, suffix = f"{wanted}_{suffix}", suffix + 1
        self.used.add(name)
        return name


class Scope:
    """The record in context inside one SELECT.

    Either a dimension's table (`table_alias`, for `target` and inside subqueries) or a
    population (`FROM population_N AS p`), whose dimension table is joined on the key only
    when a column of it is needed. To-one links are LEFT JOINed once per path.
    """

    def __init__(self, compiler: CampaignCompiler, dimension: m.DimensionInfo, aliases: Aliases,
                 table_alias: str | None = None, population: Population | None = None):
        self.compiler = compiler
        self.rules = compiler.rules
        self.dimension = dimension
        self.aliases = aliases
        self.population = population
        self._base = table_alias
        self._paths: dict[tuple[str, ...], str] = {}
        self.joins: list[exp.Join] = []

    # ------------------------------------------------------------------ tables

    def ident(self, name: str, exact: bool = False) -> exp.Identifier:
        return naming.identifier(name, self.rules, exact)

    def from_table(self) -> exp.Table:
        if self.population is not None:
            return self.compiler.cte_table(self.population.cte, POPULATION_ALIAS)
        return naming.source_table(self.dimension.source, self.rules, self._base)

    def base(self) -> str:
        """The alias of the dimension table, joined to the population on first use."""
        if self._base is None:
            self._base = self.aliases.take(self.dimension.name)
            on = connect([
                exp.EQ(this=self.physical(self._base, key), expression=self.key_column(key))
                for key in self.dimension.key
            ])
            table = naming.source_table(self.dimension.source, self.rules, self._base)
            self.joins.append(exp.Join(this=table, on=on))
        return self._base

    def record(self, via: tuple[m.LinkInfo, ...]) -> str:
        """The alias of the record reached through to-one links, LEFT JOINed once per path."""
        alias = self.base()
        for depth, link in enumerate(via):
            path = tuple(step.name for step in via[: depth + 1])
            if path not in self._paths:
                self._paths[path] = self._join_link(alias, link)
            alias = self._paths[path]
        return alias

    def _join_link(self, alias: str, link: m.LinkInfo) -> str:
        target = self.compiler.catalog.dimension(link.target)
        joined = self.aliases.take(link.name)
        local = self.compiler.catalog.dimension(link.owner).attributes[link.local]
        on = exp.EQ(
            this=self.physical(joined, target.attributes[link.remote]),
            expression=self.physical(alias, local),
        )
        table = naming.source_table(target.source, self.rules, joined)
        self.joins.append(exp.Join(this=table, side="LEFT", on=on))
        return joined

    # ------------------------------------------------------------------ columns

    def physical(self, alias: str, attribute: m.AttributeInfo) -> exp.Column:
        return exp.Column(this=self.ident(attribute.column, attribute.exact),
                          table=self.ident(alias))

    def key_column(self, key: m.AttributeInfo) -> exp.Expression:
        """A key column of the record: from the population, else from the table."""
        if self.population is not None:
            return exp.Column(this=self.ident(key.name), table=self.ident(POPULATION_ALIAS))
        return self.physical(self.base(), key)

    def keys(self) -> list[exp.Expression]:
        """The key columns, named after the key attributes, as a population selects them."""
        return [self.compiler.named(self.key_column(k), k.name) for k in self.dimension.key]

    def enriched_columns(self, leave_out: frozenset[str] = frozenset()) -> list[exp.Expression]:
        if self.population is None:
            return []
        return [self.enriched(name) for name, _ in self.population.enriched
                if name not in leave_out]

    def column(self, column: m.Column) -> exp.Expression:
        return self.physical(self.record(column.via), column.attribute)

    def enriched(self, name: str) -> exp.Expression:
        return exp.Column(this=self.ident(name), table=self.ident(POPULATION_ALIAS))

    # ------------------------------------------------------------------ to-many links

    def _linked(self, via: tuple[m.LinkInfo, ...]) -> tuple[Scope, exp.Expression]:
        """A scope over the records of the to-many link ending `via`, and its correlation."""
        link = via[-1]
        outer = self.record(via[:-1])
        target = self.compiler.catalog.dimension(link.target)
        inner = Scope(self.compiler, target, self.aliases, self.aliases.take(target.name))
        local = self.compiler.catalog.dimension(link.owner).attributes[link.local]
        correlation = exp.EQ(
            this=inner.physical(inner.base(), target.attributes[link.remote]),
            expression=self.physical(outer, local),
        )
        return inner, correlation

    def exists(self, node: m.Exists) -> exp.Expression:
        inner, correlation = self._linked(node.via)
        where = self._linked_where(inner, correlation, node.where)
        return exp.Exists(this=inner.select([exp.Literal.number(1)], where))

    def aggregate(self, node: m.Aggregate) -> exp.Expression:
        inner, correlation = self._linked(node.via)
        if node.function == "count":
            value = exp.Count(this=exp.Star())
        else:
            value = AGGREGATES[node.function](this=self.compiler.build(node.value, inner))
        where = self._linked_where(inner, correlation, node.where)
        return exp.Subquery(this=inner.select([value], where))

    def _linked_where(self, inner: Scope, correlation: exp.Expression,
                      condition: m.Expr | None) -> exp.Expression:
        if condition is None:
            return correlation
        return connect([correlation, self.compiler.build(condition, inner)])

    # ------------------------------------------------------------------ assembly

    def select(self, projections: list[exp.Expression], where: exp.Expression | None = None,
               distinct: bool = False) -> exp.Select:
        """A SELECT over this scope; build `projections` and `where` first (they add joins)."""
        query = exp.Select(expressions=projections)
        query.set("from_", exp.From(this=self.from_table()))
        if self.joins:
            query.set("joins", list(self.joins))
        if where is not None:
            query.set("where", exp.Where(this=where))
        if distinct:
            query.set("distinct", exp.Distinct())
        return query


class CampaignCompiler:
    """Compiles the flow of one campaign into queries, one per `save audience`."""

    def __init__(self, catalog: m.Catalog, rules: DialectRules, clock: Clock,
                 audience_schema: str | None = None):
        self.catalog = catalog
        self.rules = rules
        self.clock = clock
        self.audience_schema = audience_schema
        self.expressions = ExpressionBuilder(rules, clock)
        self.ctes: dict[str, exp.Select] = {}
        self.inputs: dict[str, tuple[str, ...]] = {}
        self.audiences: list[AudienceQuery] = []

    def compile(self, campaign: m.CheckedCampaign) -> list[AudienceQuery]:
        """The queries of every `save audience` of the campaign, in flow order."""
        self.flow(campaign.steps, None)
        return self.audiences

    def population_query(self, steps: tuple[m.Step, ...]) -> exp.Select:
        """The keys (and enriched names) of the population a flow ends on, for tests and
        the reference evaluator."""
        population = self.flow(steps, None)
        scope = self.population_scope(population)
        ordering = [exp.Ordered(this=scope.key_column(k)) for k in population.dimension.key]
        query = scope.select(self.columns_of(scope)).order_by(*ordering, copy=False)
        return self.with_ctes(query, population)

    # ------------------------------------------------------------------ helpers

    def build(self, node: m.Expr, scope: Scope) -> exp.Expression:
        return self.expressions.build(node, scope)

    def named(self, value: exp.Expression, name: str) -> exp.Expression:
        """`value AS name`, leaving out the alias where the column already has that name."""
        ident = naming.identifier(name, self.rules)
        if isinstance(value, exp.Column) and value.this == ident:
            return value
        return exp.Alias(this=value, alias=ident)

    def cte_table(self, cte: str, alias: str) -> exp.Table:
        return exp.Table(this=exp.to_identifier(cte),
                         alias=exp.TableAlias(this=naming.identifier(alias, self.rules)))

    def add_cte(self, query: exp.Select, *inputs: Population) -> str:
        name = f"population_{len(self.ctes) + 1}"
        self.ctes[name] = query
        self.inputs[name] = tuple(sorted({p.cte for p in inputs}))
        return name

    def with_ctes(self, query: exp.Select, population: Population) -> exp.Select:
        """`query` preceded by the CTEs it needs, in the order they were made."""
        needed: set[str] = set()
        pending = [population.cte]
        while pending:
            name = pending.pop()
            if name not in needed:
                needed.add(name)
                pending.extend(self.inputs[name])
        for name in self.ctes:
            if name in needed:
                query = query.with_(name, as_=self.ctes[name].copy(), copy=False)
        return query

    def population_scope(self, population: Population) -> Scope:
        return Scope(self, population.dimension, Aliases(), population=population)

    def columns_of(self, scope: Scope, leave_out: frozenset[str] = frozenset()) -> list:
        return scope.keys() + scope.enriched_columns(leave_out)

    # ------------------------------------------------------------------ flow

    def flow(self, steps: tuple[m.Step, ...], population: Population | None) -> Population | None:
        """Compile a sequence of steps; the population it ends on (None after a split)."""
        index = 0
        while index < len(steps):
            step = steps[index]
            try:
                if isinstance(step, (m.TargetStep, m.ReadStep, m.FilterStep)):
                    start = index + 1 if not isinstance(step, m.FilterStep) else index
                    conditions, index = self._filters(steps, start)
                    population = self.start(step, conditions, population)
                    continue
                population = self.step(step, population)
            except Unsupported as failure:
                failure.span = failure.span or step.span
                raise
            index += 1
        return population

    @staticmethod
    def _filters(steps: tuple[m.Step, ...], index: int) -> tuple[list[m.Expr], int]:
        """The conditions of the consecutive filters from `index`, and the index after them."""
        conditions = []
        while index < len(steps) and isinstance(steps[index], m.FilterStep):
            conditions.append(steps[index].condition)
            index += 1
        return conditions, index

    def start(self, step: m.Step, conditions: list[m.Expr],
              population: Population | None) -> Population:
        if isinstance(step, m.FilterStep):
            return self.filter(population, conditions)
        return self.source(step, conditions)

    def step(self, step: m.Step, population: Population | None) -> Population | None:
        if isinstance(step, m.SaveStep):
            self.save(step, population)
            return population
        handlers = {
            m.CombineStep: self.combine, m.EnrichStep: self.enrich,
            m.ChangeStep: self.change, m.DedupStep: self.dedup, m.LimitStep: self.limit,
            m.SplitStep: self.split,
        }
        return handlers[type(step)](step, population)

    # ------------------------------------------------------------------ target, read, filter

    def source(self, step: m.TargetStep | m.ReadStep, conditions: list[m.Expr]) -> Population:
        """All records of the dimension (or of a saved audience) that pass `conditions`."""
        dimension = self.catalog.dimension(step.dimension)
        aliases = Aliases()
        scope = Scope(self, dimension, aliases, aliases.take(dimension.name))
        tests = [self.build(c, scope) for c in conditions]
        if isinstance(step, m.ReadStep):
            tests.insert(0, self.in_audience(step, scope))
        query = scope.select(scope.keys(), self.all_of(tests))
        return Population(self.add_cte(query), dimension)

    def in_audience(self, step: m.ReadStep, scope: Scope) -> exp.Expression:
        """The record's mapping value is in the saved audience (a semi-join)."""
        mapping = step.mapping
        value = scope.column(m.Column(mapping.via, mapping.attribute))
        alias = scope.aliases.take("audience")
        table = naming.audience_table(step.label, self.audience_schema, self.rules)
        table.set("alias", exp.TableAlias(this=naming.identifier(alias, self.rules)))
        saved = exp.Column(this=naming.identifier(mapping.name.lower(), self.rules),
                           table=naming.identifier(alias, self.rules))
        lookup = exp.Select(expressions=[exp.Literal.number(1)]).from_(table, copy=False)
        return exp.Exists(this=lookup.where(exp.EQ(this=saved, expression=value), copy=False))

    @staticmethod
    def all_of(tests: list[exp.Expression]) -> exp.Expression | None:
        if not tests:
            return None
        return connect(tests)

    def filter(self, population: Population, conditions: list[m.Expr]) -> Population:
        scope = self.population_scope(population)
        where = self.all_of([self.build(c, scope) for c in conditions])
        query = scope.select(self.columns_of(scope), where)
        return Population(self.add_cte(query, population), population.dimension,
                          population.enriched)

    # ------------------------------------------------------------------ save

    def save(self, step: m.SaveStep, population: Population) -> None:
        rows = self.with_ctes(self._saved_rows(step, population), population)
        counts = self.with_ctes(self._counts(step, population), population)
        self.audiences.append(AudienceQuery(step, rows, counts))

    def _mapping_value(self, step: m.SaveStep, scope: Scope) -> exp.Expression:
        return scope.column(m.Column(step.mapping.via, step.mapping.attribute))

    def _saved_rows(self, step: m.SaveStep, population: Population) -> exp.Select:
        scope = self.population_scope(population)
        value = self._mapping_value(step, scope)
        columns = [self.named(value, step.mapping.name.lower())]
        columns += [self.named(self.build(item.expr, scope), item.column) for item in step.items]
        present = exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null()))
        return scope.select(columns, present)

    def _counts(self, step: m.SaveStep, population: Population) -> exp.Select:
        scope = self.population_scope(population)
        value = self._mapping_value(step, scope)
        records = self.named(exp.Count(this=exp.Star()), "records")
        mapped = self.named(exp.Count(this=value), "mapped")
        return scope.select([records, mapped])

    # ------------------------------------------------------------------ enrich

    def enrich(self, step: m.EnrichStep, population: Population) -> Population:
        """Computed columns; a name that uses one assigned in the same step gets its own CTE."""
        group: list[tuple[str, m.Expr]] = []
        for name, value in step.assignments:
            if refers_to(value, {n for n, _ in group}):
                population = self._enrich_group(group, population)
                group = []
            group.append((name, value))
        return self._enrich_group(group, population)

    def _enrich_group(self, group: list[tuple[str, m.Expr]],
                      population: Population) -> Population:
        scope = self.population_scope(population)
        names = frozenset(name for name, _ in group)
        values = [self.named(self.build(value, scope), name) for name, value in group]
        query = scope.select(self.columns_of(scope, names) + values)
        kept = tuple((n, t) for n, t in population.enriched if n not in names)
        added = tuple((name, value.type) for name, value in group)
        return Population(self.add_cte(query, population), population.dimension, kept + added)

    # ------------------------------------------------------------------ union, intersect, exclude

    def combine(self, step: m.CombineStep, population: Population) -> Population:
        inner = self.flow(step.steps, None)
        if step.kind == "union":
            return self.union(population, inner)
        scope = self.population_scope(population)
        test = self.same_key_in(inner, scope.aliases, POPULATION_ALIAS)
        where = exp.Not(this=test) if step.kind == "exclude" else test
        query = scope.select(self.columns_of(scope), where)
        return Population(self.add_cte(query, population, inner), population.dimension,
                          population.enriched)

    def same_key_in(self, population: Population, aliases: Aliases, alias: str) -> exp.Exists:
        """EXISTS a record of `population` with the key of the record aliased `alias`."""
        other = aliases.take("other")
        on = connect([
            exp.EQ(this=self.key_of(other, key), expression=self.key_of(alias, key))
            for key in population.dimension.key
        ])
        lookup = exp.Select(expressions=[exp.Literal.number(1)])
        lookup = lookup.from_(self.cte_table(population.cte, other), copy=False)
        return exp.Exists(this=lookup.where(on, copy=False))

    def key_of(self, alias: str, key: m.AttributeInfo) -> exp.Column:
        return exp.Column(this=naming.identifier(key.name, self.rules),
                          table=naming.identifier(alias, self.rules))

    def union(self, population: Population, inner: Population) -> Population:
        """The records of both; the inner ones already there are not added again."""
        scope = self.population_scope(population)
        first = scope.select(self.columns_of(scope))
        aliases = Aliases()
        added = aliases.take("added")
        keys = [self.key_of(added, key) for key in inner.dimension.key]
        nulls = [
            self.named(exp.cast(exp.Null(), sql_type(type_name)), name)
            for name, type_name in population.enriched
        ]
        from_inner = exp.Select(expressions=keys + nulls)
        from_inner = from_inner.from_(self.cte_table(inner.cte, added), copy=False)
        already = self.same_key_in(population, aliases, added)
        from_inner = from_inner.where(exp.Not(this=already), copy=False)
        query = exp.union(first, from_inner, distinct=False, copy=False)
        return Population(self.add_cte(query, population, inner), population.dimension,
                          population.enriched)

    # ------------------------------------------------------------------ change dimension

    def change(self, step: m.ChangeStep, population: Population) -> Population:
        """The distinct records of the new dimension reached through the link."""
        scope = self.population_scope(population)
        origin = scope.base()
        link = step.link
        target = self.catalog.dimension(step.dimension)
        reached = scope.aliases.take(target.name)
        local = population.dimension.attributes[link.local]
        on = exp.EQ(this=scope.physical(reached, target.attributes[link.remote]),
                    expression=scope.physical(origin, local))
        scope.joins.append(exp.Join(
            this=naming.source_table(target.source, self.rules, reached), on=on,
        ))
        keys = [self.named(scope.physical(reached, k), k.name) for k in target.key]
        query = scope.select(keys, distinct=True)
        return Population(self.add_cte(query, population), target)

    # ------------------------------------------------------------------ dedup, limit

    def dedup(self, step: m.DedupStep, population: Population) -> Population:
        return self.ranked(population, step.by, step.order, step.keep, False)

    def limit(self, step: m.LimitStep, population: Population) -> Population:
        return self.ranked(population, (), step.order, step.count, step.percent)

    def ranked(self, population: Population, partition: tuple[m.Expr, ...],
               order: tuple[m.OrderKey, ...], count: int, percent: bool) -> Population:
        """The first `count` records (or `count`%) of each partition in the given order."""
        scope = self.population_scope(population)
        ordering = [
            exp.Ordered(this=self.build(key.expr, scope), desc=key.descending, nulls_first=False)
            for key in order
        ]
        ordering += [exp.Ordered(this=scope.key_column(k), nulls_first=False)
                     for k in population.dimension.key]
        window = exp.Window(this=exp.RowNumber(), order=exp.Order(expressions=ordering))
        if partition:
            window.set("partition_by", [self.build(e, scope) for e in partition])
        extra = [self.named(window, ROW_NUMBER)]
        if percent:
            extra.append(self.named(exp.Window(this=exp.Count(this=exp.Star())), RECORD_COUNT))
        numbered = Population(self.add_cte(scope.select(self.columns_of(scope) + extra),
                                           population),
                              population.dimension, population.enriched)

        kept = self.population_scope(numbered)
        position = self.key_of(POPULATION_ALIAS, _internal(ROW_NUMBER))
        if percent:
            total = self.key_of(POPULATION_ALIAS, _internal(RECORD_COUNT))
            within = exp.LTE(this=exp.Mul(this=position, expression=exp.Literal.number(100)),
                             expression=exp.Mul(this=total, expression=exp.Literal.number(count)))
        else:
            within = exp.LTE(this=position, expression=exp.Literal.number(count))
        query = kept.select(self.columns_of(kept), within)
        return Population(self.add_cte(query, numbered), population.dimension,
                          population.enriched)

    # ------------------------------------------------------------------ split

    def split(self, step: m.SplitStep, population: Population) -> None:
        """Compile each segment's flow, then `otherwise`; a split ends the flow it is in."""
        if step.overlap:
            chosen = [self.filter(population, [s.condition]) for s in step.segments]
        else:
            chosen = self._first_match(step, population)
        taken = []
        for segment, members in zip(step.segments, chosen):
            if segment.limit is not None:
                members = self.limit(segment.limit, members)
            taken.append(members)
            self.flow(segment.steps, members)
        if step.otherwise is not None:
            self.flow(step.otherwise, self._left_over(population, taken))
        return None

    def _first_match(self, step: m.SplitStep, population: Population) -> list[Population]:
        scope = self.population_scope(population)
        routes = [
            exp.If(this=self.build(s.condition, scope), true=exp.Literal.number(n))
            for n, s in enumerate(step.segments, start=1)
        ]
        route = self.named(exp.Case(ifs=routes), SEGMENT)
        routed = Population(self.add_cte(scope.select(self.columns_of(scope) + [route]),
                                         population),
                            population.dimension, population.enriched)
        chosen = []
        for number in range(1, len(step.segments) + 1):
            members = self.population_scope(routed)
            test = exp.EQ(this=self.key_of(POPULATION_ALIAS, _internal(SEGMENT)),
                          expression=exp.Literal.number(number))
            query = members.select(self.columns_of(members), test)
            chosen.append(Population(self.add_cte(query, routed), population.dimension,
                                     population.enriched))
        return chosen

    def _left_over(self, population: Population, taken: list[Population]) -> Population:
        scope = self.population_scope(population)
        tests = [exp.Not(this=self.same_key_in(p, scope.aliases, POPULATION_ALIAS))
                 for p in taken]
        query = scope.select(self.columns_of(scope), self.all_of(tests))
        return Population(self.add_cte(query, population, *taken), population.dimension,
                          population.enriched)


def _internal(name: str) -> m.AttributeInfo:
    """A column of ours (row number, segment) addressed like a key column."""
    return m.AttributeInfo(name, m.INTEGER, name, False)


def refers_to(node: m.Expr | None, names: set[str]) -> bool:
    """Whether an expression uses one of the enriched `names`."""
    if node is None or not names:
        return False
    if isinstance(node, m.EnrichedRef):
        return node.name in names
    if isinstance(node, m.Call):
        return any(refers_to(a, names) for a in node.args)
    if isinstance(node, m.Aggregate):
        return refers_to(node.value, names) or refers_to(node.where, names)
    if isinstance(node, m.Exists):
        return refers_to(node.where, names)
    return False


def render(expression: exp.Expression, rules: DialectRules, span=None) -> str:
    """Pretty SQL for the dialect; a construct it cannot express raises `Unsupported`."""
    try:
        adapted = dialects.adapt(expression, rules)
        # copy=False: sqlglot would deep-copy the whole tree first (a third of the time spent
        # generating); every tree here is printed once, then dropped.
        return adapted.sql(dialect=rules.sqlglot, pretty=True, copy=False,
                           unsupported_level=sqlglot.ErrorLevel.RAISE)
    except UnsupportedError as failure:
        raise Unsupported(str(failure).splitlines()[0], span) from failure
    except Unsupported as failure:
        failure.span = failure.span or span
        raise


def campaign_queries(campaign: m.CheckedCampaign, catalog: m.Catalog, rules: DialectRules,
                     clock: Clock, audience_schema: str | None = None) -> list[AudienceQuery]:
    """The query of each `save audience` of a checked campaign."""
    compiler = CampaignCompiler(catalog, rules, clock, audience_schema)
    queries = compiler.compile(campaign)
    logger.debug("campaign %r: %d CTEs, %d audiences", campaign.name, len(compiler.ctes),
                 len(queries))
    return queries
