"""One diagnostic type for every stage, and the registry of stable codes.

A `Diagnostic` is rendered for the terminal, JSON and the other formats by `dsl.render`; the
stages only build them. Messages are terse phrases with names in backticks and no full stop;
advice goes in `hint`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from dsl.ast import Span

ERROR = "error"
WARNING = "warning"
INFO = "info"

# Code -> one-line title. The long pages live in docs/codes/ (see `camp explain`).
CODES: dict[str, str] = {
    "E100": "syntax error",
    "E200": "unknown dimension",
    "E201": "unknown attribute, link or enriched name",
    "E202": "unknown mapping name",
    "E203": "unknown function",
    "E204": "invalid declaration",
    "E300": "type mismatch",
    "E301": "wrong use of a link",
    "E400": "duplicate audience label",
    "E401": "mapping not compatible with the current dimension",
    "E402": "audience read but never saved",
    "E403": "dependency cycle between campaigns",
    "E404": "combined populations on different dimensions",
    "E405": "duplicate campaign name",
    "E406": "duplicate name in a dimension or project",
    "E407": "campaign flow is not well formed",
    "E408": "construct not available yet",
    "E500": "database failure",
    "E501": "audience label owned by another campaign",
    "E502": "construct not expressible in the target dialect",
    "E503": "invalid project configuration",
}


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains the diagnostic (the first definition of a duplicate)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: str
    message: str
    span: Span
    hint: str | None = None
    related: tuple[Related, ...] = field(default=())

    @property
    def sort_key(self) -> tuple:
        return (self.span.file, self.span.line, self.span.column, self.code, self.message)


def error(code: str, message: str, span: Span, hint: str | None = None,
          related: Iterable[Related] = ()) -> Diagnostic:
    return Diagnostic(code, ERROR, message, span, hint, tuple(related))


def warning(code: str, message: str, span: Span, hint: str | None = None,
            related: Iterable[Related] = ()) -> Diagnostic:
    return Diagnostic(code, WARNING, message, span, hint, tuple(related))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: d.sort_key)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `name`, if one is close enough to be a likely typo."""
    pool = sorted(set(candidates))
    folded = {c.casefold(): c for c in pool}
    if name.casefold() in folded:
        return folded[name.casefold()]
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    match = closest(name, candidates)
    return f"did you mean `{match}`?" if match else None


def backticked(names: Iterable[str]) -> str:
    """`a`, `b` and `c`."""
    quoted = [f"`{n}`" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
