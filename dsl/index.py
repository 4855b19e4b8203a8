"""Where each name of a project is declared and used: the editor's view of the project.

The checker lowers campaigns into the checked model and keeps no link from a written name to
what it resolved to; the editor needs exactly that link (hover, go to definition, find
references, completion). This index walks the AST again with the catalog, following each
flow's current dimension, and records every name it can resolve. It never reports problems:
the checker does that; a name that does not resolve is simply not in the index.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from dsl import ast
from dsl import model as m

DIMENSION, ATTRIBUTE, LINK, MAPPING, AUDIENCE, ENRICHED = (
    "dimension", "attribute", "link", "mapping", "audience", "enriched")


@dataclass(frozen=True, slots=True)
class Symbol:
    """Something a name can stand for. `owner` is the dimension of an attribute, link or
    mapping, the campaign of an enriched name; `key` identifies it across files."""

    kind: str
    name: str
    owner: str | None = None

    @property
    def key(self) -> tuple:
        folded = m.normalize_label(self.name) if self.kind == AUDIENCE else self.name
        return (self.kind, self.owner, folded)


@dataclass(frozen=True, slots=True)
class Occurrence:
    span: ast.Span
    symbol: Symbol
    declaration: bool = False


@dataclass(frozen=True, slots=True)
class FlowPoint:
    """The current dimension before and after a step, for completion at a line."""

    span: ast.Span
    before: str | None
    after: str | None
    enriched: tuple[str, ...]


@dataclass
class ProjectIndex:
    catalog: m.Catalog
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)   # by file
    declarations: dict[tuple, ast.Span] = field(default_factory=dict)
    saved_by: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)   # normalized -> as written
    flow_points: dict[str, list[FlowPoint]] = field(default_factory=dict)  # by file
    declarations_by_kind: dict[str, list[Symbol]] = field(default_factory=dict)

    def at(self, file: str, line: int, column: int) -> Occurrence | None:
        """The occurrence covering a 1-based code-point position (its end included, so a
        cursor right after a name still finds it)."""
        found = None
        for occurrence in self.occurrences.get(file, ()):
            span = occurrence.span
            if (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column):
                if found is None or _size(span) < _size(found.span):
                    found = occurrence
        return found

    def declaration(self, symbol: Symbol) -> ast.Span | None:
        return self.declarations.get(symbol.key)

    def references(self, symbol: Symbol) -> list[Occurrence]:
        key = symbol.key
        return [o for found in self.occurrences.values() for o in found if o.symbol.key == key]

    def flow_at(self, file: str, line: int) -> FlowPoint | None:
        """The flow state at a line: after the last step that starts on an earlier line of
        the same campaign, or before the step that starts on this line."""
        points = self.flow_points.get(file, [])
        starts = [point.span.line for point in points]
        position = bisect_right(starts, line)
        if position == 0:
            return None
        return points[position - 1]

    def hover(self, symbol: Symbol) -> str:
        """Markdown describing the symbol."""
        return _describe(self, symbol)


def _size(span: ast.Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_column - span.column)


def build_index(modules: list[ast.Module], catalog: m.Catalog) -> ProjectIndex:
    """The index of a parsed project over its catalog (see `dsl.checker.check_modules`)."""
    index = ProjectIndex(catalog)
    campaigns = []
    for module in modules:
        index.occurrences.setdefault(module.path, [])
        for item in module.items:
            if isinstance(item, ast.Dimension):
                _Walker(index, module.path).dimension(item)
            else:
                campaigns.append((module.path, item))
    # `read audience` needs the dimension its label was saved from, which a later campaign
    # may decide: walk until nothing new is learned, then once more to record.
    for _ in range(4):
        known = dict(index.saved_by)
        for file, campaign in campaigns:
            _Walker(index, file, record=False).campaign(campaign)
        if known == index.saved_by:
            break
    for file, campaign in campaigns:
        _Walker(index, file).campaign(campaign)
    for points in index.flow_points.values():
        points.sort(key=lambda p: (p.span.line, p.span.column))
    return index


class _Walker:
    """One file's names, resolved against the catalog along each flow."""

    def __init__(self, index: ProjectIndex, file: str, record: bool = True):
        self.index = index
        self.catalog = index.catalog
        self.file = file
        self.record = record
        self.campaign_name = ""

    def add(self, span: ast.Span, symbol: Symbol, declaration: bool = False) -> None:
        if not self.record:
            return
        self.index.occurrences.setdefault(span.file, []).append(
            Occurrence(span, symbol, declaration))
        if declaration and symbol.key not in self.index.declarations:
            self.index.declarations[symbol.key] = span
            self.index.declarations_by_kind.setdefault(symbol.kind, []).append(symbol)

    # ---------------------------------------------------------------- dimensions

    def dimension(self, node: ast.Dimension) -> None:
        owner = node.name.text
        info = self.catalog.dimensions.get(owner)
        self.add(node.name.span, Symbol(DIMENSION, owner), declaration=True)
        for member in node.members:
            if isinstance(member, ast.Attribute):
                self.add(member.name.span, Symbol(ATTRIBUTE, member.name.text, owner), True)
            elif isinstance(member, ast.Key):
                for name in member.attributes:
                    self.add(name.span, Symbol(ATTRIBUTE, name.text, owner))
            elif isinstance(member, ast.Mapping):
                self.add(member.name.span, Symbol(MAPPING, member.name.text, owner), True)
                if info is not None:
                    self.path(member.path, info, ())
            elif isinstance(member, ast.Link):
                self.link_declaration(member, owner)

    def link_declaration(self, node: ast.Link, owner: str) -> None:
        self.add(node.name.span, Symbol(LINK, node.name.text, owner), declaration=True)
        target = node.target.text
        if target in self.catalog.dimensions:
            self.add(node.target.span, Symbol(DIMENSION, target))
            self.add(node.remote.span, Symbol(ATTRIBUTE, node.remote.text, target))
        self.add(node.local.span, Symbol(ATTRIBUTE, node.local.text, owner))

    # ---------------------------------------------------------------- campaigns

    def campaign(self, node: ast.Campaign) -> None:
        self.campaign_name = node.name.value
        self.flow(node.steps, None, {})

    def flow(self, steps, dimension: m.DimensionInfo | None, enriched: dict[str, str]):
        for step in steps:
            before = dimension
            dimension = self.step(step, dimension, enriched)
            if self.record:
                self.index.flow_points.setdefault(self.file, []).append(FlowPoint(
                    step.span, before and before.name, dimension and dimension.name,
                    tuple(enriched)))
        return dimension

    def step(self, node, dimension, enriched):
        handler = getattr(self, "_" + type(node).__name__.lower())
        return handler(node, dimension, enriched)

    def _target(self, node: ast.Target, dimension, enriched):
        return self.dimension_name(node.dimension)

    def dimension_name(self, name: ast.Name) -> m.DimensionInfo | None:
        info = self.catalog.dimensions.get(name.text)
        if info is not None:
            self.add(name.span, Symbol(DIMENSION, name.text))
        return info

    def _readaudience(self, node: ast.ReadAudience, dimension, enriched):
        label = node.label.value
        self.add(node.label.span, Symbol(AUDIENCE, label))
        saved = self.index.saved_by.get(m.normalize_label(label))
        return self.catalog.dimensions.get(saved[1]) if saved and saved[1] else None

    def _filter(self, node: ast.Filter, dimension, enriched):
        self.expr(node.condition, dimension, enriched)
        return dimension

    def _combine(self, node: ast.Combine, dimension, enriched):
        self.flow(node.steps, None, {})
        return dimension

    def _enrich(self, node: ast.Enrich, dimension, enriched):
        for assignment in node.assignments:
            self.expr(assignment.value, dimension, enriched)
            name = assignment.name.text
            enriched[name] = self.campaign_name
            self.add(assignment.name.span, Symbol(ENRICHED, name, self.campaign_name), True)
        return dimension

    def _changedimension(self, node: ast.ChangeDimension, dimension, enriched):
        if node.via is not None and dimension is not None:
            link = dimension.links.get(node.via.text)
            if link is not None:
                self.add(node.via.span, Symbol(LINK, link.name, link.owner))
        enriched.clear()
        return self.dimension_name(node.dimension)

    def _dedup(self, node: ast.Dedup, dimension, enriched):
        for expr in (*node.by, *(item.expr for item in node.order)):
            self.expr(expr, dimension, enriched)
        return dimension

    def _limit(self, node: ast.Limit, dimension, enriched):
        for item in node.order:
            self.expr(item.expr, dimension, enriched)
        return dimension

    def _split(self, node: ast.Split, dimension, enriched):
        for segment in node.segments:
            self.expr(segment.condition, dimension, enriched)
            if segment.limit is not None:
                self._limit(segment.limit, dimension, enriched)
            self.flow(segment.steps, dimension, dict(enriched))
        if node.otherwise:
            self.flow(node.otherwise, dimension, dict(enriched))
        return dimension

    def _save(self, node: ast.Save, dimension, enriched):
        label = node.label.value
        key = m.normalize_label(label)
        known = self.index.saved_by.get(key)
        if known is None or (known[0] == self.campaign_name and known[1] is None):
            self.index.saved_by[key] = (self.campaign_name, dimension and dimension.name,
                                        node.mapping.text)
        self.index.labels.setdefault(key, label)
        self.add(node.label.span, Symbol(AUDIENCE, label), declaration=True)
        if dimension is not None:
            mapping = dimension.mappings.get(node.mapping.text)
            if mapping is not None:
                self.add(node.mapping.span, Symbol(MAPPING, mapping.name, mapping.owner))
            for item in node.items:
                self.path(item.path, dimension, enriched)
        return dimension

    # ---------------------------------------------------------------- expressions

    def expr(self, node, dimension, enriched) -> None:
        if node is None or dimension is None:
            return
        if isinstance(node, ast.Path):
            self.path(node, dimension, enriched)
        elif isinstance(node, (ast.Exists, ast.Aggregate)):
            path = node.link if isinstance(node, ast.Exists) else node.path
            target = self.path(path, dimension, enriched)
            if target is not None:
                self.expr(node.where, target, {})
        else:
            for child in _children(node):
                self.expr(child, dimension, enriched)

    def path(self, node: ast.Path, dimension: m.DimensionInfo, enriched) -> m.DimensionInfo | None:
        """Record each name of the path; returns the dimension its last link reaches."""
        current = dimension
        for position, name in enumerate(node.names):
            if position == 0 and name.text in enriched:
                self.add(name.span, Symbol(ENRICHED, name.text, enriched[name.text]))
                return None
            if name.text in current.attributes:
                self.add(name.span, Symbol(ATTRIBUTE, name.text, current.name))
                return None
            link = current.links.get(name.text)
            if link is None:
                return None
            self.add(name.span, Symbol(LINK, link.name, link.owner))
            current = self.catalog.dimensions.get(link.target)
            if current is None:
                return None
        return current


def _children(node):
    """The sub-expressions of an expression node, in source order."""
    for name in node.__match_args__:
        value = getattr(node, name)
        if isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, ast.Node))
        elif isinstance(value, ast.Node) and not isinstance(value, ast.Name):
            yield value


# ---------------------------------------------------------------------------- hover


def _describe(index: ProjectIndex, symbol: Symbol) -> str:
    catalog = index.catalog
    owner = catalog.dimensions.get(symbol.owner) if symbol.owner else None
    if symbol.kind == DIMENSION:
        return _describe_dimension(catalog.dimensions.get(symbol.name), symbol.name)
    if symbol.kind == ATTRIBUTE and owner and symbol.name in owner.attributes:
        info = owner.attributes[symbol.name]
        return (f"```camp\n{info.name}: {info.type}\n```\nattribute of dimension "
                f"`{owner.name}`, column `{info.column}`")
    if symbol.kind == LINK and owner and symbol.name in owner.links:
        link = owner.links[symbol.name]
        return (f"```camp\nlink {link.name} to {'many' if link.many else 'one'} {link.target} "
                f"on {link.local} = {link.remote}\n```\nlink of dimension `{owner.name}` "
                f"to dimension `{link.target}`")
    if symbol.kind == MAPPING and owner and symbol.name in owner.mappings:
        mapping = owner.mappings[symbol.name]
        path = ".".join([*(link.name for link in mapping.via), mapping.attribute.name])
        return (f"```camp\nmapping {mapping.name} = {path}\n```\nprofile mapping of dimension "
                f"`{owner.name}` ({mapping.attribute.type})")
    if symbol.kind == AUDIENCE:
        saved = index.saved_by.get(m.normalize_label(symbol.name))
        if saved is None:
            return f"audience \"{symbol.name}\": no campaign of the project saves it"
        campaign, dimension, mapping = saved
        return (f"audience \"{index.labels.get(m.normalize_label(symbol.name), symbol.name)}\""
                f"\n\nsaved by campaign \"{campaign}\" from dimension `{dimension}`, "
                f"mapping `{mapping}`")
    if symbol.kind == ENRICHED:
        return f"`{symbol.name}`: computed by `enrich` in campaign \"{symbol.owner}\""
    return f"`{symbol.name}`"


def _describe_dimension(info: m.DimensionInfo | None, name: str) -> str:
    if info is None:
        return f"dimension `{name}`"
    title = f" \"{info.title}\"" if info.title else ""
    source = ".".join(part.text for part in info.source)
    key = ", ".join(attribute.name for attribute in info.key)
    return (f"```camp\ndimension {info.name}{title}\n```\nsource `{source}`, key `{key}`; "
            f"{len(info.attributes)} attributes, {len(info.links)} links, mappings "
            + (", ".join(f"`{n}`" for n in info.mappings) or "none"))
