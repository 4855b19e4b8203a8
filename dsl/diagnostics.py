"""One diagnostic type for every stage, and the registry of stable codes.

A `Diagnostic` is rendered for the terminal, JSON and the other formats by `dsl.render`; the
stages only build them. Messages are terse phrases with names in backticks and no full stop;
advice goes in `hint`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from dsl.ast import Span

ERROR = "error"
WARNING = "warning"
INFO = "info"

# Code -> one-line title. Each code has its page, docs/codes/CODE.md (see `camp explain`).
CODES: dict[str, str] = {
    "E100": "syntax error",
    "E101": "file cannot be read",
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
    "W100": "draft campaign that saves audiences",
    "W101": "comparison that leaves out the records where an attribute is null",
    "W102": "condition that is never or always true",
    "W103": "enriched value never used",
    "W104": "campaign that saves no audience",
    "W105": "audience read back through a shared identity",
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


# ---------------------------------------------------------------------------- code pages


def pages_folder() -> Path:
    """The pages of the codes: docs/codes in a checkout, `dsl/_codes` in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "docs" / "codes", here / "_codes"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("docs/codes is missing from the installation")


def code_page(code: str) -> str | None:
    """The page of `code` (what it means, an example, the fix), or None for no such code."""
    code = code.strip().upper()
    if code not in CODES:
        return None
    return (pages_folder() / f"{code}.md").read_text(encoding="utf-8")


def page_severity(page: str) -> str:
    match = re.search(r"^Severity: (\w+)$", page, flags=re.M)
    return match.group(1) if match else ERROR


def codes_index() -> str:
    """docs/codes/README.md, generated from the pages so that it cannot drift from them."""
    lines = ["# Diagnostic codes", "",
             "Generated from the pages of this folder by `python -m dsl.diagnostics`; "
             "`camp explain CODE` prints a page.", "",
             "| code | severity | meaning |", "|---|---|---|"]
    for code, title in CODES.items():
        page = code_page(code) or ""
        lines.append(f"| [{code}]({code}.md) | {page_severity(page)} | {title} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (pages_folder() / "README.md").write_text(codes_index(), encoding="utf-8")
