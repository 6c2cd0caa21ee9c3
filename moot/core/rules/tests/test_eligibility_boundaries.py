"""The day before, the day of and the day after every threshold, for every eligibility purpose."""

from datetime import date

import pytest

from moot.core.rules import DatedSpan, EndReason, MembershipPeriod, default_rulebook, eligibility
from moot.core.rules.tests.helpers import PURPOSES, amend, member, purpose

RULES = default_rulebook()
RELEVANT = date(2021, 3, 1)  # freeze date, meeting day, election day, nominations close…

# 1 March 2021 less 6 months and less 12 months, worked out by hand.
CONTINUITY_THRESHOLD = {6: date(2020, 9, 1), 12: date(2020, 3, 1)}
WITH_CONTINUITY = [name for name, (_, months, _) in PURPOSES.items() if months]
WITH_AGE = [name for name, (_, _, age) in PURPOSES.items() if age]


@pytest.mark.parametrize("name", WITH_CONTINUITY)
@pytest.mark.parametrize(("shift", "allowed"), [(-1, True), (0, True), (1, False)], ids=["before", "of", "after"])
def test_continuous_membership_threshold(name: str, shift: int, allowed: bool) -> None:
    threshold = CONTINUITY_THRESHOLD[PURPOSES[name][1]]
    joined = date.fromordinal(threshold.toordinal() + shift)
    decision = eligibility(member(joined), RULES, purpose(name, RELEVANT), RELEVANT)
    assert decision.allowed is allowed
    required = f"requires continuous membership since {threshold.day} {threshold:%B} {threshold.year}"
    assert required in decision.reasons[0]
    first_words = "Eligible: continuous member since" if allowed else "Not eligible: joined on"
    assert decision.reasons[0].startswith(first_words)
    assert f"rule '{name}' (version 1, in force from 1 January 2010)" in decision.reasons[0]


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(
    ("joined", "allowed"),
    [
        (date(2021, 1, 3), True),  # provisional period ended 28 February
        (date(2021, 1, 4), True),  # ends 1 March, the day of acting
        (date(2021, 1, 5), False),  # ends 2 March
    ],
    ids=["before", "of", "after"],
)
def test_provisional_period_of_8_weeks(name: str, joined: date, allowed: bool) -> None:
    # Zero-continuity purposes are limited only by the provisional period; the others are
    # given a waiver of continuity here so the provisional rule alone decides.
    rules = RULES
    if PURPOSES[name][1]:
        key = purpose(name, RELEVANT).rule_key
        rules = amend(RULES, key, date(2020, 1, 1), continuous_months=0)
    decision = eligibility(member(joined), rules, purpose(name, RELEVANT), RELEVANT)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reasons == (
            "Not eligible: provisional member until 2 March 2021 (member since 5 January 2021); "
            "rule 'provisional membership' (version 1, in force from 1 January 2010) makes a new "
            "member provisional for 8 weeks.",
        )


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(
    ("paid_up_to", "allowed"),
    [(date(2021, 2, 2), True), (date(2021, 2, 1), True), (date(2021, 1, 31), False)],
    ids=["before", "of", "after"],
)
def test_arrears_grace_of_28_days(name: str, paid_up_to: date, allowed: bool) -> None:
    facts = member(date(2010, 5, 1), paid_up_to=paid_up_to)
    decision = eligibility(facts, RULES, purpose(name, RELEVANT), RELEVANT)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reasons == (
            "Not eligible: subscription paid up to 31 January 2021 only, more than 28 days "
            "overdue on 1 March 2021; rule 'arrears' (version 1, in force from 1 January 2010) "
            "allows taking part until 28 February 2021. Renewing restores eligibility.",
        )


@pytest.mark.parametrize("name", WITH_AGE)
@pytest.mark.parametrize(("day_shift", "allowed"), [(-1, True), (0, True), (1, False)], ids=["before", "of", "after"])
def test_minimum_age_on_the_relevant_date(name: str, day_shift: int, allowed: bool) -> None:
    minimum = PURPOSES[name][2]
    birthday = date(RELEVANT.year - minimum, RELEVANT.month, RELEVANT.day)
    born = date.fromordinal(birthday.toordinal() + day_shift)
    facts = member(date(2010, 5, 1), date_of_birth=born)
    decision = eligibility(facts, RULES, purpose(name, RELEVANT), RELEVANT)
    assert decision.allowed is allowed
    if not allowed:
        assert f"so aged {minimum - 1} on 1 March 2021" in decision.explain()
        assert f"requires age {minimum}." in decision.explain()


@pytest.mark.parametrize("name", WITH_AGE)
def test_an_unrecorded_date_of_birth_is_refused_with_what_to_do(name: str) -> None:
    facts = member(date(2010, 5, 1), date_of_birth=None)
    decision = eligibility(facts, RULES, purpose(name, RELEVANT), RELEVANT)
    assert not decision.allowed
    assert "no date of birth is recorded" in decision.explain()
    assert "Ask the membership team to record it." in decision.explain()


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (date(2021, 2, 28), True),
        (date(2021, 3, 1), False),  # suspended from today
        (date(2021, 3, 31), False),  # last day of the suspension
        (date(2021, 4, 1), True),  # suspension over
    ],
)
def test_suspension_span_is_from_its_first_day_until_its_end(name: str, on: date, allowed: bool) -> None:
    facts = member(date(2010, 5, 1), suspensions=(DatedSpan(date(2021, 3, 1), date(2021, 4, 1)),))
    decision = eligibility(facts, RULES, purpose(name, RELEVANT), on)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reasons == (
            "Not eligible: membership suspended from 1 March 2021 until 1 April 2021; "
            "a suspended member may not take part while the suspension lasts.",
        )


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(
    ("on", "allowed"),
    [(date(2021, 2, 28), True), (date(2021, 3, 1), False), (date(2021, 3, 2), False)],
    ids=["before", "of", "after"],
)
def test_membership_ending_on_a_date(name: str, on: date, allowed: bool) -> None:
    periods = (MembershipPeriod(date(2010, 5, 1), date(2021, 3, 1), EndReason.RESIGNED),)
    decision = eligibility(member(date(2010, 5, 1), periods=periods), RULES, purpose(name, RELEVANT), on)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reasons == (f"Not eligible: resigned on 1 March 2021; not a member on {on.day} March 2021.",)
