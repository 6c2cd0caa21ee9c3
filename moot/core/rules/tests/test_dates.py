from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moot.core.rules.dates import add_days, add_months, add_years, long_date, plural


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2021, 3, 2), "2 March 2021"),
        (date(2020, 9, 1), "1 September 2020"),
        (date(2024, 12, 31), "31 December 2024"),
    ],
)
def test_long_date_reads_as_a_member_writes_it(day: date, text: str) -> None:
    assert long_date(day) == text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 3, 1), -6, date(2020, 9, 1)),
        (date(2021, 8, 31), -6, date(2021, 2, 28)),  # clamped, not rolled into March
        (date(2020, 8, 31), -6, date(2020, 2, 29)),  # leap year
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 1, 15), -1, date(2020, 12, 15)),
        (date(2021, 3, 1), -12, date(2020, 3, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_add_years_moves_29_february_to_28_february() -> None:
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)), st.integers(-240, 240))
def test_add_months_lands_in_the_right_month_never_later_in_it(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day < day.day:  # only ever clamped to the last day of a shorter month
        assert add_days(moved, 1).day == 1


def test_plural() -> None:
    assert plural(1, "day") == "1 day"
    assert plural(14, "day") == "14 days"
