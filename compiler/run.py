"""`camp run`: execute published campaigns on a database and save their audiences.

DuckDB only for now (`path`, `duckdb:///path`, `:memory:`); a relative path is resolved
against the project root. The default database is `database` in camp.toml, else
`camp.duckdb` in the project root.

* The clock is read once, at the start, in the project's time zone; `--as-of DATE` fixes
  today to DATE and now to its midnight.
* The whole run is one transaction: a failure anywhere (a missing table, bad SQL) rolls back
  every change, so saved audiences and registry rows stay as they were. It is reported as
  E500 with the database's message (first line) and the campaign.
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
from pathlib import Path

from sqlglot import exp

from compiler import envelope, naming
from compiler.clock import Clock
from compiler.compile import audience_queries
from compiler.dialects import DialectRules, dialect_rules
from compiler.expressions import Unsupported
from compiler.sqlgen import AudienceQuery, render
from dsl import model as m
from dsl.ast import NO_SPAN
from dsl.diagnostics import Diagnostic, error, has_errors

logger = logging.getLogger(__name__)

DEFAULT_DATABASE = "camp.duckdb"


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


def database_path(project: m.CheckedProject, db: str | None) -> str:
    """The DuckDB database to open: a file path, or `:memory:`."""
    target = db or project.config.database or DEFAULT_DATABASE
    if target.startswith("duckdb:///"):
        # duckdb:///relative/path, duckdb:////absolute/path, duckdb:/// for memory
        target = target[len("duckdb:///"):] or ":memory:"
    if "://" in target:
        raise RunFailed(error(
            "E500", f"database `{target}` is not supported by `camp run` yet", NO_SPAN,
            hint="give a DuckDB file path or a duckdb:///path URL",
        ))
    if target == ":memory:":
        return target
    path = Path(target)
    return str(path if path.is_absolute() else project.root / path)


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
                campaign: str | None = None, connection=None) -> RunReport:
    """Run the published campaigns (or `campaign` and its dependencies) in one transaction.

    `connection` is an open DuckDB connection to use instead of opening `db` (tests).
    """
    import duckdb

    if has_errors(project.diagnostics):
        return RunReport("", diagnostics=list(project.diagnostics))
    campaigns = selected_campaigns(project, campaign)
    try:
        path = database_path(project, db) if connection is None else "(connection)"
    except RunFailed as failed:
        return RunReport(db or "", diagnostics=[failed.diagnostic])
    report = RunReport(path)
    clock = Clock.as_of(as_of, project.config.timezone) if as_of else Clock.started(
        project.config.timezone)
    logger.info("run on %s, today %s", path, clock.today)

    if connection is None:
        try:
            con = open_database(path)
        except RunFailed as failed:
            report.diagnostics.append(failed.diagnostic)
            return report
    else:
        con = connection
    try:
        Runner(project, con, clock, report).run(campaigns)
    except RunFailed as failed:
        report.audiences.clear()
        report.diagnostics.append(failed.diagnostic)
    finally:
        if connection is None:
            con.close()
    return report


def open_database(path: str):
    """A DuckDB connection to an existing database file (or to memory).

    A missing file is an error rather than a new empty database: a run reads source tables,
    so an empty database can only fail later, further from the cause.
    """
    import duckdb

    if path != ":memory:" and not Path(path).is_file():
        raise RunFailed(error("E500", f"database file not found: {path}", NO_SPAN,
                              hint="set `database` in camp.toml or pass --db"))
    try:
        return duckdb.connect(path)
    except duckdb.Error as failure:
        message = (str(failure).strip().splitlines() or ["cannot open"])[0]
        raise RunFailed(error("E500", f"cannot open database {path}: {message}",
                              NO_SPAN)) from failure


class Runner:
    """One run on one DuckDB connection."""

    def __init__(self, project: m.CheckedProject, con, clock: Clock, report: RunReport):
        self.project = project
        self.con = con
        self.clock = clock
        self.report = report
        self.rules: DialectRules = dialect_rules("duckdb")
        self.schema = project.config.audience_schema

    def run(self, campaigns: list[m.CheckedCampaign]) -> None:
        import duckdb

        planned = [(c, self.queries(c)) for c in campaigns]
        self.con.begin()
        current = None
        try:
            self.refuse_foreign_labels(campaigns)
            if any(c.published and queries for c, queries in planned):
                self.execute(envelope.setup(self.schema, self.rules))
            for current, queries in planned:
                for query in queries:
                    self.report.audiences.append(self.audience(current, query))
        except duckdb.Error as failure:
            self.con.rollback()
            raise RunFailed(database_failure(failure, current)) from failure
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def queries(self, campaign: m.CheckedCampaign) -> list[AudienceQuery]:
        try:
            return audience_queries(campaign, self.project, self.rules, self.clock)
        except Unsupported as failure:
            raise RunFailed(error(
                "E502", f"{failure.construct} cannot be expressed in dialect `duckdb`",
                failure.span or campaign.span or NO_SPAN,
            )) from failure

    def execute(self, sql: str, *, fetch: bool = False):
        logger.debug("SQL sent:\n%s", sql)
        cursor = self.con.execute(sql)
        return cursor.fetchall() if fetch else None

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
        schema = exp.Literal.string(table.db) if table.db else exp.func("current_schema")
        query = (
            exp.select(exp.Count(this=exp.Star()))
            .from_("information_schema.tables")
            .where(exp.EQ(this=exp.column("table_name"), expression=exp.Literal.string(table.name)))
            .where(exp.EQ(this=exp.column("table_schema"), expression=schema))
        )
        return self.execute(render(query, self.rules), fetch=True)[0][0] > 0

    # ------------------------------------------------------------------ audiences

    def audience(self, campaign: m.CheckedCampaign, query: AudienceQuery) -> AudienceReport:
        save = query.save
        records, mapped = self.execute(render(query.counts, self.rules), fetch=True)[0]
        if not campaign.published:
            return AudienceReport(save.label, campaign.name, None, mapped, records - mapped,
                                  False)
        saved = envelope.audience(query, campaign.name, self.schema, self.rules)
        self.execute(saved.sql)
        count = exp.select(exp.Count(this=exp.Star())).from_(
            naming.audience_table(save.label, self.schema, self.rules))
        row_count = self.execute(render(count, self.rules), fetch=True)[0][0]
        return AudienceReport(save.label, campaign.name, saved.table_name, row_count,
                              records - mapped, True)


def database_failure(failure: Exception, campaign: m.CheckedCampaign | None) -> Diagnostic:
    message = (str(failure).strip().splitlines() or ["database error"])[0]
    where = f" while running campaign `{campaign.name}`" if campaign else ""
    span = (campaign.span if campaign else None) or NO_SPAN
    return error("E500", f"database failure{where}: {message}", span,
                 hint="nothing was changed: the run was rolled back")
