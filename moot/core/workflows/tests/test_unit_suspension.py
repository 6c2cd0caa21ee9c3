"""Unit suspension: four safeguards, reviews with new reasons, a sunset that always comes."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moot.core.rules.decision import Refused
from moot.core.workflows.machine import DueKind
from moot.core.workflows.unit_suspension import (
    UNIT_WORKFLOW,
    UnitAction,
    UnitFacts,
    UnitStage,
    UnitSuspension,
    apply,
    apply_due,
    attempt,
    due_actions,
    meetings_allowed,
    suspend_unit,
)

St, Ac = UnitStage, UnitAction
TODAY = date(2024, 3, 1)
REVIEW_BY = date(2024, 5, 1)
SUNSET_ON = date(2024, 9, 1)
DAY = timedelta(days=1)


def suspended(**changes: object) -> UnitSuspension:
    s, _ = suspend_unit(
        unit_id="clp-riverside",
        decided_by="nec-meeting-2024-03",
        role="national_executive",
        reasons="Allegations of irregular membership recruitment before the selection.",
        appointed_officer_id="s-regional-director",
        review_by=REVIEW_BY,
        sunset_on=SUNSET_ON,
        today=TODAY,
    )
    return replace(s, **changes)  # type: ignore[arg-type]


def review(today: date, **changes: object) -> UnitFacts:
    facts = UnitFacts(
        suspension=suspended(),
        today=today,
        actor_id="nec",
        actor_role="national_executive",
        reasons="The membership audit is half done; 300 records remain to be checked.",
        new_review_by=today + 60 * DAY,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def refused(action: UnitAction, facts: UnitFacts) -> str:
    with pytest.raises(Refused) as caught:
        attempt(St.SUSPENDED, action, facts)
    return caught.value.decision.explain()


def test_suspending_without_any_safeguard_is_refused_naming_each() -> None:
    with pytest.raises(Refused) as caught:
        suspend_unit(
            unit_id="clp-riverside",
            decided_by="",
            role="national_executive",
            reasons="",
            appointed_officer_id="",
            review_by=None,
            sunset_on=None,
            today=TODAY,
        )
    assert caught.value.decision.reasons == (
        "A unit is suspended only with written reasons.",
        "An officer must be appointed to run the unit's affairs while it is suspended.",
        "A review date is required.",
        "A sunset date is required: a unit is never suspended without an end.",
    )


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (
            "role",
            "national_staff",
            "'national_staff' may not suspend a unit; national_executive may.",
        ),
        ("review_by", TODAY, "The review date must be after today and no later than 30 May 2024."),
        ("review_by", TODAY + 91 * DAY, "no later than 30 May 2024"),
        ("sunset_on", date(2025, 3, 2), "no later than 1 March 2025 (12 months)"),
        ("sunset_on", REVIEW_BY - DAY, "The sunset must be after today and the review date"),
    ],
)
def test_suspending_with_a_bad_safeguard_is_refused(field: str, value: object, reason: str) -> None:
    arguments: dict[str, object] = {
        "unit_id": "clp-riverside",
        "decided_by": "nec",
        "role": "national_executive",
        "reasons": "Irregular recruitment.",
        "appointed_officer_id": "s-rd",
        "review_by": REVIEW_BY,
        "sunset_on": SUNSET_ON,
        "today": TODAY,
        field: value,
    }
    with pytest.raises(Refused) as caught:
        suspend_unit(**arguments)  # type: ignore[arg-type]
    assert reason in caught.value.decision.explain()


def test_continuing_on_review_sets_new_reasons_and_review_date() -> None:
    facts = review(REVIEW_BY)
    s = apply(facts.suspension, attempt(St.SUSPENDED, Ac.CONTINUE, facts), facts)
    assert (s.stage, s.review_by, s.reasons) == (St.SUSPENDED, REVIEW_BY + 60 * DAY, facts.reasons)
    assert s.sunset_on == SUNSET_ON


def test_continuing_with_the_old_reasons_is_refused() -> None:
    facts = review(REVIEW_BY, reasons=suspended().reasons)
    assert refused(Ac.CONTINUE, facts) == (
        "Continuing must give new reasons, not repeat the reasons already relied on."
    )


def test_continuing_past_the_sunset_is_refused() -> None:
    facts = review(date(2024, 8, 1), new_review_by=date(2024, 9, 15))
    assert "never past the sunset 1 September 2024" in refused(Ac.CONTINUE, facts)


def test_continuing_on_or_after_the_sunset_is_refused() -> None:
    facts = review(SUNSET_ON)
    assert "reached its sunset on 1 September 2024; it cannot continue" in refused(Ac.CONTINUE, facts)


@pytest.mark.parametrize("action", [Ac.CONTINUE, Ac.RESTORE])
def test_only_the_national_executive_decides_with_reasons(action: UnitAction) -> None:
    facts = review(REVIEW_BY, actor_role="regional_staff", reasons="")
    assert refused(action, facts).startswith(
        "'regional_staff' may not decide on a unit suspension; national_executive may. "
        "The decision must give its reasons in writing."
    )


def test_restoring_returns_the_units_meetings() -> None:
    facts = review(REVIEW_BY, reasons="The audit found no irregularity.")
    s = apply(facts.suspension, attempt(St.SUSPENDED, Ac.RESTORE, facts), facts)
    assert s.stage == St.RESTORED and meetings_allowed(s, REVIEW_BY).allowed


@pytest.mark.parametrize(("today", "allowed"), [(SUNSET_ON - DAY, False), (SUNSET_ON, True)])
def test_it_lapses_on_its_sunset(today: date, allowed: bool) -> None:
    if allowed:
        assert attempt(St.SUSPENDED, Ac.LAPSE, review(today)).to_stage == St.LAPSED
    else:
        assert refused(Ac.LAPSE, review(today)) == ("The suspension runs until its sunset on 1 September 2024.")


@pytest.mark.parametrize(("today", "may_meet"), [(TODAY, False), (SUNSET_ON - DAY, False), (SUNSET_ON, True)])
def test_meetings_are_blocked_while_suspended_with_the_reasons_shown(today: date, may_meet: bool) -> None:
    decision = meetings_allowed(suspended(), today)
    assert decision.allowed is may_meet
    if not may_meet:
        assert decision.explain() == (
            "Meetings are suspended: the national executive suspended this unit on 1 March 2024. "
            "Reasons: Allegations of irregular membership recruitment before the selection. "
            "Review by 1 May 2024; the suspension lapses on 1 September 2024 at the latest."
        )


DOCUMENTED = {
    ("suspended", "continue"): "suspended",
    ("suspended", "restore"): "restored",
    ("suspended", "lapse"): "lapsed",
}


@pytest.mark.parametrize(("stage", "action"), list(itertools.product(St, Ac)), ids=str)
def test_every_stage_and_action_is_in_the_documented_table(stage: UnitStage, action: UnitAction) -> None:
    target = DOCUMENTED.get((stage.value, action.value))
    if target is None:
        decision = UNIT_WORKFLOW.check(stage, action, review(SUNSET_ON))
        assert decision.explain().startswith(f"A unit suspension that is '{stage.value}' cannot be")
    else:
        assert UNIT_WORKFLOW.transitions[(stage, action)] == target


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (REVIEW_BY - 15 * DAY, []),
        (REVIEW_BY - 14 * DAY, [DueKind.REMIND]),
        (REVIEW_BY, [DueKind.REMIND]),
        (REVIEW_BY + DAY, [DueKind.ESCALATE]),
        (SUNSET_ON - DAY, [DueKind.ESCALATE]),
        (SUNSET_ON, [DueKind.LAPSE]),
        (SUNSET_ON + DAY, [DueKind.LAPSE]),
    ],
)
def test_due_at_the_boundary_dates(today: date, expected: list[DueKind]) -> None:
    assert [d.kind for d in due_actions(suspended(), today)] == expected


def test_a_whole_suspension_ticked_twice_daily_does_each_thing_once() -> None:
    s, log, day = suspended(), [], TODAY
    while day <= SUNSET_ON + 3 * DAY:
        for _ in range(2):
            for due in due_actions(s, day):
                log.append((day, due.kind))
                s = apply_due(s, due)
        day += DAY
    assert log == [
        (REVIEW_BY - 14 * DAY, DueKind.REMIND),
        (REVIEW_BY + DAY, DueKind.ESCALATE),
        (SUNSET_ON, DueKind.LAPSE),
    ]
    assert s.stage == St.LAPSED


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    stage=st.sampled_from(St),
    review_in=st.integers(-30, 30),
    today=st.dates(min_value=TODAY, max_value=date(2024, 10, 1)),
    reminded=st.booleans(),
    escalated=st.booleans(),
)
def test_due_actions_are_idempotent(
    stage: UnitStage, review_in: int, today: date, reminded: bool, escalated: bool
) -> None:
    review_by = min(today + review_in * DAY, SUNSET_ON)
    s = suspended(
        stage=stage,
        review_by=review_by,
        reminded_for=review_by if reminded else None,
        escalated_for=review_by if escalated else None,
    )
    for due in due_actions(s, today):
        s = apply_due(s, due)
    assert due_actions(s, today) == []
