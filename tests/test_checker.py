"""The checker: what the checked model (`dsl.model`) holds once the sugar is lowered.

Each case checks a small campaign against the catalog below and compares the checked
expression or step with the model written out by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dsl import model as m
from dsl.checker import check_modules
from dsl.parse import parse_module

CATALOG = '''
dimension recipients "Recipients" {
  source crm.recipients
  key recipient_id
  mapping CRMID = crm_id
  mapping Email = email

  recipient_id: integer
  crm_id: text
  email: text
  country: text
  birth_date: date
  loyalty_points: integer
  score: float
  opted_in: boolean

  link bookings to many bookings on recipient_id = recipient_id
}

dimension bookings "Bookings" {
  source crm.bookings
  key booking_id
  mapping CRMID = recipient.crm_id

  booking_id: integer
  recipient_id: integer
  trip_id: integer
  booked_at: timestamp
  amount: decimal

  link recipient to one recipients on recipient_id = recipient_id
  link trip to one trips on trip_id = trip_id
}

dimension trips "Trips" {
  source crm.trips
  key trip_id
  mapping CRMID = lead_booking.recipient.crm_id

  trip_id: integer
  lead_booking_id: integer
  destination: text

  link lead_booking to one bookings on lead_booking_id = booking_id
}
'''


# ---------------------------------------------------------------------------- helpers


def check(*campaigns: str):
    """The catalog, the error-free campaigns in dependency order, and the diagnostics."""
    modules = []
    for number, text in enumerate((CATALOG, *campaigns)):
        module, problems = parse_module(text, f"file{number}.camp")
        assert problems == [], problems
        modules.append(module)
    return check_modules(modules, m.Config())


def checked_campaign(body: str, dimension: str = "recipients") -> m.CheckedCampaign:
    _catalog, campaigns, diagnostics = check(f'campaign "c" {{\n  target {dimension}\n{body}\n}}')
    assert diagnostics == []
    [campaign] = campaigns
    return campaign


def condition(text: str, dimension: str = "recipients") -> m.Expr:
    return checked_campaign(f"  filter {text}", dimension).steps[1].condition


def enriched(text: str, dimension: str = "recipients") -> m.Expr:
    step = checked_campaign(f"  enrich {{ value = {text} }}", dimension).steps[1]
    [(_name, value)] = step.assignments
    return value


def codes(diagnostics) -> list[str]:
    return [diagnostic.code for diagnostic in diagnostics]


_catalog = check()[0]
RECIPIENTS = _catalog.dimensions["recipients"]
BOOKINGS = _catalog.dimensions["bookings"]
TRIPS = _catalog.dimensions["trips"]


def column(dimension: m.DimensionInfo, name: str, *via: m.LinkInfo) -> m.Column:
    return m.Column(tuple(via), dimension.attributes[name])


def call(function: str, *args, type_: str = m.BOOLEAN) -> m.Call:
    return m.Call(function, args, type_)


def interval(amount: int, unit: str) -> m.Interval:
    return m.Interval(amount, unit)


def today_minus(amount: int, unit: str) -> m.Call:
    return call("sub_interval", m.Today(), interval(amount, unit), type_=m.DATE)


def today_plus(amount: int, unit: str, start=None) -> m.Call:
    return call("add_interval", start or m.Today(), interval(amount, unit), type_=m.DATE)


def at_midnight(expr: m.Expr) -> m.Call:
    return call("to_timestamp", expr, type_=m.TIMESTAMP)


POINTS = column(RECIPIENTS, "loyalty_points")
BIRTH_DATE = column(RECIPIENTS, "birth_date")
BOOKED_AT = column(BOOKINGS, "booked_at")


# ---------------------------------------------------------------------------- lowering


def test_between_becomes_two_comparisons():
    assert condition("loyalty_points between 10 and 20") == call(
        "and", call(">=", POINTS, m.Const(10, m.INTEGER)),
        call("<=", POINTS, m.Const(20, m.INTEGER)))


def test_in_last_days_on_a_date_counts_whole_days_up_to_today():
    assert condition("birth_date in last 30 days") == call(
        "and", call(">=", BIRTH_DATE, today_minus(30, "day")),
        call("<", BIRTH_DATE, today_plus(1, "day")))


def test_in_last_days_on_a_timestamp_compares_with_midnights():
    assert condition("booked_at in last 2 weeks", "bookings") == call(
        "and", call(">=", BOOKED_AT, at_midnight(today_minus(2, "week"))),
        call("<", BOOKED_AT, at_midnight(today_plus(1, "day"))))


def test_in_next_months_ends_after_the_last_day():
    assert condition("birth_date in next 6 months") == call(
        "and", call(">=", BIRTH_DATE, m.Today()),
        call("<", BIRTH_DATE, today_plus(1, "day", start=today_plus(6, "month"))))


def test_in_last_hours_is_measured_from_now():
    assert condition("booked_at in last 12 hours", "bookings") == call(
        "and",
        call(">=", BOOKED_AT, call("sub_interval", m.Now(), interval(12, "hour"),
                                   type_=m.TIMESTAMP)),
        call("<=", BOOKED_AT, m.Now()))


def test_in_next_minutes_is_measured_from_now():
    assert condition("booked_at in next 45 minutes", "bookings") == call(
        "and", call(">=", BOOKED_AT, m.Now()),
        call("<=", BOOKED_AT, call("add_interval", m.Now(), interval(45, "minute"),
                                   type_=m.TIMESTAMP)))


def test_in_last_hours_on_a_date_takes_its_midnight():
    assert condition("birth_date in last 1 hour") == call(
        "and",
        call(">=", at_midnight(BIRTH_DATE), call("sub_interval", m.Now(), interval(1, "hour"),
                                                 type_=m.TIMESTAMP)),
        call("<=", at_midnight(BIRTH_DATE), m.Now()))


def test_a_date_compared_with_a_timestamp_counts_as_its_midnight():
    assert condition("birth_date < now()") == call("<", at_midnight(BIRTH_DATE), m.Now())
    assert condition('birth_date = timestamp "2026-01-31 08:30:00"') == call(
        "=", at_midnight(BIRTH_DATE),
        m.Const(dt.datetime(2026, 1, 31, 8, 30), m.TIMESTAMP))


def test_a_date_compared_with_a_date_stays_a_date():
    assert condition('birth_date >= date "2000-01-01"') == call(
        ">=", BIRTH_DATE, m.Const(dt.date(2000, 1, 1), m.DATE))


def test_in_list_of_dates_and_timestamps_aligns_every_item():
    assert condition('birth_date in (date "2000-01-01", now())') == call(
        "in", at_midnight(BIRTH_DATE), at_midnight(m.Const(dt.date(2000, 1, 1), m.DATE)),
        m.Now())


def test_date_arithmetic():
    assert enriched("today() - 30 days") == today_minus(30, "day")
    assert enriched("birth_date + 2 hours").type == m.TIMESTAMP
    assert enriched("1 year + birth_date") == call(
        "add_interval", BIRTH_DATE, interval(1, "year"), type_=m.DATE)


@pytest.mark.parametrize("text, type_", [
    ("loyalty_points / 2", m.DECIMAL),
    ("loyalty_points / loyalty_points", m.DECIMAL),
    ("loyalty_points / 2.5", m.DECIMAL),
    ("score / 2", m.FLOAT),
    ("loyalty_points * 2", m.INTEGER),
    ("loyalty_points + 2.5", m.DECIMAL),
    ("loyalty_points - score", m.FLOAT),
    ("-loyalty_points", m.INTEGER),
])
def test_arithmetic_types(text, type_):
    assert enriched(text).type == type_


def test_division_is_typed_decimal():
    assert enriched("loyalty_points / 4") == call(
        "/", POINTS, m.Const(4, m.INTEGER), type_=m.DECIMAL)


def test_literals_become_typed_constants():
    assert enriched("1_000.50") == m.Const(Decimal("1000.50"), m.DECIMAL)
    assert enriched('"caf\\u{E9}"') == m.Const("café", m.TEXT)


# ---------------------------------------------------------------------------- paths


def test_to_one_paths_resolve_to_columns_through_links():
    recipient = BOOKINGS.links["recipient"]
    assert condition('recipient.country = "FR"', "bookings") == call(
        "=", column(RECIPIENTS, "country", recipient), m.Const("FR", m.TEXT))


def test_paths_follow_several_to_one_links():
    lead, recipient = TRIPS.links["lead_booking"], BOOKINGS.links["recipient"]
    assert condition("lead_booking.recipient.opted_in", "trips") == column(
        RECIPIENTS, "opted_in", lead, recipient)


def test_mappings_follow_to_one_links():
    recipient = BOOKINGS.links["recipient"]
    assert BOOKINGS.mappings["CRMID"].via == (recipient,)
    assert BOOKINGS.mappings["CRMID"].attribute == RECIPIENTS.attributes["crm_id"]
    assert TRIPS.mappings["CRMID"].via == (TRIPS.links["lead_booking"], recipient)
    assert RECIPIENTS.mappings["Email"].via == ()


def test_exists_and_aggregates_over_to_many_links():
    bookings = RECIPIENTS.links["bookings"]
    amount = column(BOOKINGS, "amount")
    assert condition("exists bookings where amount > 100") == m.Exists(
        (bookings,), call(">", amount, m.Const(100, m.INTEGER)))
    assert enriched("sum(bookings.amount)") == m.Aggregate(
        "sum", (bookings,), amount, None, m.DECIMAL)
    assert enriched("count(bookings)") == m.Aggregate("count", (bookings,), None, None,
                                                      m.INTEGER)


def test_enriched_names_are_usable_by_later_steps():
    campaign = checked_campaign("  enrich { points = loyalty_points * 2 }\n"
                                "  filter points > 10\n"
                                '  save audience "A" map CRMID with points as double_points')
    assert campaign.steps[2].condition == call(
        ">", m.EnrichedRef("points", m.INTEGER), m.Const(10, m.INTEGER))
    assert campaign.saves[0].items == (
        m.SaveItemInfo("double_points", m.EnrichedRef("points", m.INTEGER)),)


# ---------------------------------------------------------------------------- labels


@pytest.mark.parametrize("second", [
    "CAFE\u0301 lovers",           # decomposed é, other case, one space
    "café lovers",
    "  Café\tLovers ",
    "CAFÉ\n LOVERS",
])
def test_labels_are_unique_after_nfc_case_folding_and_spacing(second):
    first_label = "Café  Lovers"
    _catalog, campaigns, diagnostics = check(
        f'campaign "a" {{ target recipients save audience "{first_label}" map CRMID }}',
        'campaign "b" { target recipients save audience "'
        + second.replace("\n", "\\n").replace("\t", "\\t") + '" map CRMID }')
    [duplicate] = diagnostics
    assert duplicate.code == "E400"
    assert duplicate.span.file == "file2.camp"
    assert duplicate.related[0].span.file == "file1.camp"
    assert [c.name for c in campaigns] == ["a"]


def test_labels_that_differ_are_fine():
    _catalog, campaigns, diagnostics = check(
        'campaign "a" { target recipients save audience "Cafe lovers" map CRMID }',
        'campaign "b" { target recipients save audience "Café lovers" map CRMID }')
    assert diagnostics == []
    assert len(campaigns) == 2


def test_a_label_saved_twice_in_one_campaign():
    _catalog, campaigns, diagnostics = check(
        'campaign "a" { target recipients save audience "X" map CRMID '
        'save audience "x" map Email }')
    assert codes(diagnostics) == ["E400"]
    assert "this campaign" in diagnostics[0].message
    assert campaigns == []


def test_normalize_label():
    assert m.normalize_label("  Café\u00a0 Lovers\n") == m.normalize_label("CAFE\u0301 LOVERS")


# ---------------------------------------------------------------------------- campaigns


def test_campaigns_come_in_dependency_order():
    _catalog, campaigns, diagnostics = check(
        'campaign "A reader" { status published read audience "Z list" '
        'save audience "A list" map CRMID }',
        'campaign "B plain" { target recipients }',
        'campaign "Z saver" { status published target recipients '
        'save audience "Z list" map CRMID }',
        'campaign "M reader" { read audience "a LIST" }')
    assert diagnostics == []
    assert [c.name for c in campaigns] == ["B plain", "Z saver", "A reader", "M reader"]
    assert campaigns[2].depends_on == ("Z saver",)
    assert campaigns[3].depends_on == ("A reader",)


def test_read_audience_takes_the_dimension_and_mapping_it_was_saved_with():
    _catalog, campaigns, _diagnostics = check(
        'campaign "saver" { status published target bookings save audience "Bookers" map CRMID }',
        'campaign "reader" { read audience "bookers" filter amount > 0 }')
    reader = campaigns[-1]
    assert reader.steps[0] == m.ReadStep("Bookers", "bookings", BOOKINGS.mappings["CRMID"],
                                         "saver")


def test_a_campaign_with_errors_is_left_out():
    _catalog, campaigns, diagnostics = check(
        'campaign "good" { target recipients filter opted_in }',
        'campaign "bad" { target recipients filter contry = "FR" }')
    assert codes(diagnostics) == ["E201"]
    assert [c.name for c in campaigns] == ["good"]


def test_reading_the_audience_of_a_campaign_in_error_is_an_error():
    _catalog, campaigns, diagnostics = check(
        'campaign "saver" { target recipients save audience "A" map CRMID filter contry }',
        'campaign "reader" { read audience "A" }')
    assert codes(diagnostics) == ["E201", "E402"]
    assert campaigns == []


def test_a_cycle_names_its_campaigns_and_leaves_them_out():
    _catalog, campaigns, diagnostics = check(
        'campaign "a" { read audience "B" save audience "A" map CRMID }',
        'campaign "b" { read audience "A" save audience "B" map CRMID }',
        'campaign "c" { target recipients }')
    [cycle] = diagnostics
    assert cycle.code == "E403"
    assert "`a` → `b` → `a`" in cycle.message
    assert [c.name for c in campaigns] == ["c"]


def test_change_dimension_makes_save_follow_the_new_dimension():
    _catalog, campaigns, diagnostics = check(
        'campaign "a" { target recipients change dimension to bookings '
        'save audience "A" map Email }')
    [incompatible] = diagnostics
    assert incompatible.code == "E401"
    assert incompatible.message == "mapping `Email` is not offered by dimension `bookings`"
    assert incompatible.hint == "the mapping of `bookings` is `CRMID`"

    campaign = checked_campaign("  change dimension to bookings\n"
                                '  save audience "A" map CRMID')
    change, save = campaign.steps[1:]
    assert change == m.ChangeStep(RECIPIENTS.links["bookings"], "bookings")
    assert save.dimension == "bookings"
    assert save.mapping == BOOKINGS.mappings["CRMID"]


def test_change_dimension_via_a_named_link():
    campaign = checked_campaign("  change dimension to trips via trip", "bookings")
    assert campaign.steps[1] == m.ChangeStep(BOOKINGS.links["trip"], "trips")


def test_names_after_change_dimension_resolve_on_the_new_dimension():
    _catalog, _campaigns, diagnostics = check(
        'campaign "a" { target recipients enrich { x = 1 } change dimension to bookings '
        "filter country = \"FR\" or x = 1 }")
    assert codes(diagnostics) == ["E201", "E201"]


def test_status_and_description():
    campaign = checked_campaign("  status published\n  description \"All of them\"")
    assert campaign.published and campaign.description == "All of them"
    assert not checked_campaign("").published


def test_reading_the_audience_of_a_draft_is_an_error():
    _catalog, campaigns, diagnostics = check(
        'campaign "saver" { target recipients save audience "L" map CRMID }',
        'campaign "reader" { status published read audience "L" }')
    assert codes(diagnostics) == ["E402"]
    assert "draft campaign `saver`" in diagnostics[0].message
    assert [c.name for c in campaigns] == ["saver"]


def test_durations_stand_only_beside_a_date():
    for condition in ("1 day = 1 day", "1 day is null", "2 days in (1 day)",
                      "birth_date in last 999999 years", "birth_date > today() - 400000 days"):
        _catalog, _campaigns, diagnostics = check(
            f'campaign "c" {{ target recipients filter {condition} }}')
        assert codes(diagnostics) == ["E300"], condition
