"""`camp run --explain`: how many records each step of a campaign keeps.

The SQL generator already gives every step its own population (a CTE); here the flow is
compiled one step at a time, so that consecutive filters, which the generator merges into one
SELECT, are counted apart too, and each population is counted with `SELECT COUNT(*)`. Inner
blocks (`union`, `intersect`, `exclude`) and the flows of a split's segments are listed under
the step they belong to, a segment with the records routed to it (after its `limit`), so an
orchestrated campaign shows how many records pass each transition.

Counting re-reads the source tables once per step: it is meant for looking at a campaign,
not for production runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from sqlglot import exp

from compiler.clock import Clock
from compiler.dialects import DialectRules
from compiler.sqlgen import CampaignCompiler, Population, render
from dsl import model as m

logger = logging.getLogger(__name__)

MAX_TEXT = 60


@dataclass(frozen=True, slots=True)
class StepCount:
    """One line of an explanation: a step, how deep it is nested, the records it keeps."""

    depth: int
    text: str
    records: int


@dataclass(slots=True)
class _Entry:
    depth: int
    text: str
    population: Population | None = None


class _StepRecorder(CampaignCompiler):
    """Compiles a flow step by step and remembers the population after each step."""

    def __init__(self, *args, files: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.files = files
        self.entries: list[_Entry] = []
        self.depth = -1
        self.segments: list[str] = []     # headers of the segment flows still to come

    def flow(self, steps: tuple[m.Step, ...], population: Population | None) -> Population | None:
        levels = 1
        if population is not None and self.segments:
            # A segment's (or `otherwise`'s) flow: `split` compiles them in order. Its header
            # goes under the split, its steps under the header.
            self.entries.append(_Entry(self.depth + 1, self.segments.pop(0), population))
            levels = 2
        self.depth += levels
        try:
            for step in steps:
                entry = _Entry(self.depth, step_text(step, self.files))
                self.entries.append(entry)
                population = self.one_step(step, population)
                entry.population = population
        finally:
            self.depth -= levels
        return population

    def one_step(self, step: m.Step, population: Population | None) -> Population | None:
        if isinstance(step, (m.TargetStep, m.ReadStep)):
            return self.source(step, [])
        if isinstance(step, m.FilterStep):
            return self.filter(population, [step.condition])
        if isinstance(step, m.SplitStep):
            outer = self.segments
            self.segments = [f'segment "{s.label}"' for s in step.segments]
            if step.otherwise is not None:
                self.segments.append("otherwise")
            try:
                self.step(step, population)
            finally:
                self.segments = outer    # a split inside a segment leaves the outer ones
            return population      # the split line counts the records it routes
        return self.step(step, population)


def step_queries(campaign: m.CheckedCampaign, catalog: m.Catalog, rules: DialectRules,
                 clock: Clock, audience_schema: str | None = None,
                 files: dict[str, str] | None = None) -> list[tuple[int, str, exp.Select]]:
    """(depth, step as written, the query counting its records) for every step, in order."""
    recorder = _StepRecorder(catalog, rules, clock, audience_schema, files=files or {})
    recorder.flow(campaign.steps, None)
    queries = []
    for entry in recorder.entries:
        if entry.population is None:
            continue
        count = exp.select(exp.Count(this=exp.Star())).from_(
            recorder.cte_table(entry.population.cte, "p"))
        queries.append((entry.depth, entry.text, recorder.with_ctes(count, entry.population)))
    return queries


def count_steps(campaign: m.CheckedCampaign, project: m.CheckedProject, rules: DialectRules,
                clock: Clock, fetch: Callable[[str], list[tuple]]) -> list[StepCount]:
    """The records each step of `campaign` keeps; `fetch` runs a query and returns its rows."""
    counts = []
    for depth, text, query in step_queries(campaign, project.catalog, rules, clock,
                                           project.config.audience_schema, project.files):
        records = fetch(render(query, rules))[0][0]
        counts.append(StepCount(depth, text, records))
    logger.debug("campaign %r: %d steps counted", campaign.name, len(counts))
    return counts


def step_text(step: m.Step, files: dict[str, str]) -> str:
    """The first line of the step as written in its file, else a short description."""
    span = step.span
    if span is not None and span.file in files and span.line > 0:
        lines = files[span.file].splitlines()
        if span.line <= len(lines):
            text = lines[span.line - 1][span.column - 1:].split("#")[0].strip()
            text = text.removesuffix("{").strip()
            if span.end_line > span.line and not isinstance(
                    step, (m.CombineStep, m.SplitStep, m.EnrichStep)):
                text += " …"
            if text:
                return shorten(text)
    return describe(step)


def describe(step: m.Step) -> str:
    """How a step reads when its source text is not at hand."""
    if isinstance(step, m.TargetStep):
        return f"target {step.dimension}"
    if isinstance(step, m.ReadStep):
        return f'read audience "{step.label}"'
    if isinstance(step, m.CombineStep):
        return step.kind
    if isinstance(step, m.ChangeStep):
        return f"change dimension to {step.dimension} via {step.link.name}"
    if isinstance(step, m.SaveStep):
        return f'save audience "{step.label}"'
    names = {m.FilterStep: "filter", m.EnrichStep: "enrich", m.DedupStep: "dedup",
             m.LimitStep: "limit", m.SplitStep: "split"}
    return names[type(step)]


def shorten(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def format_steps(counts: list[StepCount], indent: str = "    ") -> list[str]:
    """The per-step listing of one campaign, records aligned in a column."""
    labels = [indent + "  " * count.depth + count.text for count in counts]
    width = max((len(label) for label in labels), default=0)
    return [f"{label.ljust(width)}  {count.records:>9,} record{'s' if count.records != 1 else ''}"
            for label, count in zip(labels, counts)]
