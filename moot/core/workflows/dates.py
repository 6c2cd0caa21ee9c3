"""Date arithmetic and wording shared by the workflows; the rulebook counts in days and months."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Spelt out rather than strftime("%B") so that reasons read the same whatever the server's locale.
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
    """A date as a member reads it in a letter: '3 March 2021'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def add_days(day: date, days: int) -> date:
    """The date `days` calendar days after `day`."""
    return day + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 August + 6 months: 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def listed(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a or b', 'a, b or c' — for sentences that name what may happen next."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
