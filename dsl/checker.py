"""Modules → checked model: every rule of SPEC §4 that `camp check` enforces.

The checker collects every problem it can find; only bugs raise. Campaigns are checked in
dependency order, so that `read audience` knows the dimension and mapping its label was
saved with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dsl import ast
from dsl import model as m
from dsl.catalog import build_catalog, unknown_name
from dsl.diagnostics import Diagnostic, Related, backticked, did_you_mean, error, warning
from dsl.expressions import ExpressionChecker, Scope
from dsl.lint import lint_campaign, lint_condition

STATUSES = ("draft", "published")


@dataclass
class _Saved:
    """What the project knows of one audience label before flows are checked."""

    label: str
    campaign: str
    span: ast.Span
    step: m.SaveStep | None = None
    published: bool = False


@dataclass
class _Flow:
    """The state a flow is in between two steps."""

    dimension: m.DimensionInfo | None = None
    enriched: dict[str, str] = field(default_factory=dict)
    ended_by: ast.Span | None = None   # the split that ended the flow

    def scope(self) -> Scope:
        return Scope(self.dimension, self.enriched)


def check_modules(modules: list[ast.Module], config: m.Config, lint: bool = False) -> tuple[
        m.Catalog, list[m.CheckedCampaign], list[Diagnostic]]:
    """The catalog, the error-free campaigns in dependency order, and every diagnostic.

    With `lint`, the warnings of `dsl.lint` are among them (the command line asks for them).
    """
    out: list[Diagnostic] = []
    dimensions = [item for module in modules for item in module.items
                  if isinstance(item, ast.Dimension)]
    campaigns = [item for module in modules for item in module.items
                 if isinstance(item, ast.Campaign)]
    catalog = build_catalog(dimensions, out)
    campaigns = _unique_campaigns(campaigns, out)
    saved, faulty = _collect_labels(campaigns, out)
    order = _dependency_order(campaigns, saved, out)
    checked = _check_campaigns(order, catalog, saved, faulty, out, lint)
    return catalog, checked, out


def _unique_campaigns(campaigns: list[ast.Campaign], out: list[Diagnostic]):
    seen: dict[str, ast.Campaign] = {}
    for campaign in campaigns:
        name = campaign.name.value
        if name in seen:
            out.append(error("E405", f"campaign `{name}` is declared twice", campaign.name.span,
                             related=[Related(seen[name].name.span, "first declared here")],
                             hint="campaign names are unique in a project; rename one"))
            continue
        if not name.strip():
            out.append(error("E204", "a campaign needs a name", campaign.name.span))
            continue
        seen[name] = campaign
    return list(seen.values())


# ---------------------------------------------------------------------------- labels


def _steps_in(steps, kind: type) -> list:
    """Every step of `kind` in a flow, inner blocks and segments included, in source order."""
    found = []
    for step in steps:
        if isinstance(step, kind):
            found.append(step)
        elif isinstance(step, ast.Combine):
            found.extend(_steps_in(step.steps, kind))
        elif isinstance(step, ast.Split):
            for segment in step.segments:
                found.extend(_steps_in(segment.steps, kind))
            found.extend(_steps_in(step.otherwise or (), kind))
    return found


def _collect_labels(campaigns: list[ast.Campaign], out: list[Diagnostic]) -> tuple[
        dict[str, _Saved], set[str]]:
    """Normalized label → its first save, and the campaigns with a label in error.

    A second save of a label is E400; the campaign that makes it is in error, like any
    campaign with an error of its own, so it is never run.
    """
    saved: dict[str, _Saved] = {}
    faulty: set[str] = set()
    for campaign in campaigns:
        for save in _steps_in(campaign.steps, ast.Save):
            key = m.normalize_label(save.label.value)
            first = saved.get(key)
            if first is not None:
                out.append(_duplicate_label(save, first, campaign.name.value))
                faulty.add(campaign.name.value)
                continue
            if not key:
                out.append(error("E204", "an audience needs a label", save.label.span))
                faulty.add(campaign.name.value)
                continue
            saved[key] = _Saved(save.label.value, campaign.name.value, save.label.span)
    return saved, faulty


def _duplicate_label(save: ast.Save, first: _Saved, campaign: str) -> Diagnostic:
    same = "" if first.label == save.label.value else f" (as \"{first.label}\")"
    where = "this campaign" if first.campaign == campaign else f"campaign `{first.campaign}`"
    return error(
        "E400", f"audience \"{save.label.value}\" is already saved by {where}{same}",
        save.label.span, related=[Related(first.span, "first saved here")],
        hint="labels are compared ignoring case and spacing; give this audience its own label")


# ---------------------------------------------------------------------------- dependencies


def _dependency_order(campaigns: list[ast.Campaign], saved: dict[str, _Saved],
                      out: list[Diagnostic]) -> list[ast.Campaign]:
    """Campaigns sorted so that each comes after those whose audiences it reads.

    Campaigns in a cycle are reported (E403) and left out; ties are broken by name so the
    order never depends on the order files were found in.
    """
    by_name = {c.name.value: c for c in campaigns}
    needs: dict[str, set[str]] = {}
    for campaign in campaigns:
        needs[campaign.name.value] = {
            saved[key].campaign for read in _steps_in(campaign.steps, ast.ReadAudience)
            if (key := m.normalize_label(read.label.value)) in saved
        } - {campaign.name.value}
    order: list[str] = []
    done: set[str] = set()
    while len(done) < len(needs):
        ready = sorted(name for name, deps in needs.items()
                       if name not in done and deps <= done)
        if not ready:
            _report_cycles(needs, done, by_name, out)
            break
        order.extend(ready)
        done.update(ready)
    return [by_name[name] for name in order]


def _report_cycles(needs, done, by_name, out: list[Diagnostic]) -> None:
    remaining = {name: deps - done for name, deps in needs.items() if name not in done}
    reported: set[str] = set()
    for start in sorted(remaining):
        cycle = _find_cycle(start, remaining)
        if not cycle or reported & set(cycle):
            continue
        reported.update(cycle)
        names = " → ".join(f"`{n}`" for n in cycle + [cycle[0]])
        first = by_name[cycle[0]]
        related = [Related(by_name[n].name.span, f"`{n}` is part of the cycle")
                   for n in cycle[1:]]
        out.append(error("E403", f"campaigns read each other's audiences: {names}",
                         first.name.span, related=related,
                         hint="a campaign can only read audiences saved before it runs"))


def _find_cycle(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    path: list[str] = []
    position: dict[str, int] = {}

    def visit(node: str) -> list[str] | None:
        if node in position:
            return path[position[node]:]
        if node not in graph:
            return None
        position[node] = len(path)
        path.append(node)
        for nxt in sorted(graph[node]):
            found = visit(nxt)
            if found:
                return found
        path.pop()
        del position[node]
        return None

    cycle = visit(start)
    if cycle is None:
        return None
    pivot = cycle.index(min(cycle))
    return cycle[pivot:] + cycle[:pivot]


# ---------------------------------------------------------------------------- campaigns


def _check_campaigns(order, catalog, saved, faulty, out, lint) -> list[m.CheckedCampaign]:
    """The campaigns free of errors. Those in error are left out, and so are their audiences:
    a campaign that reads one is told so (E402) rather than run on a stale table."""
    checked = []
    for campaign in order:
        name = campaign.name.value
        before = len(out)
        result = _CampaignChecker(catalog, saved, out, name, lint).check(campaign)
        if name in faulty or any(d.severity == "error" for d in out[before:]):
            for label in saved.values():
                if label.campaign == name:
                    label.step = None
            continue
        if lint:
            out.extend(lint_campaign(campaign, result))
        checked.append(result)
    return checked


class _CampaignChecker:
    def __init__(self, catalog: m.Catalog, saved: dict[str, _Saved], out: list[Diagnostic],
                 name: str, lint: bool = False):
        self.catalog = catalog
        self.lint = lint
        self.saved = saved
        self.out = out
        self.name = name
        self.expressions = ExpressionChecker(catalog, out)
        self.saves: list[m.SaveStep] = []
        self.depends_on: set[str] = set()

    def check(self, campaign: ast.Campaign) -> m.CheckedCampaign:
        status = self.status = self._status(campaign)
        description = self._description(campaign)
        steps = campaign.steps
        if not steps:
            flow_steps: tuple = ()
        else:
            flow_steps = self._flow(steps, _Flow(), top=True)
        return m.CheckedCampaign(
            name=self.name, status=status, description=description, steps=flow_steps,
            saves=tuple(self.saves), depends_on=tuple(sorted(self.depends_on - {self.name})),
            span=campaign.name.span)

    def _status(self, campaign: ast.Campaign) -> str:
        statuses = [m_ for m_ in campaign.members if isinstance(m_, ast.Status)]
        for extra in statuses[1:]:
            self.out.append(error("E204", "`status` is given twice", extra.span))
        if not statuses:
            return "draft"
        value = statuses[0].value.text
        if value not in STATUSES:
            self.out.append(error("E204", f"unknown status `{value}`", statuses[0].value.span,
                                  hint=did_you_mean(value, STATUSES)
                                  or "the status is `draft` or `published`"))
            return "draft"
        return value

    def _description(self, campaign: ast.Campaign) -> str | None:
        descriptions = [m_ for m_ in campaign.members if isinstance(m_, ast.Description)]
        for extra in descriptions[1:]:
            self.out.append(error("E204", "`description` is given twice", extra.span))
        return descriptions[0].text.value if descriptions else None

    # ---------------------------------------------------------------- flows

    def _flow(self, steps, flow: _Flow, top: bool) -> tuple[m.Step, ...]:
        """Check a sequence of steps; `top` flows (campaign, inner blocks) must start one."""
        checked: list[m.Step] = []
        for index, step in enumerate(steps):
            if flow.ended_by is not None:
                self.out.append(error(
                    "E407", "no step can follow a `split`", step.span,
                    related=[Related(flow.ended_by, "the split that ends this flow")],
                    hint="continue inside the segments, or in `otherwise`"))
                break
            starts = isinstance(step, (ast.Target, ast.ReadAudience))
            if top and index == 0 and not starts:
                self.out.append(error(
                    "E407", "a flow starts with `target` or `read audience`", step.span,
                    hint="begin with `target DIMENSION` or `read audience \"LABEL\"`"))
                return tuple(checked)
            if starts and not (top and index == 0):
                self.out.append(error(
                    "E407", "only the first step of a flow can start a population", step.span,
                    hint="to add records, put them in a `union { ... }` block"))
                continue
            result = self._step(step, flow)
            if result is not None:
                checked.append(result)
            if flow.dimension is None:
                return tuple(checked)
        return tuple(checked)

    def _step(self, step, flow: _Flow):
        handler = getattr(self, "_" + type(step).__name__.lower())
        return handler(step, flow)

    def _dimension(self, name: ast.Name) -> m.DimensionInfo | None:
        """The dimension called `name`, or None after an E200 with a suggestion."""
        dimension = self.catalog.dimensions.get(name.text)
        if dimension is None:
            self.out.append(error("E200", f"unknown dimension `{name.text}`", name.span,
                                  hint=did_you_mean(name.text, self.catalog.dimensions)))
        return dimension

    def _target(self, step: ast.Target, flow: _Flow):
        dimension = self._dimension(step.dimension)
        if dimension is None:
            return None
        flow.dimension = dimension
        return m.TargetStep(dimension.name, step.span)

    def _readaudience(self, step: ast.ReadAudience, flow: _Flow):
        key = m.normalize_label(step.label.value)
        saved = self.saved.get(key)
        if saved is None:
            labels = [s.label for s in self.saved.values()]
            hint = did_you_mean(step.label.value, labels) or (
                "the saved audiences are " + backticked(sorted(labels)) if labels
                else "no campaign of the project saves an audience yet")
            self.out.append(error("E402", f"no campaign saves audience \"{step.label.value}\"",
                                  step.label.span, hint=hint))
            return None
        if saved.step is None:
            self.out.append(_unreadable(step, saved, self.name))
            return None
        if not saved.published:
            # A run saves no audience of a draft, so reading one could only fail at run time.
            self.out.append(error(
                "E402", f"audience \"{step.label.value}\" is saved by draft campaign "
                f"`{saved.campaign}`, and runs never save a draft's audiences",
                step.label.span, related=[Related(saved.span, "saved here")],
                hint=f"publish `{saved.campaign}` with `status published`, or read another "
                     "audience"))
            return None
        self.depends_on.add(saved.campaign)
        if saved.step.mapping.via and self.lint:
            self.out.append(_widened_read(step, saved))
        flow.dimension = self.catalog.dimensions[saved.step.dimension]
        return m.ReadStep(saved.label, saved.step.dimension, saved.step.mapping, saved.campaign,
                          step.span)

    def _filter(self, step: ast.Filter, flow: _Flow):
        condition = self.expressions.condition(step.condition, flow.scope())
        if condition is None:
            return None
        if self.lint:
            self.out.extend(lint_condition(step.condition, flow.dimension, self.catalog))
        return m.FilterStep(condition, step.span)

    def _combine(self, step: ast.Combine, flow: _Flow):
        if not step.steps:
            self.out.append(error("E407", f"`{step.kind}` needs steps", step.span,
                                  hint="start the block with `target` or `read audience`"))
            return None
        inner = _Flow()
        steps = self._flow(step.steps, inner, top=True)
        if inner.dimension is None:
            return None
        if inner.dimension.name != flow.dimension.name:
            self.out.append(error(
                "E404", f"`{step.kind}` of `{inner.dimension.name}` records with "
                f"`{flow.dimension.name}` records", step.span,
                hint=f"end the block on `{flow.dimension.name}`, e.g. with "
                     f"`change dimension to {flow.dimension.name}`"))
            return None
        return m.CombineStep(step.kind, steps, step.span)

    def _enrich(self, step: ast.Enrich, flow: _Flow):
        assignments = []
        for assignment in step.assignments:
            name = assignment.name.text
            taken = _kind_of_name(name, flow)
            if taken:
                self.out.append(error("E406", f"`{name}` is already {taken}",
                                      assignment.name.span,
                                      hint="give the enriched value another name"))
                continue
            value = self.expressions.resolve(assignment.value, flow.scope())
            if value is None:
                continue
            if value.type in (m.DURATION, m.NULL):
                self.out.append(error("E300", f"cannot keep {value.type} `{name}`",
                                      assignment.value.span))
                continue
            flow.enriched[name] = value.type
            assignments.append((name, value))
        return m.EnrichStep(tuple(assignments), step.span)

    def _changedimension(self, step: ast.ChangeDimension, flow: _Flow):
        target = self._dimension(step.dimension)
        if target is None:
            return None
        link = self._change_link(step, flow.dimension, target)
        if link is None:
            return None
        flow.dimension = target
        flow.enriched = {}
        return m.ChangeStep(link, target.name, step.span)

    def _change_link(self, step, current: m.DimensionInfo, target: m.DimensionInfo):
        leading = sorted(n for n, link in current.links.items() if link.target == target.name)
        if step.via is not None:
            link = current.links.get(step.via.text)
            if link is None:
                self.out.append(unknown_name(step.via, current))
                return None
            if link.target != target.name:
                self.out.append(error(
                    "E301", f"`{link.name}` leads to `{link.target}`, not `{target.name}`",
                    step.via.span, hint=_links_hint(leading, current, target)))
                return None
            return link
        if len(leading) == 1:
            return current.links[leading[0]]
        message = (f"no link leads from `{current.name}` to `{target.name}`" if not leading
                   else f"several links lead from `{current.name}` to `{target.name}`")
        self.out.append(error("E301", message, step.dimension.span,
                              hint=_links_hint(leading, current, target)))
        return None

    def _dedup(self, step: ast.Dedup, flow: _Flow):
        by = [self.expressions.resolve(expr, flow.scope()) for expr in step.by]
        keep = self._count(step.keep, "keep") if step.keep is not None else 1
        order = self._order(step.order, flow)
        if any(expr is None for expr in by) or keep is None or order is None:
            return None
        return m.DedupStep(tuple(by), keep, order, step.span)

    def _limit(self, step: ast.Limit, flow: _Flow):
        count = self._count(step.count, "limit")
        if count is not None and step.percent and count > 100:
            self.out.append(error("E300", "a percentage is at most 100", step.count.span))
            count = None
        order = self._order(step.order, flow)
        if count is None or order is None:
            return None
        return m.LimitStep(count, step.percent, order, step.span)

    def _count(self, literal: ast.Literal, what: str) -> int | None:
        if literal.kind != "integer":
            self.out.append(error("E300", f"`{what}` takes a whole number", literal.span))
            return None
        return int(literal.value)

    def _order(self, items, flow: _Flow):
        keys = []
        for item in items:
            expr = self.expressions.resolve(item.expr, flow.scope())
            if expr is None:
                return None
            if expr.type in (m.DURATION, m.NULL):
                self.out.append(error("E300", f"cannot order by {expr.type}", item.span))
                return None
            keys.append(m.OrderKey(expr, item.descending))
        return tuple(keys)

    def _split(self, step: ast.Split, flow: _Flow):
        segments = []
        seen: dict[str, ast.Span] = {}
        for segment in step.segments:
            if segment.label.value in seen:
                self.out.append(error("E406", f"segment \"{segment.label.value}\" is named twice",
                                      segment.label.span,
                                      related=[Related(seen[segment.label.value],
                                                       "first named here")]))
            seen.setdefault(segment.label.value, segment.label.span)
            checked = self._segment(segment, flow)
            if checked is not None:
                segments.append(checked)
        otherwise = None
        if step.otherwise is not None:
            otherwise = self._flow(step.otherwise, _copy(flow), top=False)
        flow.ended_by = step.span
        return m.SplitStep(step.overlap, tuple(segments), otherwise, step.span)

    def _segment(self, segment: ast.Segment, flow: _Flow):
        condition = self.expressions.condition(segment.condition, flow.scope(),
                                               "a segment condition")
        if condition is not None and self.lint:
            self.out.extend(lint_condition(segment.condition, flow.dimension, self.catalog))
        limit = self._limit(segment.limit, flow) if segment.limit is not None else None
        steps = self._flow(segment.steps, _copy(flow), top=False)
        if condition is None or (segment.limit is not None and limit is None):
            return None
        return m.SegmentFlow(segment.label.value, condition, limit, steps, segment.span)

    def _save(self, step: ast.Save, flow: _Flow):
        dimension = flow.dimension
        mapping = self._mapping(step.mapping, dimension)
        items = self._save_items(step, flow, mapping)
        if mapping is None or items is None:
            return None
        checked = m.SaveStep(step.label.value, mapping, items, dimension.name, step.span)
        saved = self.saved.get(checked.key)
        if saved is not None and saved.span == step.label.span:
            saved.step = checked
            saved.published = self.status == "published"
        self.saves.append(checked)
        return checked

    def _mapping(self, name: ast.Name, dimension: m.DimensionInfo) -> m.MappingInfo | None:
        mapping = dimension.mappings.get(name.text)
        if mapping is not None:
            return mapping
        offered = sorted(dimension.mappings)
        declared_anywhere = {n for d in self.catalog.dimensions.values() for n in d.mappings}
        if name.text in declared_anywhere:
            listing = (f"`{dimension.name}` declares no mapping" if not offered
                       else f"the mapping of `{dimension.name}` is {backticked(offered)}"
                       if len(offered) == 1
                       else f"the mappings of `{dimension.name}` are {backticked(offered)}")
            self.out.append(error(
                "E401", f"mapping `{name.text}` is not offered by dimension "
                f"`{dimension.name}`", name.span, hint=listing))
        else:
            self.out.append(error("E202", f"unknown mapping `{name.text}`", name.span,
                                  hint=did_you_mean(name.text, [*offered, *declared_anywhere])))
        return None

    def _save_items(self, step: ast.Save, flow: _Flow, mapping: m.MappingInfo | None):
        items = []
        columns = {step.mapping.text.lower(): step.mapping.span}
        ok = True
        for item in step.items:
            expr = self.expressions.resolve(item.path, flow.scope())
            column = item.column
            if column.lower() in columns:
                self.out.append(error(
                    "E406", f"the audience already has a column `{column}`", item.span,
                    related=[Related(columns[column.lower()], "first column here")],
                    hint="name this one with `as ALIAS`"))
                ok = False
                continue
            columns[column.lower()] = item.span
            if expr is None:
                ok = False
                continue
            items.append(m.SaveItemInfo(column, expr))
        return tuple(items) if ok else None


def _widened_read(step: ast.ReadAudience, saved: _Saved) -> Diagnostic:
    """W105: an audience identified through a link is read back by that identity."""
    mapping = saved.step.mapping
    owner = mapping.via[-1].target
    return warning(
        "W105", f"reading \"{step.label.value}\" gives every `{saved.step.dimension}` record "
        f"whose `{mapping.name}` is in it, not only the saved ones", step.label.span,
        related=[Related(saved.span, "saved here")],
        hint=f"`{mapping.name}` identifies a `{owner}` record, which several "
             f"`{saved.step.dimension}` records can share; filter again after reading if "
             "that matters")


def _unreadable(step: ast.ReadAudience, saved: _Saved, reader: str) -> Diagnostic:
    if saved.campaign == reader:
        return error("E403", "a campaign cannot read an audience it saves itself",
                     step.label.span, related=[Related(saved.span, "saved here")])
    return error("E402", f"audience \"{step.label.value}\" cannot be read: campaign "
                 f"`{saved.campaign}` that saves it has errors", step.label.span,
                 related=[Related(saved.span, "saved here")])


def _kind_of_name(name: str, flow: _Flow) -> str | None:
    """What `name` already is in the flow, in words, or None when it is free."""
    dimension = flow.dimension.name
    if name in flow.dimension.attributes:
        return f"an attribute of `{dimension}`"
    if name in flow.dimension.links:
        return f"a link of `{dimension}`"
    if name in flow.enriched:
        return "an enriched name of this flow"
    return None


def _copy(flow: _Flow) -> _Flow:
    return _Flow(flow.dimension, dict(flow.enriched))


def _links_hint(leading: list[str], current: m.DimensionInfo, target: m.DimensionInfo) -> str:
    if not leading:
        return f"declare a link from `{current.name}` to `{target.name}`"
    return "write `via` " + " or ".join(f"`{name}`" for name in leading)
