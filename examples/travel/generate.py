"""Generate the travel example's warehouse: a DuckDB file with `crm.recipients` and `crm.bookings`.

Every value is derived from `hash()` of a row number and a salt, inside DuckDB, so the same
arguments always give the same table contents (no random seed, no dependence on thread count),
and a million bookings take a few seconds.

    python examples/travel/generate.py [--out PATH] [--recipients N] [--bookings M]
                                       [--anchor YYYY-MM-DD]

The anchor is the "today" the data is built around: bookings were made during the three years
up to and including the anchor day, never after it. Run campaigns with `--as-of ANCHOR` to get
results that do not drift as the calendar moves on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "travel.duckdb"
DEFAULT_RECIPIENTS = 100_000
DEFAULT_BOOKINGS = 1_000_000
TIMEZONE = "Europe/Paris"

# How far back bookings go, in days before the anchor day.
HISTORY_DAYS = 3 * 365

# Lapsed recipients have not booked for at least this many days: past any "last 365 days".
LAPSED_MIN_DAYS = 400

FIRST_NAMES = [
    "Louis", "Emma", "Gabriel", "Jade", "Raphaël", "Louise", "Léo", "Alice", "Arthur", "Chloé",
    "Hugo", "Léa", "Jules", "Manon", "Lucas", "Inès", "Noah", "Zoé", "Adam", "Camille",
    "Lukas", "Mia", "Finn", "Hannah", "Mateo", "Lucía", "Sofía", "Marco", "Giulia", "Sem",
    "Daan", "Julia", "Oliver", "Amelia", "James", "Olivia", "Liam", "Ava", "François", "Jürgen",
]
EMAIL_DOMAINS = ["example.com", "example.org", "mail.example.net", "voyage.example.fr"]

# Countries and their cumulative shares; the remaining ~2% of recipients have no country.
COUNTRIES = [
    ("FR", 0.34), ("BE", 0.44), ("DE", 0.56), ("ES", 0.66), ("IT", 0.76),
    ("NL", 0.84), ("GB", 0.92), ("US", 0.98),
]
DESTINATIONS = [
    "Paris", "Lisbon", "Barcelona", "Rome", "London", "Amsterdam", "Berlin", "Prague",
    "Vienna", "Athens", "Dubrovnik", "Marrakech", "Reykjavik", "New York", "Montreal",
    "Tokyo", "Bangkok", "Cape Town", "Seville", "Nice",
]
CHANNELS = [("web", 0.45), ("mobile", 0.75), ("agency", 0.90), ("phone", 1.0)]

# Instants on either side of the windows the example campaigns use, so that off-by-one
# mistakes in `in last N days` change the answers. Offsets are from the anchor day's midnight.
EDGE_OFFSETS = [
    "INTERVAL 0 SECOND", "INTERVAL 86399 SECOND",
    "- INTERVAL 30 DAY", "- INTERVAL 30 DAY - INTERVAL 1 SECOND",
    "- INTERVAL 90 DAY", "- INTERVAL 90 DAY - INTERVAL 1 SECOND",
    "- INTERVAL 365 DAY", "- INTERVAL 365 DAY - INTERVAL 1 SECOND",
]


def sql_list(values: list[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def pick_weighted(unit: str, choices: list[tuple[str, float]], otherwise: str) -> str:
    """A CASE expression choosing a value by comparing `unit` with cumulative shares."""
    arms = " ".join(f"WHEN {unit} < {share} THEN '{value}'" for value, share in choices)
    return f"CASE {arms} ELSE {otherwise} END"


# `unit(i, salt)` is a uniform pseudo-random number in [0, 1) and `pick(i, salt, n)` an
# integer in [0, n); both depend only on their arguments, which is what makes runs repeatable.
MACROS = """
CREATE TEMP MACRO unit(i, salt) AS (hash(i, salt) % 1000000)::DOUBLE / 1000000;
CREATE TEMP MACRO pick(i, salt, n) AS (hash(i, salt) % n)::BIGINT;
"""

RECIPIENTS_SQL = f"""
CREATE TABLE crm.recipients AS
WITH ids AS (SELECT range + 1 AS id FROM range($recipients))
, named AS (
    SELECT id, {sql_list(FIRST_NAMES)}[1 + pick(id, 'first_name', {len(FIRST_NAMES)})] AS name
    FROM ids
)
SELECT
    id::INTEGER AS recipient_id,
    CASE WHEN unit(id, 'crm_null') < 0.01 THEN NULL
         ELSE 'CRM' || lpad(id::VARCHAR, 8, '0') END AS crm_id,
    CASE WHEN unit(id, 'email_null') < 0.05 THEN NULL
         ELSE lower(strip_accents(name)) || '.' || id || '@'
              || {sql_list(EMAIL_DOMAINS)}[1 + pick(id, 'domain', {len(EMAIL_DOMAINS)})]
         END AS email,
    name AS "FirstName",
    {pick_weighted("unit(id, 'country')", COUNTRIES, "NULL")} AS country,
    (DATE '1940-01-01' + pick(id, 'birth', 24000)::INTEGER) AS birth_date,
    CASE WHEN unit(id, 'points_zero') < 0.10 THEN 0
         ELSE pick(id, 'points', 5001) END::INTEGER AS loyalty_points,
    CASE WHEN unit(id, 'opt') < 0.70 THEN TRUE
         WHEN unit(id, 'opt') < 0.95 THEN FALSE END AS opted_in
FROM named
ORDER BY recipient_id
"""

# Each recipient has a hidden profile: prospects never booked, lapsed ones booked only long
# ago, active ones any time. Bookings are dealt to non-prospects through their ordinal.
BOOKERS_SQL = """
CREATE TEMP TABLE bookers AS
WITH profiled AS (
    SELECT recipient_id,
           CASE WHEN unit(recipient_id, 'profile') < 0.20 THEN 'prospect'
                WHEN unit(recipient_id, 'profile') < 0.35 THEN 'lapsed'
                ELSE 'active' END AS profile
    FROM crm.recipients
)
, eligible AS (
    -- With very few recipients all could be prospects; then everyone may book.
    SELECT * FROM profiled
    WHERE profile <> 'prospect'
       OR NOT EXISTS (SELECT 1 FROM profiled WHERE profile <> 'prospect')
)
SELECT recipient_id, profile, row_number() OVER (ORDER BY recipient_id) - 1 AS ordinal
FROM eligible
"""

BOOKINGS_SQL = f"""
CREATE TABLE crm.bookings AS
WITH ids AS (SELECT range + 1 AS id FROM range($bookings))
, dealt AS (
    SELECT ids.id, b.recipient_id, b.profile
    FROM (SELECT id, pick(id, 'who', $bookers_count) AS ordinal FROM ids) AS ids
    JOIN bookers AS b USING (ordinal)
)
, timed AS (
    SELECT *,
        CASE WHEN profile = 'active' AND unit(id, 'edge') < 0.01
             THEN $anchor::TIMESTAMP + [{", ".join(EDGE_OFFSETS)}][1 + pick(id, 'which_edge',
                                                                   {len(EDGE_OFFSETS)})]
             WHEN profile = 'lapsed'
             THEN $anchor::TIMESTAMP - to_seconds(
                      {LAPSED_MIN_DAYS} * 86400
                      + pick(id, 'when', ({HISTORY_DAYS} - {LAPSED_MIN_DAYS}) * 86400))
             -- The anchor day is included: the window ends one second before the next day.
             ELSE $anchor::TIMESTAMP + INTERVAL 1 DAY
                  - to_seconds(1 + pick(id, 'when', {HISTORY_DAYS} * 86400))
             END AS booked_at,
        1 + pick(id, 'nights', 14) AS nights,
        4000 + pick(id, 'night_price', 36001) AS cents_per_night,
        pick(id, 'destination', 1000000) AS destination_draw
    FROM dealt
)
SELECT
    id::INTEGER AS booking_id,
    -- A few bookings were made by guests without an account.
    CASE WHEN unit(id, 'guest') < 0.005 THEN NULL ELSE recipient_id END::INTEGER AS recipient_id,
    booked_at,
    -- Squaring a uniform draw makes the first destinations of the list the popular ones;
    -- integer arithmetic keeps the choice exact on every platform.
    {sql_list(DESTINATIONS)}[1 + (destination_draw * destination_draw * {len(DESTINATIONS)})
                                 // 1000000000000] AS destination,
    -- Integer cents times 0.01 keeps the amount exact, unlike a floating-point division.
    (CAST(nights * cents_per_night AS DECIMAL(12, 0)) * 0.01)::DECIMAL(10, 2) AS amount,
    {pick_weighted("unit(id, 'channel')", CHANNELS, "NULL")} AS channel,
    nights::INTEGER AS nights
FROM timed
ORDER BY booking_id
"""


def default_anchor() -> dt.date:
    """Today's date in the project's time zone, which is what `today()` means in campaigns."""
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def build(con: duckdb.DuckDBPyConnection, recipients: int, bookings: int, anchor: dt.date) -> None:
    """Create and fill the `crm` schema on an open connection."""
    con.execute("CREATE SCHEMA crm")
    con.execute(MACROS)
    con.execute(RECIPIENTS_SQL, {"recipients": recipients})
    con.execute(BOOKERS_SQL)
    (bookers_count,) = con.execute("SELECT count(*) FROM bookers").fetchone()
    con.execute(BOOKINGS_SQL,
                {"bookings": bookings, "anchor": anchor, "bookers_count": bookers_count})
    con.execute("DROP TABLE bookers")


def remove_quietly(path: str) -> None:
    """Delete a file if it exists."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def generate(path: str | os.PathLike, recipients: int = DEFAULT_RECIPIENTS,
             bookings: int = DEFAULT_BOOKINGS, anchor: dt.date | None = None) -> Path:
    """Write the travel database to `path`, replacing any file there, and return the path.

    The file is built under a temporary name in the same folder and renamed at the end, so a
    reader never sees a half-written database and a failure leaves the previous one intact.
    """
    if recipients < 1 or bookings < 0:
        raise ValueError("need at least one recipient and a non-negative number of bookings")
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = f"{target}.tmp-{os.getpid()}"
    remove_quietly(temporary)

    try:
        with duckdb.connect(temporary) as con:
            build(con, recipients, bookings, anchor or default_anchor())
        # A write-ahead log left from the old file would be replayed against the new one.
        remove_quietly(f"{target}.wal")
        os.replace(temporary, target)
    finally:
        remove_quietly(temporary)
        remove_quietly(f"{temporary}.wal")
    return target


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Generate the travel example's DuckDB file.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="database file to (re)write")
    parser.add_argument("--recipients", type=int, default=DEFAULT_RECIPIENTS)
    parser.add_argument("--bookings", type=int, default=DEFAULT_BOOKINGS)
    parser.add_argument("--anchor", type=dt.date.fromisoformat, default=None,
                        help=f"the data's 'today', YYYY-MM-DD (default: today in {TIMEZONE})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    anchor = args.anchor or default_anchor()
    started = time.perf_counter()
    try:
        out = generate(args.out, args.recipients, args.bookings, anchor)
    except (ValueError, OSError, duckdb.Error) as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"wrote {out}: {args.recipients:,} recipients, {args.bookings:,} bookings, "
          f"anchor {anchor.isoformat()}, in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
