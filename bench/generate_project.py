"""Write a synthetic project of N campaigns over the travel dimensions, for benchmarks.

Each campaign is about twenty lines and uses filters, to-one paths, to-many aggregates,
relative time and a save with items, so checking and compiling it exercises the whole front
end and the SQL generator. The output is deterministic for a given N.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRAVEL = HERE.parent / "examples" / "travel"

COUNTRIES = ["FR", "BE", "DE", "ES", "IT", "NL", "GB", "US"]
DESTINATIONS = ["Lisbon", "Rome", "Paris", "Berlin", "Madrid", "Vienna", "Prague", "Oslo"]

CAMPAIGN = '''# Synthetic campaign {n}: recipients of {country} who booked {destination} recently.
campaign "Synthetic {n}" {{
  status published
  description "Generated for benchmarks, number {n}"

  target recipients
  filter opted_in and country in ("{country}", "{other}")
  filter email is not null and not (email ends with "@example.invalid")
  filter exists bookings where booked_at in last {days} days
                          and destination = "{destination}"
                          and amount between {low} and {high}
  filter count(bookings where booked_at in last 365 days) >= {times}
  filter sum(bookings.amount where destination != "{destination}") > {spent}
        or loyalty_points >= {points}
  filter lower(trim(first_name)) starts with "{letter}" or first_name is null
  filter birth_date < today() - {age} years
  save audience "Synthetic audience {n}" map CRMID
    with first_name, email, country as home_country
}}

'''


def campaign_text(n: int) -> str:
    return CAMPAIGN.format(
        n=n, country=COUNTRIES[n % 8], other=COUNTRIES[(n * 3 + 1) % 8],
        destination=DESTINATIONS[n % 8], days=7 + n % 60, low=n % 50, high=200 + n % 500,
        times=1 + n % 3, spent=100 + n % 900, points=n % 1000,
        letter="abcdefghij"[n % 10], age=18 + n % 40)


def write_project(folder: Path, campaigns: int, per_file: int = 10) -> int:
    """Write the project; returns its number of lines."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "campaigns").mkdir(parents=True)
    shutil.copy(TRAVEL / "dimensions.camp", folder / "dimensions.camp")
    (folder / "camp.toml").write_text('[project]\ndialect = "duckdb"\n', encoding="utf-8")
    lines = 0
    for start in range(0, campaigns, per_file):
        text = "".join(campaign_text(n) for n in range(start, min(start + per_file, campaigns)))
        (folder / "campaigns" / f"batch_{start // per_file:04d}.camp").write_text(
            text, encoding="utf-8")
        lines += text.count("\n")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--campaigns", type=int, default=1000)
    args = parser.parse_args()
    lines = write_project(args.folder, args.campaigns)
    print(f"wrote {args.campaigns} campaigns, {lines} lines, to {args.folder}")


if __name__ == "__main__":
    main()
