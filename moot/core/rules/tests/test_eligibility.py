"""Status refusals, unit scope, rule versions and the wording of reasons, through eligibility()."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moot.core.rules import (
    BallotKind,
    EndReason,
    MembershipPeriod,
    Status,
    StatusChange,
    Unit,
    UnitKind,
    VoteAtMeeting,
    VoteInBallot,
    default_rulebook,
    eligibility,
    eligibility_checker,
)
from moot.core.rules.tests.helpers import LOCAL_PARTY, PURPOSES, amend, member, purpose

RULES = default_rulebook()
FREEZE = date(2021, 3, 1)
ON = date(2021, 4, 1)


def test_the_issue_example_word_for_word() -> None:
    rules = amend(amend(RULES, "selection-vote", date(2015, 1, 1)), "selection-vote", date(2021, 1, 1))
    ballot = VoteInBallot(BallotKind.SELECTION, FREEZE, LOCAL_PARTY)
    decision = eligibility(member(date(2021, 3, 2)), rules, ballot, ON)
    assert not decision.allowed
    assert decision.reasons[0] == (
        "Not eligible: joined on 2 March 2021; rule 'selection vote' (version 3, in force from "
        "1 January 2021) requires continuous membership since 1 September 2020."
    )
    assert decision.rule_version == ("selection-vote@3; continuous-membership@1; provisional-membership@1; arrears@1")


def test_an_allowed_decision_explains_itself_too() -> None:
    ballot = VoteInBallot(BallotKind.SELECTION, FREEZE, LOCAL_PARTY)
    facts = member(date(2015, 1, 3), paid_up_to=date(2021, 12, 31))
    decision = eligibility(facts, RULES, ballot, ON)
    assert decision.allowed
    assert decision.reasons == (
        "Eligible: continuous member since 3 January 2015; rule 'selection vote' (version 1, in "
        "force from 1 January 2010) requires continuous membership since 1 September 2020.",
        "Subscription paid up to 31 December 2021.",
    )


def test_every_failing_check_is_reported_not_just_the_first() -> None:
    facts = member(date(2021, 3, 2), local_party_id=6, paid_up_to=date(2021, 3, 2))
    decision = eligibility(facts, RULES, purpose("candidacy", ON), ON)
    texts = decision.explain()
    assert not decision.allowed
    for part in (
        "is not your home local party",
        "joined on 2 March 2021",
        "provisional",
        "overdue",
    ):
        assert part in texts


ENDINGS = [
    (EndReason.LAPSED, Status.LAPSED, "Not eligible: membership lapsed on 1 March 2021;"),
    (EndReason.RESIGNED, Status.RESIGNED, "Not eligible: resigned on 1 March 2021;"),
    (EndReason.EXPELLED, Status.EXPELLED, "Not eligible: expelled on 1 March 2021;"),
    (
        EndReason.EXCLUDED,
        Status.EXCLUDED,
        "Not eligible: excluded from membership on 1 March 2021;",
    ),
]


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(("reason", "status", "words"), ENDINGS)
def test_a_former_member_is_refused_for_every_purpose_saying_why(
    name: str, reason: EndReason, status: Status, words: str
) -> None:
    periods = (MembershipPeriod(date(2010, 5, 1), date(2021, 3, 1), reason),)
    facts = member(date(2010, 5, 1), periods=periods, status=status)
    decision = eligibility(facts, RULES, purpose(name, FREEZE), ON)
    assert decision.reasons == (f"{words} not a member on 1 April 2021.",)


@pytest.mark.parametrize("name", sorted(PURPOSES))
@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Status.SUSPENDED, "membership suspended"),
        (Status.EXPELLED, "expelled"),
        (Status.EXCLUDED, "excluded from membership"),
        (Status.LAPSED, "membership lapsed"),
        (Status.RESIGNED, "resigned"),
    ],
)
def test_the_recorded_status_refuses_even_when_a_period_is_still_open(name: str, status: Status, words: str) -> None:
    history = (
        StatusChange(Status.ACTIVE, date(2010, 5, 1)),
        StatusChange(status, date(2021, 3, 10)),
    )
    facts = member(date(2010, 5, 1), status=status, status_history=history)
    decision = eligibility(facts, RULES, purpose(name, FREEZE), ON)
    assert decision.reasons == (
        f"Not eligible: {words} on 10 March 2021; the register shows status '{status}' on 1 April 2021.",
    )
    # The same member, asked about a day before the change, was in good standing.
    assert eligibility(facts, RULES, purpose(name, FREEZE), date(2021, 3, 9)).allowed


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_a_provisional_member_is_refused_for_every_purpose(name: str) -> None:
    facts = member(date(2021, 3, 20), status=Status.PROVISIONAL)
    decision = eligibility(facts, RULES, purpose(name, date(2021, 4, 1)), date(2021, 4, 1))
    assert not decision.allowed
    assert "Not eligible: provisional member until 15 May 2021" in decision.explain()


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_recorded_arrears_without_a_paid_up_date_is_refused(name: str) -> None:
    facts = member(date(2010, 5, 1), status=Status.ARREARS, paid_up_to=None)
    decision = eligibility(facts, RULES, purpose(name, FREEZE), ON)
    assert decision.reasons == ("Not eligible: the register shows the membership in arrears on 1 April 2021.",)


def test_no_paid_up_date_and_no_arrears_means_nothing_is_due() -> None:
    facts = member(date(2010, 5, 1), paid_up_to=None)
    assert eligibility(facts, RULES, purpose("selection vote", FREEZE), ON).allowed


@pytest.mark.parametrize(
    ("unit", "allowed"),
    [
        (Unit(UnitKind.BRANCH, 50), True),
        (Unit(UnitKind.BRANCH, 51, "Canal Street branch"), False),
        (Unit(UnitKind.LOCAL_PARTY, 5), True),
        (Unit(UnitKind.LOCAL_PARTY, 6), False),
    ],
)
def test_meetings_are_for_members_of_the_unit(unit: Unit, allowed: bool) -> None:
    decision = eligibility(member(date(2010, 5, 1)), RULES, VoteAtMeeting(unit, FREEZE), FREEZE)
    assert decision.allowed is allowed
    if not allowed:
        kind = "branch" if unit.kind is UnitKind.BRANCH else "local party"
        assert decision.reasons == (f"Not eligible: {unit.describe()} is not your home {kind}.",)


def test_a_lapse_renewed_within_90_days_counts_as_continuous() -> None:
    periods = (
        MembershipPeriod(date(2012, 1, 1), date(2020, 10, 1), EndReason.LAPSED),
        MembershipPeriod(date(2020, 12, 30)),  # 90 days later
    )
    decision = eligibility(member(date(2012, 1, 1), periods=periods), RULES, purpose("selection vote", FREEZE), ON)
    assert decision.allowed
    assert "continuous member since 1 January 2012" in decision.reasons[0]


def test_a_lapse_renewed_after_91_days_restarts_continuity_and_says_so() -> None:
    periods = (
        MembershipPeriod(date(2012, 1, 1), date(2020, 10, 1), EndReason.LAPSED),
        MembershipPeriod(date(2020, 12, 31)),
    )
    decision = eligibility(member(date(2012, 1, 1), periods=periods), RULES, purpose("selection vote", FREEZE), ON)
    assert decision.reasons[0] == (
        "Not eligible: rejoined on 31 December 2020 after membership lapsed on 1 October 2020; "
        "rule 'continuous membership' (version 1, in force from 1 January 2010) counts a lapse as "
        "continuous only if renewed within 90 days; rule 'selection vote' (version 1, in force "
        "from 1 January 2010) requires continuous membership since 1 September 2020."
    )


def test_rejoining_after_expulsion_names_the_expulsion() -> None:
    periods = (
        MembershipPeriod(date(2012, 1, 1), date(2014, 1, 1), EndReason.EXPELLED),
        MembershipPeriod(date(2020, 12, 31)),
    )
    decision = eligibility(member(date(2012, 1, 1), periods=periods), RULES, purpose("selection vote", FREEZE), ON)
    assert decision.reasons[0].startswith(
        "Not eligible: rejoined on 31 December 2020 after expulsion on 1 January 2014, which ends "
        "continuous membership under rule 'continuous membership' (version 1"
    )


class TestAmendedRule:
    """selection-vote v2 (12 months) takes effect on 1 January 2021; v1 (6 months) before that."""

    RULES = amend(default_rulebook(), "selection-vote", date(2021, 1, 1), continuous_months=12)
    JOINED = date(2020, 3, 2)  # 6 months' membership by any freeze date below; not 12

    @pytest.mark.parametrize(
        ("freeze_on", "allowed", "version", "since"),
        [
            (date(2020, 12, 31), True, 1, "30 June 2020"),  # day before the amendment: v1
            (date(2021, 1, 1), False, 2, "1 January 2020"),  # day of: v2
            (date(2021, 1, 2), False, 2, "2 January 2020"),  # day after: v2
        ],
    )
    def test_the_freeze_date_picks_the_version(self, freeze_on: date, allowed: bool, version: int, since: str) -> None:
        ballot = VoteInBallot(BallotKind.SELECTION, freeze_on, LOCAL_PARTY)
        decision = eligibility(member(self.JOINED), self.RULES, ballot, date(2021, 6, 1))
        assert decision.allowed is allowed
        assert f"(version {version}, in force from" in decision.reasons[0]
        assert f"requires continuous membership since {since}." in decision.reasons[0]
        assert decision.rule_version is not None
        assert decision.rule_version.startswith(f"selection-vote@{version};")

    def test_looking_later_does_not_change_a_frozen_ballot(self) -> None:
        ballot = VoteInBallot(BallotKind.SELECTION, date(2020, 12, 31), LOCAL_PARTY)
        for on in (date(2021, 1, 1), date(2022, 1, 1)):
            assert eligibility(member(self.JOINED), self.RULES, ballot, on).allowed

    def test_other_purposes_are_untouched(self) -> None:
        national = VoteInBallot(BallotKind.NATIONAL, date(2021, 1, 1))
        assert eligibility(member(self.JOINED), self.RULES, national, date(2021, 6, 1)).allowed


def test_a_purpose_before_any_rule_existed_is_refused_clearly() -> None:
    ballot = VoteInBallot(BallotKind.NATIONAL, date(2009, 12, 31))
    decision = eligibility(member(date(2000, 1, 1)), RULES, ballot, date(2010, 1, 5))
    assert decision.reasons == (
        "Not eligible: no version of rule 'national-ballot-vote' was in force on 31 December "
        "2009; its first version took effect on 1 January 2010.",
    )
    assert eligibility_checker(RULES, ballot, date(2010, 1, 5))(member(date(2000, 1, 1))) == decision


@given(
    joined=st.dates(min_value=date(2008, 1, 1), max_value=date(2021, 6, 1)),
    paid_up_to=st.dates(min_value=date(2020, 1, 1), max_value=date(2022, 1, 1)),
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 1, 1)),
    name=st.sampled_from(sorted(PURPOSES)),
)
def test_the_checker_gives_the_same_answer_as_eligibility(
    joined: date, paid_up_to: date, born: date, name: str
) -> None:
    facts = member(joined, paid_up_to=paid_up_to, date_of_birth=born)
    wanted = purpose(name, FREEZE)
    assert eligibility_checker(RULES, wanted, ON)(facts) == eligibility(facts, RULES, wanted, ON)


@given(
    joined=st.dates(min_value=date(2008, 1, 1), max_value=date(2021, 3, 1)),
    freeze_on=st.dates(min_value=date(2012, 1, 1), max_value=date(2021, 3, 1)),
)
def test_a_ballot_vote_is_allowed_exactly_when_joined_six_months_before_the_freeze_date(
    joined: date, freeze_on: date
) -> None:
    ballot = VoteInBallot(BallotKind.NATIONAL, freeze_on)
    decision = eligibility(member(joined), RULES, ballot, date(2021, 6, 1))
    month_index = (freeze_on.year * 12 + freeze_on.month - 1) - 6
    year, month = divmod(month_index, 12)
    # Same day six months earlier, or the end of that month if it is shorter.
    days_in = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month]
    threshold = date(year, month + 1, min(freeze_on.day, days_in))
    assert decision.allowed is (joined <= threshold)
