"""The abstract syntax tree of the campaign language.

Nodes are frozen dataclasses. Every node carries a `Span` that is left out of equality, so
two parses of the same program compare equal however the text was laid out (the formatter's
tests rely on it). Positions are 1-based and count Unicode code points; `end_column` is one
past the last character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Union


class Span(NamedTuple):
    """A range of source text in one file (a tuple: cheap to build a hundred thousand of)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column)


NO_SPAN = Span("", 0, 0, 0, 0)


class Node:
    """Base of the AST nodes: pickles as its class and field values, which loads several
    times faster than the generic dataclass state (the parse cache relies on it)."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------------------- leaves


@dataclass(frozen=True, slots=True)
class Name(Node):
    """An identifier as written (backticks removed)."""

    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Text(Node):
    """A string literal used as a label, a title or a physical name (escapes resolved)."""

    value: str
    span: Span = _span()


# ---------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Path(Node):
    """`country`, `recipient.country`: attribute, enriched name or link navigation."""

    names: tuple[Name, ...]
    span: Span = _span()

    @property
    def dotted(self) -> str:
        return ".".join(name.text for name in self.names)


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A constant. `kind` is one of text, integer, decimal, boolean, null, date, timestamp.

    Numbers keep their text (without underscores) so that decimals stay exact.
    """

    kind: str
    value: str | bool | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Duration(Node):
    """`30 days`; `unit` is singular: minute, hour, day, week, month, year."""

    amount: int
    unit: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """`not X` or `-X`."""

    op: str
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """Arithmetic, comparison (`=`, `!=`, `<`, ...) and the logical `and`, `or`."""

    op: str
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class InList(Node):
    operand: Expr
    items: tuple[Expr, ...]
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Between(Node):
    operand: Expr
    low: Expr
    high: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IsNull(Node):
    operand: Expr
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TextMatch(Node):
    """`contains`, `starts with`, `ends with` or `like`."""

    op: str
    operand: Expr
    pattern: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RelativeTime(Node):
    """`X in last 30 days` (`window` is "last") or `X in next 2 weeks` ("next")."""

    operand: Expr
    window: str
    duration: Duration
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Exists(Node):
    """`exists LINK [where COND]` over a to-many link."""

    link: Path
    where: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Aggregate(Node):
    """`count(LINK [where C])`, `sum(LINK.PATH [where C])`, and `avg`, `min`, `max`."""

    function: str
    path: Path
    where: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Call(Node):
    function: Name
    args: tuple[Expr, ...]
    span: Span = _span()


Expr = Union[
    Path, Literal, Duration, Unary, Binary, InList, Between, IsNull, TextMatch, RelativeTime,
    Exists, Aggregate, Call,
]


# ---------------------------------------------------------------------------- dimensions


@dataclass(frozen=True, slots=True)
class Source(Node):
    """The physical table; each part is a plain `Name` or an exact `Text`."""

    parts: tuple[Name | Text, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Key(Node):
    attributes: tuple[Name, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Mapping(Node):
    """`mapping CRMID = recipient.crm_id`."""

    name: Name
    path: Path
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Attribute(Node):
    """`first_name: text column "FirstName"`."""

    name: Name
    type: Name
    column: Text | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Link(Node):
    """`link bookings to many bookings on recipient_id = recipient_id`."""

    name: Name
    cardinality: Name
    target: Name
    local: Name
    remote: Name
    span: Span = _span()


DimensionMember = Union[Source, Key, Mapping, Attribute, Link]


@dataclass(frozen=True, slots=True)
class Dimension(Node):
    name: Name
    title: Text | None
    members: tuple[DimensionMember, ...]
    span: Span = _span()

    def members_of(self, kind: type) -> list:
        return [member for member in self.members if isinstance(member, kind)]


# ---------------------------------------------------------------------------- steps


@dataclass(frozen=True, slots=True)
class Target(Node):
    dimension: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ReadAudience(Node):
    label: Text
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Filter(Node):
    condition: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Combine(Node):
    """`union`, `intersect` or `exclude` with an inner block of steps."""

    kind: str
    steps: tuple[Step, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Assignment(Node):
    name: Name
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Enrich(Node):
    assignments: tuple[Assignment, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ChangeDimension(Node):
    dimension: Name
    via: Name | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OrderItem(Node):
    expr: Expr
    descending: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Dedup(Node):
    by: tuple[Expr, ...]
    keep: Literal | None
    order: tuple[OrderItem, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Limit(Node):
    count: Literal
    percent: bool
    order: tuple[OrderItem, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Segment(Node):
    label: Text
    condition: Expr
    limit: Limit | None
    steps: tuple[Step, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Split(Node):
    overlap: bool
    segments: tuple[Segment, ...]
    otherwise: tuple[Step, ...] | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SaveItem(Node):
    path: Path
    alias: Name | None
    span: Span = _span()

    @property
    def column(self) -> str:
        """The audience column this item becomes: the alias, or the path's last name."""
        return (self.alias or self.path.names[-1]).text


@dataclass(frozen=True, slots=True)
class Save(Node):
    label: Text
    mapping: Name
    items: tuple[SaveItem, ...]
    span: Span = _span()


Step = Union[
    Target, ReadAudience, Filter, Combine, Enrich, ChangeDimension, Dedup, Limit, Split, Save,
]


# ---------------------------------------------------------------------------- campaigns


@dataclass(frozen=True, slots=True)
class Status(Node):
    value: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Description(Node):
    text: Text
    span: Span = _span()


CampaignMember = Union[Status, Description, Step]


@dataclass(frozen=True, slots=True)
class Campaign(Node):
    name: Text
    members: tuple[CampaignMember, ...]
    span: Span = _span()

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(m for m in self.members if not isinstance(m, (Status, Description)))

    @property
    def status(self) -> Status | None:
        return next((m for m in self.members if isinstance(m, Status)), None)

    @property
    def description(self) -> Description | None:
        return next((m for m in self.members if isinstance(m, Description)), None)


@dataclass(frozen=True, slots=True)
class Module(Node):
    """One `.camp` file: its dimensions and campaigns in source order."""

    path: str
    items: tuple[Dimension | Campaign, ...]
    span: Span = _span()
