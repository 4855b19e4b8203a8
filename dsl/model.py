"""The checked model: what the checker hands to the back end.

Names are resolved, types known and the sugar of the surface language lowered, so the back
end (and the reference evaluator of the tests) only meet a few constructs:

* a `Column` reached from the current record through to-one links, an `EnrichedRef`, a
  `Const`, `Today`, `Now`, an `Interval`;
* a `Call` of an operator or function (`and`, `=`, `+`, `like`, `lower`, `add_interval`, ...);
* `Exists` and `Aggregate` over a to-many link, with a condition evaluated on the linked
  records.

`between`, `in last/next`, and comparisons of a date with a timestamp are rewritten into
these by the checker, so every engine and the evaluator see one meaning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Union

from dsl.ast import Span

# Value types of the language.
TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
FLOAT = "float"
BOOLEAN = "boolean"
DATE = "date"
TIMESTAMP = "timestamp"
DURATION = "duration"
NULL = "null"  # the type of the literal `null`, compatible with every type

VALUE_TYPES = (TEXT, INTEGER, DECIMAL, FLOAT, BOOLEAN, DATE, TIMESTAMP)
NUMERIC_TYPES = (INTEGER, DECIMAL, FLOAT)


def normalize_label(label: str) -> str:
    """The identity of an audience label: NFC, case-folded, white space collapsed."""
    folded = unicodedata.normalize("NFC", label).casefold()
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", folded)).strip()


# ---------------------------------------------------------------------------- catalog


@dataclass(frozen=True, slots=True)
class AttributeInfo:
    name: str
    type: str
    column: str          # physical column name
    exact: bool          # True when written as a string (`column "FirstName"`): quote as is
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class LinkInfo:
    owner: str           # dimension the link is declared on
    name: str
    many: bool
    target: str          # dimension reached
    local: str           # attribute of `owner`
    remote: str          # attribute of `target`
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class MappingInfo:
    owner: str
    name: str
    via: tuple[LinkInfo, ...]    # to-one links from `owner`
    attribute: AttributeInfo     # on the dimension reached through `via`
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class SourcePart:
    text: str
    exact: bool          # written as a string in `source`: quoted as is


@dataclass(frozen=True, slots=True)
class DimensionInfo:
    name: str
    title: str | None
    source: tuple[SourcePart, ...]
    key: tuple[AttributeInfo, ...]
    attributes: dict[str, AttributeInfo]
    links: dict[str, LinkInfo]
    mappings: dict[str, MappingInfo]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(slots=True)
class Catalog:
    dimensions: dict[str, DimensionInfo] = field(default_factory=dict)

    def dimension(self, name: str) -> DimensionInfo:
        return self.dimensions[name]


# ---------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Column:
    """An attribute of the record in context, reached through zero or more to-one links."""

    via: tuple[LinkInfo, ...]
    attribute: AttributeInfo

    @property
    def type(self) -> str:
        return self.attribute.type


@dataclass(frozen=True, slots=True)
class EnrichedRef:
    """A name computed by an earlier `enrich` step of the same flow."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Const:
    """A constant: str, int, decimal.Decimal, float, bool, None, datetime.date/datetime."""

    value: object
    type: str


@dataclass(frozen=True, slots=True)
class Today:
    type: str = DATE


@dataclass(frozen=True, slots=True)
class Now:
    type: str = TIMESTAMP


@dataclass(frozen=True, slots=True)
class Interval:
    amount: int
    unit: str            # minute, hour, day, week, month, year
    type: str = DURATION


@dataclass(frozen=True, slots=True)
class Call:
    """An operator or function applied to arguments.

    Operators: `and`, `or`, `not`, `neg`, `+`, `-`, `*`, `/`, `=`, `!=`, `<`, `<=`, `>`,
    `>=`, `is_null`, `is_not_null`, `in`, `not_in` (first argument the operand), `like`,
    `contains`, `starts_with`, `ends_with`, `add_interval`, `sub_interval` (a date or
    timestamp and an `Interval`), `to_timestamp` (a date at midnight).
    Functions: `lower`, `upper`, `trim`, `length`, `coalesce`, `abs`, `round`, `year`,
    `month`, `day`, `age`, `days_between`.
    """

    function: str
    args: tuple[Expr, ...]
    type: str


@dataclass(frozen=True, slots=True)
class Exists:
    """True when at least one record is reached through `via` (to-one links, then one
    to-many link) for which `where` holds. Never multiplies the outer records."""

    via: tuple[LinkInfo, ...]
    where: Expr | None
    type: str = BOOLEAN


@dataclass(frozen=True, slots=True)
class Aggregate:
    """`count` (value None), `sum`, `avg`, `min`, `max` over the records reached through
    `via`; `value` and `where` are evaluated on those records. Count of nothing is 0, the
    others give null."""

    function: str
    via: tuple[LinkInfo, ...]
    value: Expr | None
    where: Expr | None
    type: str


Expr = Union[Column, EnrichedRef, Const, Today, Now, Interval, Call, Exists, Aggregate]


# ---------------------------------------------------------------------------- steps


@dataclass(frozen=True, slots=True)
class OrderKey:
    expr: Expr
    descending: bool


@dataclass(frozen=True, slots=True)
class TargetStep:
    dimension: str
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class ReadStep:
    """The records of `dimension` whose `mapping` value is in the saved audience `label`."""

    label: str
    dimension: str
    mapping: MappingInfo
    campaign: str        # the campaign that saves the label
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class FilterStep:
    condition: Expr
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class CombineStep:
    kind: str            # union, intersect, exclude
    steps: tuple[Step, ...]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class EnrichStep:
    assignments: tuple[tuple[str, Expr], ...]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class ChangeStep:
    link: LinkInfo       # followed from the current dimension
    dimension: str
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class DedupStep:
    by: tuple[Expr, ...]
    keep: int
    order: tuple[OrderKey, ...]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class LimitStep:
    count: int
    percent: bool
    order: tuple[OrderKey, ...]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class SegmentFlow:
    label: str
    condition: Expr
    limit: LimitStep | None
    steps: tuple[Step, ...]
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class SplitStep:
    overlap: bool
    segments: tuple[SegmentFlow, ...]
    otherwise: tuple[Step, ...] | None
    span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class SaveItemInfo:
    column: str          # audience column name (alias or last name of the path)
    expr: Expr


@dataclass(frozen=True, slots=True)
class SaveStep:
    label: str
    mapping: MappingInfo
    items: tuple[SaveItemInfo, ...]
    dimension: str
    span: Span = field(compare=False, repr=False, default=None)

    @property
    def key(self) -> str:
        return normalize_label(self.label)


Step = Union[
    TargetStep, ReadStep, FilterStep, CombineStep, EnrichStep, ChangeStep, DedupStep,
    LimitStep, SplitStep, SaveStep,
]


@dataclass(frozen=True, slots=True)
class CheckedCampaign:
    name: str
    status: str          # draft or published
    description: str | None
    steps: tuple[Step, ...]
    saves: tuple[SaveStep, ...]      # every save of the campaign, in flow order
    depends_on: tuple[str, ...]      # campaigns whose audiences it reads, sorted
    span: Span = field(compare=False, repr=False, default=None)

    @property
    def published(self) -> bool:
        return self.status == "published"


# ---------------------------------------------------------------------------- project


@dataclass(frozen=True, slots=True)
class Config:
    """`[project]` of camp.toml."""

    dialect: str = "duckdb"
    database: str | None = None
    audience_schema: str | None = None
    timezone: str = "UTC"


@dataclass(slots=True)
class CheckedProject:
    root: FsPath
    config: Config
    catalog: Catalog
    campaigns: list[CheckedCampaign]   # campaigns free of errors, in dependency order
    diagnostics: list                  # every Diagnostic, sorted by file, line, column
    files: dict[str, str] = field(default_factory=dict)   # display path -> source text
