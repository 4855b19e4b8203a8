"""What the editor asks for, answered from an analysis of the project: completion and
document symbols. Positions here are the language's (1-based code points)."""

from __future__ import annotations

import re

from lsprotocol import types

from dsl import ast
from dsl.checker import STATUSES
from dsl.format import _Printer
from dsl.lsp.analysis import Analysis
from dsl.model import VALUE_TYPES

STEP_KEYWORDS = ("target", "read audience", "filter", "union", "intersect", "exclude",
                 "enrich", "change dimension to", "dedup by", "limit", "split", "save audience",
                 "status", "description")
DIMENSION_KEYWORDS = ("source", "key", "mapping", "link")
EXPRESSION_KEYWORDS = ("and", "or", "not", "in", "between", "is null", "is not null",
                       "contains", "starts with", "ends with", "like", "exists", "count",
                       "sum", "avg", "min", "max", "true", "false", "null", "today()", "now()",
                       "in last", "in next", "date", "timestamp")
FUNCTIONS = ("lower", "upper", "trim", "length", "coalesce", "abs", "round", "year", "month",
             "day", "age", "days_between")
TOP_KEYWORDS = ("campaign", "dimension")

_LABEL = re.compile(r'read\s+audience\s+"([^"]*)$')
_MAP = re.compile(r"\bmap\s+\w*$")
_DIMENSION = re.compile(r"(\btarget|\bdimension\s+to|\bto\s+(?:one|many))\s+\w*$")
_DOTTED = re.compile(r"((?:[A-Za-z_]\w*|`[^`]+`)(?:\.(?:[A-Za-z_]\w*|`[^`]+`))*)\.\w*$")
_LINE_START = re.compile(r"^\s*\w*$")
_TYPE = re.compile(r":\s*\w*$")
_WORD = re.compile(r"\w*$")

_KIND = types.CompletionItemKind


def complete(analysis: Analysis, file: str, prefix: str, line: int) -> list[types.CompletionItem]:
    """Completions for a cursor preceded by `prefix` on its line."""
    catalog = analysis.catalog
    module = analysis.modules.get(file)
    container = _container(module, line)
    if (match := _LABEL.search(prefix)) is not None:
        labels = sorted(analysis.index.labels.values())
        return [_item(label, _KIND.Value, "audience") for label in labels]
    if _DIMENSION.search(prefix):
        return [_item(name, _KIND.Class, "dimension") for name in sorted(catalog.dimensions)]
    if isinstance(container, ast.Dimension):
        if _TYPE.search(prefix):
            return [_item(name, _KIND.TypeParameter, "type") for name in VALUE_TYPES]
        if _LINE_START.match(prefix):
            return [_item(word, _KIND.Keyword) for word in DIMENSION_KEYWORDS]
        return []
    if not isinstance(container, ast.Campaign):
        return [_item(word, _KIND.Keyword) for word in TOP_KEYWORDS] \
            if _LINE_START.match(prefix) else []
    dimension, enriched = _current(analysis, file, line)
    if _MAP.search(prefix):
        mappings = dimension.mappings if dimension else {}
        return [_item(name, _KIND.Constant, "mapping") for name in sorted(mappings)]
    if (match := _DOTTED.search(prefix)) is not None:
        reached = _follow(catalog, dimension, match.group(1))
        return _members(reached) if reached is not None else []
    if prefix.rstrip().endswith("status"):
        return [_item(word, _KIND.EnumMember) for word in STATUSES]
    if _LINE_START.match(prefix):
        return [_item(word, _KIND.Keyword) for word in STEP_KEYWORDS]
    items = [_item(word, _KIND.Keyword) for word in EXPRESSION_KEYWORDS]
    items += [_item(name, _KIND.Function, "function") for name in FUNCTIONS]
    items += [_item(name, _KIND.Variable, "enriched") for name in enriched]
    return items + (_members(dimension) if dimension else [])


def _item(label: str, kind, detail: str | None = None) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail)


def _members(dimension) -> list[types.CompletionItem]:
    items = [_item(name, _KIND.Field, f"{info.type} · {dimension.name}")
             for name, info in sorted(dimension.attributes.items())]
    items += [_item(name, _KIND.Reference, f"link to {'many' if link.many else 'one'} "
                    f"{link.target}") for name, link in sorted(dimension.links.items())]
    return items


def _container(module: ast.Module | None, line: int):
    if module is None:
        return None
    for item in module.items:
        if item.span.line <= line <= item.span.end_line:
            return item
    return None


def _current(analysis: Analysis, file: str, line: int):
    point = analysis.index.flow_at(file, line)
    if point is None:
        return None, ()
    name = point.before if point.span.line == line else point.after
    return analysis.catalog.dimensions.get(name) if name else None, point.enriched


def _follow(catalog, dimension, dotted: str):
    """The dimension reached from `dimension` through the links of a dotted path."""
    current = dimension
    for name in dotted.split("."):
        if current is None:
            return None
        link = current.links.get(name.strip("`"))
        current = catalog.dimensions.get(link.target) if link else None
    return current


# ---------------------------------------------------------------------------- symbols


def document_symbols(module: ast.Module, to_range) -> list[types.DocumentSymbol]:
    """Dimensions with their members, campaigns with their steps."""
    symbols = []
    for item in module.items:
        if isinstance(item, ast.Dimension):
            children = [_symbol(_member_name(m), types.SymbolKind.Field, m.span, to_range)
                        for m in item.members]
            symbols.append(_symbol(item.name.text, types.SymbolKind.Class, item.span,
                                   to_range, children, item.name.span))
        else:
            children = [_symbol(_step_name(s), types.SymbolKind.Event, s.span, to_range)
                        for s in item.steps]
            symbols.append(_symbol(item.name.value, types.SymbolKind.Module, item.span,
                                   to_range, children, item.name.span))
    return symbols


def _symbol(name, kind, span, to_range, children=None, selection=None):
    return types.DocumentSymbol(
        name=name or "?", kind=kind, range=to_range(span),
        selection_range=to_range(selection or span), children=children)


def _member_name(member) -> str:
    if isinstance(member, (ast.Attribute, ast.Mapping, ast.Link)):
        return member.name.text
    return _Printer("", []).dimension_member(member)


def _step_name(step) -> str:
    if isinstance(step, (ast.Combine, ast.Enrich, ast.Split)):
        return type(step).__name__.lower() if not isinstance(step, ast.Combine) else step.kind
    text = _Printer("", []).simple_step(step).split("\n")[0]
    return text if len(text) <= 60 else text[:59] + "…"
