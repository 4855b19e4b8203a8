"""`camp run`: execute published campaigns on a database and save their audiences.

Engines: DuckDB (`path`, `duckdb:///path`, `:memory:`), SQLite (`sqlite:///path`),
PostgreSQL (`postgresql://...`) and Spark (`spark://local`, `spark://host:port`), one module
each in `compiler.runners`; a relative path is resolved against the project root. The default
database is `database` in camp.toml, else `camp.duckdb` in the project root.

* The clock is read once, at the start, in the project's time zone; `--as-of DATE` fixes
  today to DATE and now to its midnight.
* The whole run is atomic: one transaction where the engine's DDL is transactional
  (DuckDB, PostgreSQL, SQLite), build-then-swap on Spark. A failure anywhere (a missing
  table, bad SQL) rolls back every change, so saved audiences and registry rows stay as
  they were. It is reported as E500 with the database's message (first line) and the
  campaign.
* Before anything changes, a label whose registry row belongs to another campaign refuses
  the whole run (E501).
* Drafts are counted (the rows their audiences would hold) but nothing of theirs is saved.
* `--campaign NAME` runs that campaign together with the campaigns it reads audiences from,
  directly or not, in dependency order, so it never reads a stale or missing audience.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from sqlglot import exp

from compiler import envelope, naming, runners
from compiler.clock import Clock
from compiler.compile import audience_queries
from compiler.dialects import DialectRules
from compiler.expressions import Unsupported
from compiler.runners import DEFAULT_DATABASE, Engine
from compiler.sqlgen import AudienceQuery, render
from dsl import model as m
from dsl.ast import NO_SPAN
from dsl.diagnostics import Diagnostic, error, has_errors

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AudienceReport:
    label: str
    campaign: str
    table_name: str | None       # None for a draft: nothing saved
    row_count: int               # rows saved (or that a draft would save)
    left_out: int                # records left out for a null mapping value
    saved: bool


@dataclass(slots=True)
class RunReport:
    database: str
    audiences: list[AudienceReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    steps: dict[str, list] = field(default_factory=dict)   # campaign -> explain.StepCount

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def exit_status(self) -> int:
        """0 success, 1 check errors, 3 database failure (E500, E501, E502)."""
        if self.ok:
            return 0
        database = {"E500", "E501", "E502"}
        return 3 if any(d.code in database for d in self.diagnostics) else 1


class UnknownCampaign(ValueError):
    """`--campaign NAME` names no campaign of the project (a usage error)."""


class RunFailed(Exception):
    """Stops the run; the transaction is rolled back and the diagnostic reported."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def source_schemas(project: m.CheckedProject) -> set[str]:
    """The schemas the project's sources name (SQLite attaches one file per schema)."""
    return {d.source[-2].text for d in project.catalog.dimensions.values()
            if len(d.source) >= 2}


def selected_campaigns(project: m.CheckedProject, name: str | None) -> list[m.CheckedCampaign]:
    """All campaigns, or `name` and what it depends on, in the project's dependency order."""
    if name is None:
        return list(project.campaigns)
    by_name = {c.name: c for c in project.campaigns}
    if name not in by_name:
        raise UnknownCampaign(f"no campaign named {name!r}")
    wanted, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in wanted:
            wanted.add(current)
            pending.extend(by_name[current].depends_on)
    return [c for c in project.campaigns if c.name in wanted]


def run_project(project: m.CheckedProject, db: str | None = None, as_of: date | None = None,
                campaign: str | None = None, connection=None, explain: bool = False) -> RunReport:
    """Run the published campaigns (or `campaign` and its dependencies) atomically.

    `db` is a `--db` value (see `compiler.runners`); `connection` is an open DuckDB
    connection to use instead of opening `db` (tests). `explain` also counts the records each
    step keeps (`report.steps`).
    """
    if has_errors(project.diagnostics):
        return RunReport("", diagnostics=list(project.diagnostics))
    campaigns = selected_campaigns(project, campaign)
    target = db or project.config.database or DEFAULT_DATABASE
    try:
        engine = runners.open_engine(target, project.root, connection)
    except runners.ConnectionFailed as failed:
        return RunReport(target, diagnostics=[error(
            "E500", str(failed), NO_SPAN, hint="set `database` in camp.toml or pass --db")])
    report = RunReport(engine.label)
    clock = Clock.as_of(as_of, project.config.timezone) if as_of else Clock.started(
        project.config.timezone)
    logger.info("run on %s, today %s", engine.label, clock.today)
    try:
        runner = Runner(project, engine, clock, report)
        runner.explain = explain
        runner.run(campaigns)
    except RunFailed as failed:
        report.audiences.clear()
        report.diagnostics.append(failed.diagnostic)
    finally:
        engine.close()
    return report


class Runner:
    """One run on one engine: the same steps everywhere, the engine makes them atomic."""

    def __init__(self, project: m.CheckedProject, engine: Engine, clock: Clock,
                 report: RunReport):
        self.project = project
        self.engine = engine
        self.clock = clock
        self.report = report
        self.rules: DialectRules = engine.rules
        self.schema = project.config.audience_schema
        self.explain = False

    def run(self, campaigns: list[m.CheckedCampaign]) -> None:
        planned = [(c, self.queries(c)) for c in campaigns]
        current = None
        try:
            self.engine.prepare(source_schemas(self.project), self.schema)
        except runners.ConnectionFailed as failed:
            raise RunFailed(error("E500", str(failed), NO_SPAN)) from failed
        self.engine.begin()
        try:
            self.refuse_foreign_labels(campaigns)
            if any(c.published and queries for c, queries in planned):
                self.engine.execute(envelope.setup(self.schema, self.rules))
            for current, queries in planned:
                for query in queries:
                    self.report.audiences.append(self.audience(current, query))
                if self.explain:
                    self.report.steps[current.name] = self.count_steps(current)
        except self.engine.errors as failure:
            self.engine.rollback()
            raise RunFailed(database_failure(failure, current)) from failure
        except Unsupported as failure:
            self.engine.rollback()
            raise RunFailed(self.unsupported(failure, current)) from failure
        except BaseException:
            self.engine.rollback()
            raise
        try:
            self.engine.commit()
        except self.engine.errors as failure:
            self.engine.rollback()
            raise RunFailed(database_failure(failure, current)) from failure

    def count_steps(self, campaign: m.CheckedCampaign) -> list:
        """`--explain`: the records each step keeps, after the campaign's audiences are saved."""
        from compiler.explain import count_steps

        return count_steps(campaign, self.project, self.rules, self.clock,
                           lambda sql: self.execute(sql, fetch=True))

    def queries(self, campaign: m.CheckedCampaign) -> list[AudienceQuery]:
        try:
            return audience_queries(campaign, self.project, self.rules, self.clock)
        except Unsupported as failure:
            raise RunFailed(self.unsupported(failure, campaign)) from failure

    def unsupported(self, failure: Unsupported, campaign: m.CheckedCampaign | None):
        span = failure.span or (campaign.span if campaign else None) or NO_SPAN
        return error("E502", f"{failure.construct} cannot be expressed in dialect "
                             f"`{self.rules.name}`", span)

    def execute(self, sql: str, *, fetch: bool = False):
        if fetch:
            return self.engine.fetch(sql)
        self.engine.execute(sql)
        return None

    # ------------------------------------------------------------------ ownership

    def refuse_foreign_labels(self, campaigns: list[m.CheckedCampaign]) -> None:
        """E501 (nothing changes) for a label that another campaign saved first."""
        owners = self.registry_owners()
        refusals = []
        for campaign in campaigns:
            if not campaign.published:
                continue
            for save in campaign.saves:
                owner = owners.get(save.key)
                if owner is not None and owner != campaign.name:
                    refusals.append(error(
                        "E501", f"audience `{save.label}` belongs to campaign `{owner}`",
                        save.span or campaign.span or NO_SPAN,
                        hint="choose another label, or remove the audience from "
                             f"`{owner}` and its registry row first",
                    ))
        if refusals:
            self.report.diagnostics.extend(refusals[1:])
            raise RunFailed(refusals[0])

    def registry_owners(self) -> dict[str, str]:
        """Normalized label → campaign, from the registry when it exists."""
        registry = naming.registry_table(self.schema, self.rules)
        if not self.table_exists(registry):
            return {}
        query = exp.select("label", "campaign").from_(registry)
        rows = self.execute(render(query, self.rules), fetch=True)
        return {m.normalize_label(label): campaign for label, campaign in sorted(rows)}

    def table_exists(self, table: exp.Table) -> bool:
        return self.engine.table_exists(table)

    # ------------------------------------------------------------------ audiences

    def audience(self, campaign: m.CheckedCampaign, query: AudienceQuery) -> AudienceReport:
        save = query.save
        counts = self.engine.reading(query.counts)
        records, mapped = self.execute(render(counts, self.rules), fetch=True)[0]
        if not campaign.published:
            return AudienceReport(save.label, campaign.name, None, mapped, records - mapped,
                                  False)
        built = self.engine.save(query, campaign.name, self.schema)
        count = exp.select(exp.Count(this=exp.Star())).from_(built)
        row_count = self.execute(render(count, self.rules), fetch=True)[0][0]
        table_name = render(naming.audience_table(save.label, self.schema, self.rules),
                            self.rules)
        return AudienceReport(save.label, campaign.name, table_name, row_count,
                              records - mapped, True)


def database_failure(failure: Exception, campaign: m.CheckedCampaign | None) -> Diagnostic:
    message = (str(failure).strip().splitlines() or ["database error"])[0]
    where = f" while running campaign `{campaign.name}`" if campaign else ""
    span = (campaign.span if campaign else None) or NO_SPAN
    return error("E500", f"database failure{where}: {message}", span,
                 hint="nothing was changed: the run was rolled back")
