"""Suspension of a whole local party by the national executive: reasons, officer, review, sunset."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from moot.core.rules.dates import add_days, add_months, long_date, plural
from moot.core.rules.decision import Decision, Refused
from moot.core.workflows.machine import DueAction, DueKind, Transition, Verb, Workflow


class UnitStage(StrEnum):
    """Where a unit suspension stands; only 'suspended' blocks the unit's meetings."""

    SUSPENDED = "suspended"
    RESTORED = "restored"
    LAPSED = "lapsed"


class UnitAction(StrEnum):
    """What the national executive (or the calendar) can do to a unit suspension."""

    CONTINUE = "continue"
    RESTORE = "restore"
    LAPSE = "lapse"


@dataclass(frozen=True)
class UnitRules:
    """Limits on unit suspensions; not in issue 4's seed, so the rulebook should carry them."""

    decider_roles: frozenset[str] = frozenset({"national_executive"})
    max_review_days: int = 90
    max_sunset_months: int = 12
    remind_days_before: int = 14
    rule_version: str | None = None


@dataclass(frozen=True)
class UnitSuspension:
    """A unit suspension as stored; the unit's members see all of it (issue 5)."""

    unit_id: str
    stage: UnitStage
    suspended_on: date
    decided_by: str
    reasons: str  # the reasons now relied on: the latest review's
    appointed_officer_id: str
    review_by: date  # the national executive reviews it by this day
    sunset_on: date  # it lapses on this day whatever happens; reviews never move it
    reminded_for: date | None = None  # the review_by a reminder was last sent for
    escalated_for: date | None = None  # the review_by whose overdue review was escalated
    rule_version: str | None = None

    def in_force(self, today: date) -> bool:
        """Suspended today: the sunset applies even before the daily job records the lapse."""
        return self.stage == UnitStage.SUSPENDED and today < self.sunset_on


@dataclass(frozen=True)
class UnitFacts:
    """A review of a unit suspension: who acts, in what role, with what reasons, on which day."""

    suspension: UnitSuspension
    today: date
    actor_id: str = ""
    actor_role: str = ""
    reasons: str = ""
    new_review_by: date | None = None  # when continuing
    rules: UnitRules = UnitRules()


def _refuse(f: UnitFacts, *reasons: str) -> Decision:
    return Decision.refuse(*reasons, rule_version=f.rules.rule_version)


def _allow(f: UnitFacts, *reasons: str) -> Decision:
    return Decision.allow(*reasons, rule_version=f.rules.rule_version)


def decided_by_the_executive(f: UnitFacts) -> Decision:
    """Only the national executive suspends, continues or restores a unit, with written reasons."""
    refusals = []
    if f.actor_role not in f.rules.decider_roles:
        roles = ", ".join(sorted(f.rules.decider_roles))
        refusals.append(f"'{f.actor_role or 'no role'}' may not decide on a unit suspension; {roles} may.")
    if not f.reasons.strip():
        refusals.append("The decision must give its reasons in writing.")
    if refusals:
        return _refuse(f, *refusals)
    return _allow(f, f"Decided by {f.actor_id} ({f.actor_role}): {f.reasons.strip()}")


def continued_properly(f: UnitFacts) -> Decision:
    """Continuing is a fresh decision: new reasons, a new review date, never past the sunset."""
    s = f.suspension
    if f.today >= s.sunset_on:
        return _refuse(f, f"The suspension reached its sunset on {long_date(s.sunset_on)}; it cannot continue.")
    if f.reasons.strip() == s.reasons.strip():
        return _refuse(f, "Continuing must give new reasons, not repeat the reasons already relied on.")
    latest = min(add_days(f.today, f.rules.max_review_days), s.sunset_on)
    if f.new_review_by is None or not f.today < f.new_review_by <= latest:
        asked = long_date(f.new_review_by) if f.new_review_by else "none"
        return _refuse(
            f,
            f"The next review must be after today and no later than {long_date(latest)} "
            f"({plural(f.rules.max_review_days, 'day')} ahead, never past the sunset "
            f"{long_date(s.sunset_on)}); asked for {asked}.",
        )
    return _allow(f, f"Next review by {long_date(f.new_review_by)}; sunset {long_date(s.sunset_on)}.")


def sunset_reached(f: UnitFacts) -> Decision:
    """Nothing waits forever: the suspension lapses on its sunset date, reviewed or not."""
    s = f.suspension
    if f.today < s.sunset_on:
        return _refuse(f, f"The suspension runs until its sunset on {long_date(s.sunset_on)}.")
    return _allow(
        f,
        f"The sunset date, {long_date(s.sunset_on)}, is reached: the suspension lapses and the "
        "unit's meetings are restored.",
    )


St, Ac = UnitStage, UnitAction

TRANSITIONS: dict[tuple[UnitStage, UnitAction], UnitStage] = {
    (St.SUSPENDED, Ac.CONTINUE): St.SUSPENDED,
    (St.SUSPENDED, Ac.RESTORE): St.RESTORED,
    (St.SUSPENDED, Ac.LAPSE): St.LAPSED,
}

UNIT_WORKFLOW: Workflow[UnitStage, UnitAction, UnitFacts] = Workflow(
    noun="unit suspension",
    transitions=TRANSITIONS,
    verbs={
        Ac.CONTINUE: Verb("continue it on review", "continued"),
        Ac.RESTORE: Verb("restore the unit", "restored"),
        Ac.LAPSE: Verb("let it lapse at sunset", "lapsed"),
    },
    guards={
        Ac.CONTINUE: (decided_by_the_executive, continued_properly),
        Ac.RESTORE: (decided_by_the_executive,),
        Ac.LAPSE: (sunset_reached,),
    },
)


def suspend_unit(
    *,
    unit_id: str,
    decided_by: str,
    role: str,
    reasons: str,
    appointed_officer_id: str,
    review_by: date | None,
    sunset_on: date | None,
    today: date,
    rules: UnitRules = UnitRules(),
) -> tuple[UnitSuspension, Decision]:
    """A unit suspension with all four of its safeguards, or Refused naming each one missing."""
    refusals = []
    if role not in rules.decider_roles:
        refusals.append(f"'{role or 'no role'}' may not suspend a unit; {', '.join(sorted(rules.decider_roles))} may.")
    if not reasons.strip():
        refusals.append("A unit is suspended only with written reasons.")
    if not appointed_officer_id.strip():
        refusals.append("An officer must be appointed to run the unit's affairs while it is suspended.")
    latest_review = add_days(today, rules.max_review_days)
    if review_by is None:
        refusals.append("A review date is required.")
    elif not today < review_by <= latest_review:
        refusals.append(f"The review date must be after today and no later than {long_date(latest_review)}.")
    latest_sunset = add_months(today, rules.max_sunset_months)
    if sunset_on is None:
        refusals.append("A sunset date is required: a unit is never suspended without an end.")
    elif not today < sunset_on <= latest_sunset or (review_by and sunset_on < review_by):
        refusals.append(
            f"The sunset must be after today and the review date, and no later than "
            f"{long_date(latest_sunset)} ({plural(rules.max_sunset_months, 'month')})."
        )
    if refusals or review_by is None or sunset_on is None:
        raise Refused(Decision.refuse(*refusals, rule_version=rules.rule_version))
    s = UnitSuspension(
        unit_id,
        St.SUSPENDED,
        today,
        decided_by,
        reasons.strip(),
        appointed_officer_id,
        review_by,
        sunset_on,
        rule_version=rules.rule_version,
    )
    return s, Decision.allow(
        f"Suspended on {long_date(today)} by the national executive: {reasons.strip()}",
        f"Officer appointed: {appointed_officer_id}; review by {long_date(review_by)}; "
        f"lapses on {long_date(sunset_on)} at the latest.",
        rule_version=rules.rule_version,
    )


def attempt(stage: UnitStage, action: UnitAction, facts: UnitFacts) -> Transition[UnitStage, UnitAction]:
    """Move a unit suspension by `action`, or raise Refused with every reason it may not move."""
    return UNIT_WORKFLOW.attempt(stage, action, facts)


def apply(suspension: UnitSuspension, move: Transition[UnitStage, UnitAction], facts: UnitFacts) -> UnitSuspension:
    """The suspension after an allowed move: continuing carries its new reasons and review date."""
    if move.action == Ac.CONTINUE and facts.new_review_by is not None:
        return replace(suspension, reasons=facts.reasons.strip(), review_by=facts.new_review_by)
    return replace(suspension, stage=move.to_stage)


def meetings_allowed(suspension: UnitSuspension | None, today: date) -> Decision:
    """Whether the unit may meet today; when not, the members read why and until when."""
    if suspension is None or not suspension.in_force(today):
        return Decision.allow("The unit is not suspended; it may meet.")
    s = suspension
    return Decision.refuse(
        f"Meetings are suspended: the national executive suspended this unit on "
        f"{long_date(s.suspended_on)}. Reasons: {s.reasons} Review by {long_date(s.review_by)}; "
        f"the suspension lapses on {long_date(s.sunset_on)} at the latest.",
        rule_version=s.rule_version,
    )


def due_actions(s: UnitSuspension, today: date, rules: UnitRules = UnitRules()) -> list[DueAction[UnitAction]]:
    """What `moot tick` must do today; nothing once it has been done (idempotent, catches up)."""
    if s.stage != St.SUSPENDED:
        return []
    told = ("unit_members", "appointed_officer", "national_executive")
    if today >= s.sunset_on:
        reason = f"The sunset date, {long_date(s.sunset_on)}, is reached: the suspension lapses."
        return [DueAction(DueKind.LAPSE, Ac.LAPSE, s.sunset_on, reason, told)]
    if today > s.review_by:
        if s.escalated_for == s.review_by:
            return []
        # An overdue review does not end the suspension (the sunset does), but it is never silent.
        reason = (
            f"The review due by {long_date(s.review_by)} has not happened; "
            "the national executive must review the suspension."
        )
        return [DueAction(DueKind.ESCALATE, None, s.review_by, reason, told)]
    if today >= add_days(s.review_by, -rules.remind_days_before) and s.reminded_for != s.review_by:
        reason = f"The suspension is due for review by {long_date(s.review_by)}; it lapses on {long_date(s.sunset_on)}."
        return [
            DueAction(
                DueKind.REMIND,
                None,
                s.review_by,
                reason,
                ("national_executive", "appointed_officer"),
            )
        ]
    return []


def apply_due(s: UnitSuspension, due: DueAction[UnitAction]) -> UnitSuspension:
    """The suspension once the job has done `due`; due_actions on the result returns nothing new."""
    if due.kind == DueKind.REMIND:
        return replace(s, reminded_for=due.deadline)
    if due.kind == DueKind.ESCALATE:
        return replace(s, escalated_for=due.deadline)
    return replace(s, stage=St.LAPSED)
