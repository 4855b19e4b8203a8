"""A small hand-built catalog and helpers to write checked campaigns in tests.

The catalog mirrors SPEC.md section 3 (recipients and their bookings), with the travel
tables in schema `crm`, a physical column that differs from its attribute (`FirstName`) and a
reserved word as an attribute (`order`), so quoting is exercised everywhere.
"""

from __future__ import annotations

from pathlib import Path

from dsl import model as m


def attribute(name: str, type_: str, column: str | None = None) -> m.AttributeInfo:
    return m.AttributeInfo(name, type_, column or name, column is not None)


RECIPIENT_ATTRIBUTES = {
    a.name: a for a in (
        attribute("recipient_id", m.INTEGER),
        attribute("crm_id", m.TEXT),
        attribute("email", m.TEXT),
        attribute("first_name", m.TEXT, "FirstName"),
        attribute("country", m.TEXT),
        attribute("birth_date", m.DATE),
        attribute("loyalty_points", m.INTEGER),
        attribute("opted_in", m.BOOLEAN),
        attribute("order", m.INTEGER),
    )
}

BOOKING_ATTRIBUTES = {
    a.name: a for a in (
        attribute("booking_id", m.INTEGER),
        attribute("recipient_id", m.INTEGER),
        attribute("booked_at", m.TIMESTAMP),
        attribute("travel_date", m.DATE),
        attribute("destination", m.TEXT),
        attribute("amount", m.DECIMAL),
    )
}

BOOKINGS = m.LinkInfo("recipients", "bookings", True, "bookings", "recipient_id", "recipient_id")
RECIPIENT = m.LinkInfo("bookings", "recipient", False, "recipients", "recipient_id",
                       "recipient_id")

CRMID = m.MappingInfo("recipients", "CRMID", (), RECIPIENT_ATTRIBUTES["crm_id"])
EMAIL = m.MappingInfo("recipients", "Email", (), RECIPIENT_ATTRIBUTES["email"])
BOOKING_CRMID = m.MappingInfo("bookings", "CRMID", (RECIPIENT,), RECIPIENT_ATTRIBUTES["crm_id"])


def catalog() -> m.Catalog:
    recipients = m.DimensionInfo(
        "recipients", "Recipients",
        (m.SourcePart("crm", False), m.SourcePart("recipients", False)),
        (RECIPIENT_ATTRIBUTES["recipient_id"],), RECIPIENT_ATTRIBUTES,
        {"bookings": BOOKINGS}, {"CRMID": CRMID, "Email": EMAIL},
    )
    bookings = m.DimensionInfo(
        "bookings", "Bookings",
        (m.SourcePart("crm", False), m.SourcePart("bookings", False)),
        (BOOKING_ATTRIBUTES["booking_id"],), BOOKING_ATTRIBUTES,
        {"recipient": RECIPIENT}, {"CRMID": BOOKING_CRMID},
    )
    return m.Catalog({"recipients": recipients, "bookings": bookings})


# ---------------------------------------------------------------------------- expressions


def col(name: str, *via: m.LinkInfo, dimension: str | None = None) -> m.Column:
    """An attribute of the record, through to-one links; `dimension` where it is declared."""
    owner = dimension or (via[-1].target if via else "recipients")
    attributes = RECIPIENT_ATTRIBUTES if owner == "recipients" else BOOKING_ATTRIBUTES
    return m.Column(tuple(via), attributes[name])


def bcol(name: str, *via: m.LinkInfo) -> m.Column:
    return col(name, *via, dimension="bookings")


def const(value: object, type_: str) -> m.Const:
    return m.Const(value, type_)


def text(value: str) -> m.Const:
    return m.Const(value, m.TEXT)


def integer(value: int) -> m.Const:
    return m.Const(value, m.INTEGER)


BOOLEAN_OPERATORS = {"and", "or", "not", "=", "!=", "<", "<=", ">", ">=", "is_null",
                     "is_not_null", "in", "not_in", "like", "contains", "starts_with",
                     "ends_with"}


def call(function: str, *args: m.Expr, type_: str | None = None) -> m.Call:
    if type_ is None:
        type_ = m.BOOLEAN if function in BOOLEAN_OPERATORS else args[0].type
    return m.Call(function, tuple(args), type_)


def in_last(value: m.Expr, amount: int, unit: str) -> m.Expr:
    """What the checker makes of `value in last N unit` (SPEC section 5)."""
    if unit in ("hour", "minute"):
        start = call("sub_interval", m.Now(), m.Interval(amount, unit))
        return call("and", call(">=", value, start), call("<=", value, m.Now()))
    since = call("sub_interval", m.Today(), m.Interval(amount, unit))
    until = call("add_interval", m.Today(), m.Interval(1, "day"))
    if value.type == m.TIMESTAMP:
        since = call("to_timestamp", since, type_=m.TIMESTAMP)
        until = call("to_timestamp", until, type_=m.TIMESTAMP)
    return call("and", call(">=", value, since), call("<", value, until))


# ---------------------------------------------------------------------------- campaigns


def save(label: str, mapping: m.MappingInfo = CRMID, *items: tuple[str, m.Expr],
         dimension: str = "recipients") -> m.SaveStep:
    return m.SaveStep(label, mapping, tuple(m.SaveItemInfo(c, e) for c, e in items), dimension)


def campaign(name: str, *steps: m.Step, status: str = "published",
             depends_on: tuple[str, ...] = ()) -> m.CheckedCampaign:
    saves = tuple(collect_saves(steps))
    return m.CheckedCampaign(name, status, None, tuple(steps), saves, depends_on)


def collect_saves(steps) -> list[m.SaveStep]:
    found = []
    for step in steps:
        if isinstance(step, m.SaveStep):
            found.append(step)
        elif isinstance(step, m.CombineStep):
            found += collect_saves(step.steps)
        elif isinstance(step, m.SplitStep):
            for segment in step.segments:
                found += collect_saves(segment.steps)
            found += collect_saves(step.otherwise or ())
    return found


def project(root: Path, *campaigns: m.CheckedCampaign, **config) -> m.CheckedProject:
    return m.CheckedProject(root, m.Config(**config), catalog(), list(campaigns), [])
