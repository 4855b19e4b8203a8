"""`camp compile`: a checked project → one SQL script per campaign, for one dialect.

A published campaign's script creates the registry if missing, then for each saved audience
replaces its table and upserts its registry row, inside one transaction where the dialect's
DDL is transactional. A draft's script holds only the query of each audience (a draft saves
nothing). Scripts are deterministic: campaigns come in the project's order and nothing
depends on set order or the hash seed.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from compiler import envelope, naming
from compiler.clock import Clock
from compiler.dialects import DIALECTS, DialectRules, dialect_rules
from compiler.expressions import Unsupported
from compiler.sqlgen import AudienceQuery, campaign_queries
from dsl import model as m
from dsl.ast import NO_SPAN
from dsl.diagnostics import Diagnostic, error

logger = logging.getLogger(__name__)

DIALECT_NAMES = tuple(DIALECTS)


@dataclass(frozen=True, slots=True)
class CompiledCampaign:
    name: str
    file_stem: str          # safe as a file name: `<stem>.sql` in `-o DIR`
    sql: str


def clock_for(config: m.Config, as_of: date | None) -> Clock:
    """`--as-of` fixes the clock; otherwise the warehouse reads its own at run time."""
    if as_of is not None:
        return Clock.as_of(as_of, config.timezone)
    return Clock.floating(config.timezone)


def describe_today(clock: Clock) -> str:
    if clock.fixed:
        return f"{clock.today.isoformat()} (fixed)"
    return f"the current date in {clock.timezone}"


def compile_project(project: m.CheckedProject, dialect: str,
                    as_of: date | None = None) -> tuple[list[CompiledCampaign], list[Diagnostic]]:
    """Every campaign of a checked project as a script for `dialect`.

    A campaign that uses a construct the dialect cannot express gets an E502 diagnostic and
    no script. An unknown dialect is a ValueError (the command line checks it first).
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {DIALECT_NAMES}")
    rules = dialect_rules(dialect)
    clock = clock_for(project.config, as_of)
    stems = file_stems([c.name for c in project.campaigns])
    compiled, diagnostics = [], []
    for campaign in project.campaigns:
        try:
            sql = compile_campaign(campaign, project, rules, clock)
        except Unsupported as failure:
            diagnostics.append(unsupported(failure, campaign, rules))
            continue
        compiled.append(CompiledCampaign(campaign.name, stems[campaign.name], sql))
    return compiled, diagnostics


def compile_campaign(campaign: m.CheckedCampaign, project: m.CheckedProject,
                     rules: DialectRules, clock: Clock) -> str:
    """The script of one campaign; raises `Unsupported`."""
    schema = project.config.audience_schema
    queries = audience_queries(campaign, project, rules, clock)
    if campaign.published:
        audiences = [envelope.audience(q, campaign.name, schema, rules) for q in queries]
    else:
        audiences = [envelope.draft(q, schema, rules) for q in queries]
    setup = envelope.setup(schema, rules)
    return envelope.script(campaign, audiences, setup, describe_today(clock), rules)


def audience_queries(campaign: m.CheckedCampaign, project: m.CheckedProject,
                     rules: DialectRules, clock: Clock) -> list[AudienceQuery]:
    return campaign_queries(campaign, project.catalog, rules, clock,
                            project.config.audience_schema)


def unsupported(failure: Unsupported, campaign: m.CheckedCampaign,
                rules: DialectRules) -> Diagnostic:
    span = failure.span or campaign.span or NO_SPAN
    return error(
        "E502", f"{failure.construct} cannot be expressed in dialect `{rules.name}`", span,
        hint=f"campaign `{campaign.name}` has no SQL for `{rules.name}`; "
             "rewrite the step or compile for another dialect",
    )


def file_stems(names: list[str]) -> dict[str, str]:
    """A file name per campaign: its slug, with a short hash where two slugs collide."""
    slugs = {name: naming.slug(name) or "campaign" for name in names}
    counts: dict[str, int] = {}
    for value in slugs.values():
        counts[value] = counts.get(value, 0) + 1
    stems = {}
    for name, value in slugs.items():
        if counts[value] > 1 or value == "campaign":
            value = f"{value}_{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
        stems[name] = value
    return stems
