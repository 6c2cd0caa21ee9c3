"""The electorate criteria (for one SQL query) must agree with eligibility() for every member."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moot.core.rules import (
    BallotKind,
    DatedSpan,
    EndReason,
    MemberFacts,
    MembershipPeriod,
    Status,
    StatusChange,
    VoteInBallot,
    default_rulebook,
    eligibility,
)
from moot.core.rules.decision import Decision
from moot.core.rules.electorate import Criteria, electorate_criteria
from moot.core.rules.tests.helpers import PURPOSES, member, purpose

RULES = default_rulebook()


@st.composite
def facts(draw: st.DrawFn) -> MemberFacts:
    start = draw(st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 6, 1)))
    periods = []
    for _ in range(draw(st.integers(1, 3))):
        ended = start + timedelta(days=draw(st.integers(1, 900)))
        periods.append(MembershipPeriod(start, ended, draw(st.sampled_from(list(EndReason)))))
        start = ended + timedelta(days=draw(st.integers(0, 200)))
    if draw(st.booleans()):
        periods[-1] = MembershipPeriod(periods[-1].joined_on)
    statuses = st.sampled_from(list(Status))
    history = tuple(
        StatusChange(draw(statuses), d)
        for d in sorted(draw(st.sets(st.dates(date(2018, 1, 1), date(2022, 1, 1)), max_size=3)))
    )
    suspension_start = draw(st.dates(date(2020, 1, 1), date(2022, 1, 1)))
    suspensions = (DatedSpan(suspension_start, suspension_start + timedelta(days=28)),) if draw(st.booleans()) else ()
    return MemberFacts(
        periods=tuple(periods),
        status=draw(statuses),
        status_history=history,
        date_of_birth=draw(st.none() | st.dates(date(2000, 1, 1), date(2008, 1, 1))),
        home_branch_id=draw(st.sampled_from([50, 51])),
        local_party_id=draw(st.sampled_from([5, 6])),
        paid_up_to=draw(st.none() | st.dates(date(2020, 6, 1), date(2022, 1, 1))),
        suspensions=suspensions,
    )


@settings(max_examples=600, deadline=None)
@given(
    member_facts=facts(),
    name=st.sampled_from(sorted(PURPOSES)),
    relevant_on=st.dates(date(2020, 1, 1), date(2021, 12, 31)),
    days_after=st.integers(0, 60),
)
def test_criteria_admit_exactly_the_eligible(
    member_facts: MemberFacts, name: str, relevant_on: date, days_after: int
) -> None:
    on = relevant_on + timedelta(days=days_after)
    wanted = purpose(name, relevant_on)
    criteria = electorate_criteria(RULES, wanted, on)
    assert isinstance(criteria, Criteria)
    decision = eligibility(member_facts, RULES, wanted, on)
    assert criteria.admits(member_facts) is decision.allowed
    assert criteria.rule_version == decision.rule_version or not decision.allowed


def test_criteria_for_a_national_ballot_read_as_dates() -> None:
    ballot = VoteInBallot(BallotKind.NATIONAL, date(2021, 3, 1))
    criteria = electorate_criteria(RULES, ballot, date(2021, 4, 1))
    assert isinstance(criteria, Criteria)
    assert criteria.continuous_since_on_or_before == date(2020, 9, 1)
    assert criteria.paid_up_to_on_or_after == date(2021, 3, 4)  # 28 days' grace
    assert criteria.born_on_or_before is None
    assert criteria.admits(member(date(2020, 9, 1)))
    assert not criteria.admits(member(date(2020, 9, 2)))


def test_the_provisional_limit_is_used_when_stricter() -> None:
    meeting = purpose("meeting vote", date(2021, 3, 1))
    criteria = electorate_criteria(RULES, meeting, date(2021, 3, 1))
    assert isinstance(criteria, Criteria)
    assert criteria.continuous_since_on_or_before == date(2021, 1, 4)  # 8 weeks before


def test_no_rule_in_force_gives_the_refusal() -> None:
    ballot = VoteInBallot(BallotKind.NATIONAL, date(2009, 1, 1))
    result = electorate_criteria(RULES, ballot, date(2009, 2, 1))
    assert isinstance(result, Decision) and not result.allowed


@pytest.mark.parametrize(
    ("relevant_on", "born", "old_enough"),
    [
        (date(2024, 3, 1), date(2006, 3, 1), True),
        (date(2024, 3, 1), date(2006, 3, 2), False),
        (date(2024, 2, 29), date(2006, 2, 28), True),  # no 29 February in 2006
        (date(2024, 2, 29), date(2006, 3, 1), False),
        (date(2023, 2, 28), date(2005, 2, 28), True),
        (date(2023, 2, 28), date(2005, 3, 1), False),
        (date(2022, 2, 28), date(2004, 2, 29), False),  # a leap-day birthday comes on 1 March
        (date(2022, 3, 1), date(2004, 2, 29), True),
    ],
)
def test_criteria_and_eligibility_agree_on_age_at_the_boundary(relevant_on: date, born: date, old_enough: bool) -> None:
    candidacy = purpose("candidacy", relevant_on)
    facts = member(date(2010, 1, 1), date_of_birth=born)
    criteria = electorate_criteria(RULES, candidacy, relevant_on)
    assert isinstance(criteria, Criteria)
    assert eligibility(facts, RULES, candidacy, relevant_on).allowed is old_enough
    assert criteria.admits(facts) is old_enough
