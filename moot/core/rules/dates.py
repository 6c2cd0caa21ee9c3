"""Calendar arithmetic and the date wording used in every reason a member reads."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Spelled out here rather than with strftime("%B") so that a server locale can never turn
# "2 March 2021" into "2 März 2021" in a reason that is written to the ledger.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """The date as a member reads it in a reason: "2 March 2021"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def add_days(day: date, days: int) -> date:
    """The date `days` calendar days after `day` (before it when negative)."""
    return day + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 August - 6 -> 28/29 February)."""
    # Clamping, not rolling over into the next month: "six months before 31 August" is the end of
    # February, never 2 or 3 March, so a rule never becomes stricter than its words.
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def days_between(start: date, end: date) -> int:
    """Calendar days from `start` to `end` (positive when `end` is later)."""
    return (end - start).days


def plural(count: int, word: str) -> str:
    """'1 day', '14 days' — reasons read as sentences, not as "14 day(s)"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
