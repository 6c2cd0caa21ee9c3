from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from moot.core.rules import EndReason, MembershipPeriod, continuous_since

GRACE = 90
P = MembershipPeriod


def test_a_single_open_period_is_continuous_from_joining() -> None:
    periods = (P(date(2015, 1, 3)),)
    assert continuous_since(periods, date(2015, 1, 2), GRACE) is None
    assert continuous_since(periods, date(2015, 1, 3), GRACE) == date(2015, 1, 3)
    assert continuous_since(periods, date(2030, 1, 1), GRACE) == date(2015, 1, 3)


def test_not_a_member_on_the_day_membership_ended() -> None:
    periods = (P(date(2015, 1, 3), date(2020, 5, 1), EndReason.RESIGNED),)
    assert continuous_since(periods, date(2020, 4, 30), GRACE) == date(2015, 1, 3)
    assert continuous_since(periods, date(2020, 5, 1), GRACE) is None


@pytest.mark.parametrize(
    ("reason", "gap_days", "continuous_from_first_join"),
    [
        (EndReason.LAPSED, 0, True),
        (EndReason.LAPSED, 89, True),
        (EndReason.LAPSED, 90, True),  # the grace period is inclusive
        (EndReason.LAPSED, 91, False),
        (EndReason.RESIGNED, 0, True),  # no day without membership: nothing broke
        (EndReason.RESIGNED, 1, False),
        (EndReason.EXPELLED, 1, False),
        (EndReason.EXCLUDED, 30, False),
    ],
)
def test_a_gap_is_forgiven_only_for_a_lapse_within_the_grace_period(
    reason: EndReason, gap_days: int, continuous_from_first_join: bool
) -> None:
    ended = date(2019, 6, 1)
    rejoined = ended + timedelta(days=gap_days)
    periods = (P(date(2012, 2, 1), ended, reason), P(rejoined))
    since = continuous_since(periods, date(2024, 1, 1), GRACE)
    assert since == (date(2012, 2, 1) if continuous_from_first_join else rejoined)


def test_a_chain_of_short_lapses_reaches_back_to_the_first_join() -> None:
    periods = (
        P(date(2010, 1, 1), date(2012, 1, 1), EndReason.LAPSED),
        P(date(2012, 2, 1), date(2014, 1, 1), EndReason.LAPSED),
        P(date(2014, 3, 1)),
    )
    assert continuous_since(periods, date(2020, 1, 1), GRACE) == date(2010, 1, 1)
    # A long lapse in the middle cuts the chain there.
    assert continuous_since(periods, date(2020, 1, 1), 30) == date(2014, 3, 1)


def test_order_of_periods_given_does_not_matter() -> None:
    periods = (P(date(2014, 3, 1)), P(date(2010, 1, 1), date(2014, 1, 1), EndReason.LAPSED))
    assert continuous_since(periods, date(2020, 1, 1), GRACE) == date(2010, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> tuple[MembershipPeriod, ...]:
    """Non-overlapping periods in order; every period but the last has ended."""
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2010, 1, 1)))
    periods = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.integers(1, 2000))
        gap = draw(st.integers(0, 400))
        reason = draw(st.sampled_from(list(EndReason)))
        ended = start + timedelta(days=length)
        periods.append(P(start, ended, reason))
        start = ended + timedelta(days=gap)
    if draw(st.booleans()):
        periods.append(P(start))
    return tuple(periods)


def _naive_since(periods: tuple[MembershipPeriod, ...], on: date, grace: int) -> date | None:
    """Day by day: walk back from `on` while each day is a member day or a forgiven gap day."""
    if not any(p.covers(on) for p in periods):
        return None
    day = on
    while True:
        covering = [p for p in periods if p.covers(day - timedelta(days=1))]
        if covering:
            day -= timedelta(days=1)
            continue
        before = [p for p in periods if p.ended_on is not None and p.ended_on < day]
        if not before:
            return day
        previous = max(before, key=lambda p: p.joined_on)
        assert previous.ended_on is not None
        if previous.end_reason is not EndReason.LAPSED or (day - previous.ended_on).days > grace:
            return day
        day = previous.ended_on  # the gap is forgiven; continue from the lapse


@given(histories(), st.integers(0, 12000), st.integers(0, 200))
def test_matches_a_day_by_day_reading_of_the_rule(
    periods: tuple[MembershipPeriod, ...], offset: int, grace: int
) -> None:
    on = periods[0].joined_on + timedelta(days=offset)
    assert continuous_since(periods, on, grace) == _naive_since(periods, on, grace)


@given(histories(), st.integers(0, 12000), st.integers(0, 200), st.integers(0, 200))
def test_more_grace_never_shortens_continuity(
    periods: tuple[MembershipPeriod, ...], offset: int, grace: int, more: int
) -> None:
    on = periods[0].joined_on + timedelta(days=offset)
    shorter = continuous_since(periods, on, grace)
    assume(shorter is not None)
    longer = continuous_since(periods, on, grace + more)
    assert longer is not None and shorter is not None
    assert longer <= shorter <= on
    assert shorter in {p.joined_on for p in periods}
