"""Interim suspension: imposed with reasons, renewed only properly, lapsing and ending on time."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moot.core.rules.decision import Refused
from moot.core.workflows.interim_suspension import (
    INTERIM_WORKFLOW,
    InterimAction,
    InterimFacts,
    InterimStage,
    InterimSuspension,
    apply,
    apply_due,
    attempt,
    due_actions,
    impose,
)
from moot.core.workflows.machine import DueKind

St, Ac = InterimStage, InterimAction
IMPOSED_ON = date(2024, 1, 10)
REVIEW_BY = date(2024, 2, 7)  # 28 days later
ENDS_BY = date(2024, 7, 10)  # 6 months later
DAY = timedelta(days=1)


def suspension(**changes: object) -> InterimSuspension:
    s, _ = impose(
        member_id="m-officer",
        case_id="case-1",
        imposed_by="s-staff",
        role="national_staff",
        reasons="Allowed a debate on a motion ruled out of order.",
        today=IMPOSED_ON,
    )
    return replace(s, **changes)  # type: ignore[arg-type]


def renewal(today: date, **changes: object) -> InterimFacts:
    facts = InterimFacts(
        suspension=suspension(),
        today=today,
        actor_id="s-renewer",
        actor_role="national_staff",
        reasons="The investigation interviews two more witnesses next week.",
        new_review_by=today + 28 * DAY,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def refused(stage: InterimStage, action: InterimAction, facts: InterimFacts) -> str:
    with pytest.raises(Refused) as caught:
        attempt(stage, action, facts)
    return caught.value.decision.explain()


# --- imposing -------------------------------------------------------------------------------


def test_imposing_sets_the_review_date_and_the_maximum_end() -> None:
    s = suspension()
    assert (s.stage, s.review_by, s.ends_by) == (St.IMPOSED, REVIEW_BY, ENDS_BY)


def test_imposing_without_reasons_role_or_case_is_refused_with_every_reason() -> None:
    with pytest.raises(Refused) as caught:
        impose(
            member_id="m-1",
            case_id="",
            imposed_by="m-2",
            role="branch_officer",
            reasons=" ",
            today=IMPOSED_ON,
        )
    assert caught.value.decision.reasons == (
        "An interim suspension is imposed only pending a disciplinary case.",
        "'branch_officer' may not impose an interim suspension; case_officer, national_staff may.",
        "An interim suspension must give its reasons in writing.",
    )


# --- renewing -------------------------------------------------------------------------------


@pytest.mark.parametrize("today", [REVIEW_BY - DAY, REVIEW_BY])
def test_renewal_on_or_before_the_review_date_is_allowed(today: date) -> None:
    facts = renewal(today)
    move = attempt(St.IMPOSED, Ac.RENEW, facts)
    renewed = apply(facts.suspension, move, facts)
    assert (renewed.stage, renewed.review_by) == (St.RENEWED, today + 28 * DAY)
    assert renewed.reasons == facts.reasons


def test_renewal_after_the_review_date_is_refused() -> None:
    assert refused(St.IMPOSED, Ac.RENEW, renewal(REVIEW_BY + DAY)) == (
        "The suspension lapsed after 7 February 2024 without renewal; a lapsed suspension cannot be renewed."
    )


def test_renewal_by_the_wrong_role_is_refused() -> None:
    facts = renewal(REVIEW_BY, actor_id="m-chair", actor_role="local_party_officer")
    assert refused(St.IMPOSED, Ac.RENEW, facts) == (
        "m-chair acts as 'local_party_officer'; only national_staff may renew an interim suspension."
    )


def test_renewal_repeating_the_old_reasons_is_refused() -> None:
    facts = renewal(REVIEW_BY, reasons="Allowed a debate on a motion ruled out of order.")
    assert refused(St.IMPOSED, Ac.RENEW, facts) == (
        "A renewal must give new reasons, not repeat the reasons already relied on."
    )


def test_renewal_without_reasons_is_refused() -> None:
    facts = renewal(REVIEW_BY, reasons="")
    assert refused(St.IMPOSED, Ac.RENEW, facts) == "A renewal must give its reasons in writing."


def test_renewal_for_longer_than_the_review_period_is_refused() -> None:
    facts = renewal(REVIEW_BY, new_review_by=REVIEW_BY + 29 * DAY)
    assert refused(St.IMPOSED, Ac.RENEW, facts) == (
        "The next review must be after today and no later than 6 March 2024 (28 days from "
        "renewal, never past the maximum end 10 July 2024); asked for 7 March 2024."
    )


def test_renewal_past_the_maximum_end_is_refused() -> None:
    late = suspension(review_by=date(2024, 7, 1))
    facts = renewal(date(2024, 6, 30), suspension=late, new_review_by=date(2024, 7, 20))
    assert "no later than 10 July 2024" in refused(St.RENEWED, Ac.RENEW, facts)


def test_no_renewal_once_the_review_date_is_the_maximum_end() -> None:
    final = suspension(review_by=ENDS_BY)
    facts = renewal(ENDS_BY - DAY, suspension=final, new_review_by=ENDS_BY)
    assert refused(St.RENEWED, Ac.RENEW, facts) == (
        "The suspension reaches its maximum of 6 months on 10 July 2024 and cannot be renewed; "
        "the case must be decided."
    )


# --- lapsing, ending, lifting ---------------------------------------------------------------


def test_it_does_not_lapse_on_its_review_date() -> None:
    assert refused(St.IMPOSED, Ac.LAPSE, renewal(REVIEW_BY)) == (
        "The suspension is in force until its review date, 7 February 2024."
    )


def test_it_lapses_the_day_after_its_review_date() -> None:
    move = attempt(St.IMPOSED, Ac.LAPSE, renewal(REVIEW_BY + DAY))
    assert move.to_stage == St.LAPSED
    assert "the member is restored" in move.decision.explain()


def test_it_does_not_end_while_the_case_is_undecided_and_the_maximum_not_reached() -> None:
    assert refused(St.RENEWED, Ac.END, renewal(ENDS_BY - DAY)) == (
        "The case is undecided and the maximum end, 10 July 2024, is not reached."
    )


def test_it_ends_when_the_case_is_decided() -> None:
    facts = renewal(REVIEW_BY, suspension=suspension(case_decided_on=REVIEW_BY))
    assert attempt(St.IMPOSED, Ac.END, facts).to_stage == St.ENDED


def test_lifting_needs_the_role_and_reasons() -> None:
    facts = renewal(REVIEW_BY, actor_role="member", reasons="")
    assert refused(St.IMPOSED, Ac.LIFT, facts) == (
        "'member' may not lift an interim suspension; case_officer, national_staff may. "
        "Lifting a suspension must give its reasons in writing."
    )


DOCUMENTED = {
    (stage, action): target
    for stage in ("imposed", "renewed")
    for action, target in (
        ("renew", "renewed"),
        ("lapse", "lapsed"),
        ("end", "ended"),
        ("lift", "ended"),
    )
}


@pytest.mark.parametrize(("stage", "action"), list(itertools.product(St, Ac)), ids=str)
def test_every_stage_and_action_is_in_the_documented_table(stage: InterimStage, action: InterimAction) -> None:
    target = DOCUMENTED.get((stage.value, action.value))
    decision = INTERIM_WORKFLOW.check(stage, action, renewal(REVIEW_BY))
    if target is None:
        assert decision.explain().startswith(f"A suspension that is '{stage.value}' cannot be")
        assert decision.explain().endswith("it is closed and nothing further can happen to it.")
    else:
        assert INTERIM_WORKFLOW.transitions[(stage, action)] == target


# --- what the daily job does ----------------------------------------------------------------


def kinds(s: InterimSuspension, today: date) -> list[DueKind]:
    return [d.kind for d in due_actions(s, today)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (REVIEW_BY - 8 * DAY, []),
        (REVIEW_BY - 7 * DAY, [DueKind.REMIND]),
        (REVIEW_BY - DAY, [DueKind.REMIND]),  # a missed reminder is still sent
        (REVIEW_BY, [DueKind.REMIND]),
        (REVIEW_BY + DAY, [DueKind.LAPSE]),
        (REVIEW_BY + 30 * DAY, [DueKind.LAPSE]),  # a job that missed days catches up
    ],
)
def test_due_around_the_review_date(today: date, expected: list[DueKind]) -> None:
    assert kinds(suspension(), today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (ENDS_BY - DAY, [DueKind.REMIND]),
        (ENDS_BY, [DueKind.ESCALATE]),
        (ENDS_BY + DAY, [DueKind.ESCALATE]),
    ],
)
def test_due_around_the_maximum_end(today: date, expected: list[DueKind]) -> None:
    final = suspension(stage=St.RENEWED, review_by=ENDS_BY)
    assert kinds(final, today) == expected


def test_the_last_reminder_tells_the_committee_the_case_must_be_decided() -> None:
    final = suspension(stage=St.RENEWED, review_by=ENDS_BY)
    (due,) = due_actions(final, ENDS_BY - DAY)
    assert "disciplinary_committee" in due.notify
    assert due.reason == (
        "The interim suspension is due for review by 10 July 2024; it ends at its maximum and the case must be decided."
    )


def test_escalation_ends_it_and_sends_the_case_to_be_decided() -> None:
    final = suspension(stage=St.RENEWED, review_by=ENDS_BY)
    (due,) = due_actions(final, ENDS_BY)
    assert due.action == Ac.END
    assert due.notify == ("member", "imposer", "disciplinary_committee")
    assert "the undecided case goes to the disciplinary committee" in due.reason


def test_a_decided_case_ends_the_suspension_on_the_next_tick() -> None:
    s = suspension(case_decided_on=REVIEW_BY - 10 * DAY)
    assert kinds(s, REVIEW_BY - 11 * DAY) == []
    assert kinds(s, REVIEW_BY - 10 * DAY) == [DueKind.END]


@pytest.mark.parametrize(
    ("today", "in_force"),
    [(REVIEW_BY, True), (REVIEW_BY + DAY, False), (IMPOSED_ON, True)],
)
def test_in_force_follows_the_dates_even_before_the_job_runs(today: date, in_force: bool) -> None:
    assert suspension().in_force(today) is in_force


def test_every_due_transition_is_one_the_workflow_allows_that_day() -> None:
    cases = [
        (suspension(), REVIEW_BY + DAY),
        (suspension(stage=St.RENEWED, review_by=ENDS_BY), ENDS_BY),
        (suspension(case_decided_on=REVIEW_BY), REVIEW_BY),
    ]
    for s, today in cases:
        for due in due_actions(s, today):
            assert due.action is not None
            attempt(s.stage, due.action, InterimFacts(s, today))


def test_story_a_nobody_renews_and_it_lapses_after_its_review_date() -> None:
    s, log = suspension(), []
    day = IMPOSED_ON
    while day <= REVIEW_BY + 5 * DAY:
        for _ in range(2):  # the job runs twice a day: the second run must change nothing
            for due in due_actions(s, day):
                log.append((day, due.kind))
                s = apply_due(s, due)
        day += DAY
    assert log == [(REVIEW_BY - 7 * DAY, DueKind.REMIND), (REVIEW_BY + DAY, DueKind.LAPSE)]
    assert s.stage == St.LAPSED and not s.in_force(REVIEW_BY + DAY)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    stage=st.sampled_from(St),
    review_in=st.integers(-40, 40),
    today=st.dates(min_value=date(2024, 1, 10), max_value=date(2024, 8, 31)),
    decided=st.one_of(st.none(), st.dates(min_value=date(2024, 1, 10), max_value=date(2024, 8, 1))),
    reminded=st.booleans(),
)
def test_due_actions_are_idempotent(
    stage: InterimStage, review_in: int, today: date, decided: date | None, reminded: bool
) -> None:
    review_by = min(today + review_in * DAY, ENDS_BY)
    s = suspension(
        stage=stage,
        review_by=review_by,
        case_decided_on=decided,
        reminded_for=review_by if reminded else None,
    )
    first = due_actions(s, today)
    assert len(first) <= 1
    for due in first:
        s = apply_due(s, due)
    assert due_actions(s, today) == []
