"""Dimension declarations → the catalog (`DimensionInfo`), with their own checks.

Declarations are read in two passes: first every dimension's attributes, so that links and
mappings may point at dimensions declared later or in other files; then links and mappings.
"""

from __future__ import annotations

from dsl import ast
from dsl.diagnostics import Diagnostic, Related, backticked, did_you_mean, error
from dsl.model import (
    NUMERIC_TYPES, VALUE_TYPES, AttributeInfo, Catalog, DimensionInfo, LinkInfo, MappingInfo,
    SourcePart,
)

CARDINALITIES = ("one", "many")


def build_catalog(dimensions: list[ast.Dimension], out: list[Diagnostic]) -> Catalog:
    """The catalog of every uniquely named dimension; problems are appended to `out`."""
    catalog = Catalog()
    declared: dict[str, ast.Dimension] = {}
    for node in dimensions:
        first = declared.get(node.name.text)
        if first is not None:
            out.append(error(
                "E406", f"dimension `{node.name.text}` is declared twice", node.name.span,
                related=[Related(first.name.span, "first declared here")]))
            continue
        declared[node.name.text] = node
        catalog.dimensions[node.name.text] = _dimension_shell(node, out)

    for name, node in declared.items():
        shell = catalog.dimensions[name]
        shell.links.update(_links(node, shell, catalog, out))
    for name, node in declared.items():
        shell = catalog.dimensions[name]
        shell.mappings.update(_mappings(node, shell, catalog, out))
    return catalog


def _dimension_shell(node: ast.Dimension, out: list[Diagnostic]) -> DimensionInfo:
    """Attributes, key and source: everything but links and mappings."""
    attributes = _attributes(node, out)
    sources = node.members_of(ast.Source)
    keys = node.members_of(ast.Key)
    if not sources:
        out.append(error("E204", f"dimension `{node.name.text}` has no `source`",
                         node.name.span, hint="name its table: `source schema.table`"))
    if not keys:
        out.append(error("E204", f"dimension `{node.name.text}` has no `key`", node.name.span,
                         hint="name the attribute(s) that identify a record: `key id`"))
    for extra in sources[1:] + keys[1:]:
        out.append(error("E204", "declared twice in this dimension", extra.span))

    source = tuple(SourcePart(part.value, True) if isinstance(part, ast.Text)
                   else SourcePart(part.text, False)
                   for part in (sources[0].parts if sources else ()))
    key = tuple(_key_attribute(name, node, attributes, out)
                for name in (keys[0].attributes if keys else ()))
    return DimensionInfo(
        name=node.name.text, title=node.title.value if node.title else None, source=source,
        key=tuple(k for k in key if k is not None), attributes=attributes, links={},
        mappings={}, span=node.name.span)


def _attributes(node: ast.Dimension, out: list[Diagnostic]) -> dict[str, AttributeInfo]:
    attributes: dict[str, AttributeInfo] = {}
    seen: dict[str, ast.Name] = {}
    for member in node.members_of(ast.Attribute):
        name = member.name.text
        if name in seen:
            out.append(error("E406", f"attribute `{name}` is declared twice",
                             member.name.span,
                             related=[Related(seen[name].span, "first declared here")]))
            continue
        seen[name] = member.name
        type_name = member.type.text
        if type_name not in VALUE_TYPES:
            out.append(error("E204", f"unknown type `{type_name}`", member.type.span,
                             hint=did_you_mean(type_name, VALUE_TYPES)
                             or "the types are " + backticked(VALUE_TYPES)))
            continue
        column = member.column.value if member.column else name
        attributes[name] = AttributeInfo(name, type_name, column, member.column is not None,
                                         member.name.span)
    return attributes


def _key_attribute(name: ast.Name, node: ast.Dimension, attributes: dict[str, AttributeInfo],
                   out: list[Diagnostic]) -> AttributeInfo | None:
    if name.text in attributes:
        return attributes[name.text]
    out.append(_unknown_attribute(name, node.name.text, attributes))
    return None


def _unknown_attribute(name: ast.Name, dimension: str, candidates) -> Diagnostic:
    return error("E201", f"unknown attribute `{name.text}` on dimension `{dimension}`",
                 name.span, hint=did_you_mean(name.text, candidates))


def _links(node: ast.Dimension, owner: DimensionInfo, catalog: Catalog,
           out: list[Diagnostic]) -> dict[str, LinkInfo]:
    links: dict[str, LinkInfo] = {}
    for member in node.members_of(ast.Link):
        link = _link(member, owner, catalog, out)
        if link is None:
            continue
        if link.name in links or link.name in owner.attributes:
            out.append(error("E406", f"`{link.name}` is already a name of dimension "
                             f"`{owner.name}`", member.name.span))
            continue
        links[link.name] = link
    return links


def _link(member: ast.Link, owner: DimensionInfo, catalog: Catalog,
          out: list[Diagnostic]) -> LinkInfo | None:
    cardinality = member.cardinality.text
    if cardinality not in CARDINALITIES:
        out.append(error("E100", f"unexpected `{cardinality}`", member.cardinality.span,
                         hint=did_you_mean(cardinality, CARDINALITIES)
                         or "expected `one` or `many`"))
        return None
    target = catalog.dimensions.get(member.target.text)
    if target is None:
        out.append(error("E200", f"unknown dimension `{member.target.text}`",
                         member.target.span,
                         hint=did_you_mean(member.target.text, catalog.dimensions)))
        return None
    local = owner.attributes.get(member.local.text)
    remote = target.attributes.get(member.remote.text)
    if local is None:
        out.append(_unknown_attribute(member.local, owner.name, owner.attributes))
    if remote is None:
        out.append(_unknown_attribute(member.remote, target.name, target.attributes))
    if local is None or remote is None:
        return None
    if not _joinable(local.type, remote.type):
        out.append(error("E300", f"cannot join {local.type} `{local.name}` with {remote.type} "
                         f"`{remote.name}`", member.span))
        return None
    many = cardinality == "many"
    if not many and tuple(k.name for k in target.key) != (remote.name,):
        out.append(error(
            "E301", f"a to-one link must reach the key of `{target.name}`", member.remote.span,
            hint=_to_one_hint(target)))
        return None
    return LinkInfo(owner.name, member.name.text, many, target.name, local.name, remote.name,
                    member.name.span)


def _to_one_hint(target: DimensionInfo) -> str:
    key = ", ".join(f"`{k.name}`" for k in target.key)
    if len(target.key) == 1:
        return f"link to {key}, or declare the link `to many`"
    return f"`{target.name}` has a composite key ({key}); declare the link `to many`"


def _joinable(a: str, b: str) -> bool:
    return a == b or (a in NUMERIC_TYPES and b in NUMERIC_TYPES)


def _mappings(node: ast.Dimension, owner: DimensionInfo, catalog: Catalog,
              out: list[Diagnostic]) -> dict[str, MappingInfo]:
    mappings: dict[str, MappingInfo] = {}
    for member in node.members_of(ast.Mapping):
        if member.name.text in mappings:
            out.append(error("E406", f"mapping `{member.name.text}` is declared twice",
                             member.name.span))
            continue
        resolved = resolve_to_one_path(member.path, owner, catalog, out)
        if resolved is not None:
            via, attribute = resolved
            mappings[member.name.text] = MappingInfo(owner.name, member.name.text, via,
                                                     attribute, member.name.span)
    return mappings


def resolve_to_one_path(path: ast.Path, start: DimensionInfo, catalog: Catalog,
                        out: list[Diagnostic]) -> tuple[tuple[LinkInfo, ...], AttributeInfo] | None:
    """`recipient.crm_id` from `start`: the to-one links followed and the attribute reached."""
    dimension = start
    via: list[LinkInfo] = []
    for name in path.names[:-1]:
        link = dimension.links.get(name.text)
        if link is None:
            out.append(unknown_name(name, dimension))
            return None
        if link.many:
            out.append(to_many_in_path(name, link))
            return None
        via.append(link)
        dimension = catalog.dimensions[link.target]
    last = path.names[-1]
    attribute = dimension.attributes.get(last.text)
    if attribute is None:
        if last.text in dimension.links:
            out.append(link_as_value(last, dimension.links[last.text], catalog))
        else:
            out.append(unknown_name(last, dimension))
        return None
    return tuple(via), attribute


def unknown_name(name: ast.Name, dimension: DimensionInfo, extra=()) -> Diagnostic:
    candidates = list(dimension.attributes) + list(dimension.links) + list(extra)
    return error("E201", f"unknown attribute `{name.text}` on dimension `{dimension.name}`",
                 name.span, hint=did_you_mean(name.text, candidates))


def to_many_in_path(name: ast.Name, link: LinkInfo) -> Diagnostic:
    return error(
        "E301", f"`{link.name}` links to many `{link.target}` records", name.span,
        hint=f"use `exists {link.name}`, `count({link.name})` or `sum({link.name}.ATTRIBUTE)`")


def link_as_value(name: ast.Name, link: LinkInfo, catalog: Catalog) -> Diagnostic:
    target = catalog.dimensions[link.target]
    example = next(iter(target.attributes), "ATTRIBUTE")
    if link.many:
        return to_many_in_path(name, link)
    return error("E301", f"`{link.name}` is a link, not a value", name.span,
                 hint=f"name an attribute of `{link.target}`, e.g. `{link.name}.{example}`")
