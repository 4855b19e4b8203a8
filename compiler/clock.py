"""The meaning of `today()` and `now()` for one compilation or run.

A *fixed* clock knows the date and time: `--as-of DATE` (now is that date's midnight) or the
start of a run (both read once, in the project's time zone). Its values are printed as
literals and constant date arithmetic is folded in Python, so every engine sees the same
dates. A *floating* clock (plain `camp compile`) leaves the warehouse to read its own clock,
converted to the project's time zone.

Month arithmetic clamps to the last day of the month, as every supported warehouse does:
2024-01-31 + 1 month = 2024-02-29, 2023-03-31 - 1 month = 2023-02-28, 2024-02-29 + 1 year =
2025-02-28. A week is 7 days, a year 12 months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Clock:
    timezone: str = "UTC"
    today: date | None = None
    now: datetime | None = None      # naive, wall clock in `timezone`

    @property
    def fixed(self) -> bool:
        return self.today is not None

    @classmethod
    def floating(cls, timezone: str = "UTC") -> Clock:
        return cls(timezone)

    @classmethod
    def as_of(cls, day: date, timezone: str = "UTC") -> Clock:
        """`--as-of DAY`: today is DAY and now is its midnight."""
        return cls(timezone, day, datetime.combine(day, time()))

    @classmethod
    def started(cls, timezone: str = "UTC") -> Clock:
        """The clock of a run: the current time in the project's zone, read once."""
        moment = datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)
        return cls(timezone, moment.date(), moment)


def add_months(day: date | datetime, months: int) -> date | datetime:
    """`day` moved by whole months, clamped to the last day of the month reached."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def add_interval(value: date | datetime, amount: int, unit: str) -> date | datetime:
    """`value + amount unit`, with the month rule of this module."""
    if unit in ("month", "year"):
        return add_months(value, amount * (12 if unit == "year" else 1))
    step = {
        "minute": timedelta(minutes=1), "hour": timedelta(hours=1),
        "day": timedelta(days=1), "week": timedelta(weeks=1),
    }[unit]
    if isinstance(value, datetime) or step >= timedelta(days=1):
        return value + amount * step
    # Hours and minutes on a date count from its midnight.
    return datetime.combine(value, time()) + amount * step
