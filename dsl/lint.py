"""Warnings: code that is valid but very likely not what the analyst meant (W100-W104).

The checker calls these on campaigns and conditions it found free of errors. They never
change the exit status of `camp check` (SPEC §7), so they stay quiet unless the evidence is
plain: a condition that no record can satisfy, a comparison that silently drops the records
where an attribute is null, work whose result nobody uses.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterator

from dsl import ast
from dsl import model as m
from dsl.diagnostics import INFO, Diagnostic, warning

_NUMBERS = ("integer", "decimal")
_FLIPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


# ---------------------------------------------------------------------------- campaigns


def lint_campaign(campaign: ast.Campaign, checked: m.CheckedCampaign) -> list[Diagnostic]:
    """W100 (a draft that saves), W103 (an enriched value never used), W104 (saves nothing)."""
    found: list[Diagnostic] = []
    nodes = _walk(campaign.steps)
    saves = [node for node in nodes if isinstance(node, ast.Save)]
    name = campaign.name
    if not saves and campaign.steps:
        found.append(warning(
            "W104", f"campaign `{name.value}` saves no audience", name.span,
            hint='end a flow with `save audience "LABEL" map MAPPING`, or remove the campaign'))
    if saves and campaign.status is None:
        # Only an implicit draft: who wrote `status draft` knows that nothing is saved.
        found.append(Diagnostic(
            "W100", INFO, f"campaign `{name.value}` has no status, so it is a draft: "
            "`camp run` saves none of its audiences", name.span,
            hint="add `status published` to save them, or `status draft` to say it is meant"))
    found.extend(_unused_enrichments(nodes))
    return found


def _unused_enrichments(nodes: list) -> list[Diagnostic]:
    assignments = [node for node in nodes if isinstance(node, ast.Assignment)]
    if not assignments:
        return []
    used = {node.names[0].text for node in nodes if isinstance(node, ast.Path)}
    return [warning("W103", f"enriched value `{a.name.text}` is never used", a.name.span,
                    hint="use it in a later step or in `save ... with`, or remove it")
            for a in assignments if a.name.text not in used]


# ---------------------------------------------------------------------------- conditions


def lint_condition(condition: ast.Expr, dimension: m.DimensionInfo | None,
                   catalog: m.Catalog) -> list[Diagnostic]:
    """W101 (`!=` or `not in` drops the nulls) and W102 (never or always true)."""
    nodes = _walk(condition)
    found = list(_constant_conditions(condition, nodes))
    if dimension is not None and any(_drops_nulls(node) for node in nodes):
        null_tested = {node.operand.dotted for node in nodes
                       if isinstance(node, ast.IsNull) and isinstance(node.operand, ast.Path)}
        found.extend(_nulls_dropped(condition, dimension, catalog, null_tested))
    return found


def _drops_nulls(node) -> bool:
    return (isinstance(node, ast.Binary) and node.op == "!=") or (
        isinstance(node, ast.InList) and node.negated)


def _constant_conditions(condition: ast.Expr, nodes: list) -> Iterator[Diagnostic]:
    if isinstance(condition, ast.Literal) and condition.kind in ("boolean", "null"):
        verdict = "always true" if condition.value is True else "never true"
        yield warning("W102", f"this condition is {verdict}", condition.span,
                      hint="a filter on a constant keeps every record or none")
    inner_ands: set[int] = set()
    for node in nodes:
        diagnostic = _constant_comparison(node)
        if isinstance(node, ast.Binary) and node.op == "and" and id(node) not in inner_ands:
            # One verdict per chain `a and b and c`, not one per nested `and`.
            inner_ands.update(id(part) for part in _and_nodes(node))
            diagnostic = diagnostic or _contradiction(node)
        if diagnostic is not None:
            yield diagnostic


def _constant_comparison(node) -> Diagnostic | None:
    if isinstance(node, ast.Binary) and node.op in _FLIPPED:
        if _is_null(node.left) or _is_null(node.right):
            test = "is null" if node.op == "=" else "is not null"
            return warning("W102", "a comparison with `null` is never true", node.span,
                           hint=f"null is not a value to compare with; write `{test}`")
        outcome = _compare(node.op, node.left, node.right)
        if outcome is not None:
            verdict = "always true" if outcome else "never true"
            return warning("W102", f"this comparison of two constants is {verdict}",
                           node.span, hint="compare an attribute with the constant")
    if isinstance(node, ast.Between) and _compare(">", node.low, node.high):
        return warning("W102", "`between` with its bounds reversed is never true", node.span,
                       hint="write the smaller bound first: `between LOW and HIGH`")
    return None


def _contradiction(node) -> Diagnostic | None:
    """`country = "FR" and country = "BE"`: one attribute equal to two different values."""
    if not (isinstance(node, ast.Binary) and node.op == "and"):
        return None
    values: dict[str, ast.Literal] = {}
    for term in _and_terms(node):
        pair = _path_equals_literal(term)
        if pair is None:
            continue
        path, literal = pair
        first = values.setdefault(path, literal)
        if _compare("!=", first, literal):
            return warning(
                "W102", f"`{path}` cannot equal both {_show(first)} and {_show(literal)}",
                node.span, hint=f"to accept either value, write `{path} in ({_show(first)}, "
                                f"{_show(literal)})`")
    return None


def _and_nodes(node) -> Iterator[ast.Binary]:
    while isinstance(node, ast.Binary) and node.op == "and":
        yield node
        yield from _and_nodes(node.right)
        node = node.left


def _and_terms(node) -> Iterator[ast.Expr]:
    if isinstance(node, ast.Binary) and node.op == "and":
        yield from _and_terms(node.left)
        yield from _and_terms(node.right)
    else:
        yield node


def _path_equals_literal(term) -> tuple[str, ast.Literal] | None:
    if not (isinstance(term, ast.Binary) and term.op == "="):
        return None
    for one, other in ((term.left, term.right), (term.right, term.left)):
        if isinstance(one, ast.Path) and isinstance(other, ast.Literal) \
                and other.kind != "null":
            return one.dotted, other
    return None


def _nulls_dropped(condition, dimension, catalog, null_tested) -> Iterator[Diagnostic]:
    for node in _walk(condition, into_links=False):
        if isinstance(node, ast.Binary) and node.op == "!=":
            operand = node.left if isinstance(node.left, ast.Path) else node.right
            constant = node.right if operand is node.left else node.left
            if not isinstance(constant, ast.Literal):
                continue
        elif isinstance(node, ast.InList) and node.negated:
            operand = node.operand
        else:
            continue
        if not isinstance(operand, ast.Path) or operand.dotted in null_tested:
            continue
        if _nullable_attribute(operand, dimension, catalog):
            yield warning(
                "W101", f"records where `{operand.dotted}` is null are left out too",
                node.span, hint=f"a comparison with null is not true; to keep those records, "
                                f"add `or {operand.dotted} is null`")


def _nullable_attribute(path: ast.Path, dimension: m.DimensionInfo, catalog: m.Catalog) -> bool:
    """True for an attribute that is not part of its dimension's key (keys are never null)."""
    current = dimension
    for name in path.names[:-1]:
        link = current.links.get(name.text)
        if link is None or link.many or link.target not in catalog.dimensions:
            return False
        current = catalog.dimensions[link.target]
    attribute = current.attributes.get(path.names[-1].text)
    if attribute is None:
        return False     # an enriched value: its nulls are the analyst's own making
    return len(path.names) > 1 or all(key.name != attribute.name for key in current.key)


# ---------------------------------------------------------------------------- constants


def _is_null(expr) -> bool:
    return isinstance(expr, ast.Literal) and expr.kind == "null"


def _compare(op: str, left, right) -> bool | None:
    """The outcome of comparing two literals of one kind, or None when it is not constant."""
    if not (isinstance(left, ast.Literal) and isinstance(right, ast.Literal)):
        return None
    if left.kind in _NUMBERS and right.kind in _NUMBERS:
        try:
            a, b = Decimal(left.value), Decimal(right.value)
        except InvalidOperation:
            return None
    elif left.kind == right.kind and left.kind in ("text", "date", "timestamp", "boolean"):
        a, b = left.value, right.value
    else:
        return None
    if left.kind == "boolean" and op not in ("=", "!="):
        return None
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
            ">=": a >= b}[op]


def _show(literal: ast.Literal) -> str:
    if literal.kind == "text":
        return '"' + str(literal.value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if literal.kind in ("date", "timestamp"):
        return f'{literal.kind} "{literal.value}"'
    return str(literal.value).lower() if literal.kind == "boolean" else str(literal.value)


def _walk(root, into_links: bool = True) -> list:
    """Every AST node under `root` (a node or a tuple of them), in source order.

    With `into_links=False`, the conditions of `exists` and of aggregates are not entered:
    names there belong to another dimension.
    """
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is tuple:
            stack.extend(reversed(node))
            continue
        if not isinstance(node, ast.Node):
            continue
        found.append(node)
        if into_links or not isinstance(node, (ast.Exists, ast.Aggregate)):
            stack.extend([getattr(node, name) for name in _children(type(node))])
    return found


_LEAVES = (ast.Name, ast.Text, ast.Literal, ast.Duration)


@lru_cache(maxsize=None)
def _children(kind: type) -> tuple[str, ...]:
    """The fields of an AST class that may hold nodes: none for leaves, never the span."""
    if issubclass(kind, _LEAVES):
        return ()
    return tuple(name for name in reversed(kind.__match_args__) if name != "span")
