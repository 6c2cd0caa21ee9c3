"""Interim (administrative) suspension: lapses unless renewed, reviewed often, capped in total."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from moot.core.rules.dates import add_days, add_months, long_date, plural
from moot.core.rules.decision import Decision, Refused
from moot.core.workflows.machine import DueAction, DueKind, Transition, Verb, Workflow


class InterimStage(StrEnum):
    """Where an interim suspension stands; only the first two keep a member suspended."""

    IMPOSED = "imposed"
    RENEWED = "renewed"
    LAPSED = "lapsed"
    ENDED = "ended"


class InterimAction(StrEnum):
    """What can happen to an interim suspension."""

    RENEW = "renew"
    LAPSE = "lapse"
    END = "end"
    LIFT = "lift"


IN_FORCE = (InterimStage.IMPOSED, InterimStage.RENEWED)
COMMITTEE = "disciplinary_committee"  # who must decide the case when the maximum is reached


@dataclass(frozen=True)
class InterimRules:
    """The rulebook's interim-suspension rule (issue 4 seed: review 28 days, maximum 6 months)."""

    review_days: int = 28
    maximum_months: int = 6
    remind_days_before: int = 7
    imposer_roles: frozenset[str] = frozenset({"case_officer", "national_staff"})
    renewer_roles: frozenset[str] = frozenset({"national_staff"})
    rule_version: str | None = None


@dataclass(frozen=True)
class InterimSuspension:
    """An interim suspension as stored; `review_by` and `ends_by` are its two deadlines."""

    member_id: str
    case_id: str
    stage: InterimStage
    imposed_on: date
    imposed_by: str
    reasons: str  # the reasons now relied on: the latest renewal's
    review_by: date  # last day it is in force unless renewed; it lapses the day after
    ends_by: date  # imposed_on + the maximum total; never moves, however often renewed
    case_decided_on: date | None = None
    reminded_for: date | None = None  # the review_by a reminder was last sent for
    rule_version: str | None = None

    def in_force(self, today: date) -> bool:
        """Suspended today, even if the daily job has not yet recorded a lapse that is due."""
        # The deadlines, not the job, decide: a late tick must never extend a suspension.
        return (
            self.stage in IN_FORCE
            and today <= self.review_by
            and today < self.ends_by
            and (self.case_decided_on is None or today < self.case_decided_on)
        )


@dataclass(frozen=True)
class InterimFacts:
    """An attempt on a suspension: who acts, in what role, with what reasons, on which day."""

    suspension: InterimSuspension
    today: date
    actor_id: str = ""
    actor_role: str = ""
    reasons: str = ""
    new_review_by: date | None = None  # for a renewal
    rules: InterimRules = InterimRules()


def _refuse(facts: InterimFacts, *reasons: str) -> Decision:
    return Decision.refuse(*reasons, rule_version=facts.rules.rule_version)


def _allow(facts: InterimFacts, *reasons: str) -> Decision:
    return Decision.allow(*reasons, rule_version=facts.rules.rule_version)


def renewed_in_time(f: InterimFacts) -> Decision:
    """A suspension is renewed on or before its review date and before its maximum end."""
    s = f.suspension
    if f.today > s.review_by:
        return _refuse(
            f,
            f"The suspension lapsed after {long_date(s.review_by)} without renewal; "
            "a lapsed suspension cannot be renewed.",
        )
    if f.today >= s.ends_by or s.review_by >= s.ends_by:
        return _refuse(
            f,
            f"The suspension reaches its maximum of {plural(f.rules.maximum_months, 'month')} "
            f"on {long_date(s.ends_by)} and cannot be renewed; the case must be decided.",
        )
    return _allow(f, f"Renewed on {long_date(f.today)}, before its review date {long_date(s.review_by)}.")


def renewer_has_the_role(f: InterimFacts) -> Decision:
    """Only the roles the rulebook names may renew; nobody keeps a suspension going by default."""
    if f.actor_role not in f.rules.renewer_roles:
        roles = ", ".join(sorted(f.rules.renewer_roles))
        return _refuse(
            f,
            f"{f.actor_id or 'This person'} acts as '{f.actor_role or 'no role'}'; only {roles} "
            "may renew an interim suspension.",
        )
    return _allow(f, f"Renewed by {f.actor_id} as {f.actor_role}.")


def new_reasons_given(f: InterimFacts) -> Decision:
    """A renewal states fresh reasons: repeating the old ones is not a review."""
    if not f.reasons.strip():
        return _refuse(f, "A renewal must give its reasons in writing.")
    if f.reasons.strip() == f.suspension.reasons.strip():
        return _refuse(f, "A renewal must give new reasons, not repeat the reasons already relied on.")
    return _allow(f, f"Reasons for renewal: {f.reasons.strip()}")


def next_review_within_limits(f: InterimFacts) -> Decision:
    """The next review comes within the review period and never after the maximum end."""
    s, days = f.suspension, f.rules.review_days
    latest = min(add_days(f.today, days), s.ends_by)
    if f.new_review_by is None or not f.today < f.new_review_by <= latest:
        asked = long_date(f.new_review_by) if f.new_review_by else "none"
        return _refuse(
            f,
            f"The next review must be after today and no later than {long_date(latest)} "
            f"({plural(days, 'day')} from renewal, never past the maximum end "
            f"{long_date(s.ends_by)}); asked for {asked}.",
        )
    return _allow(f, f"Next review by {long_date(f.new_review_by)}.")


def review_date_passed(f: InterimFacts) -> Decision:
    """It lapses automatically the day after its review date if nobody renewed it."""
    s = f.suspension
    if f.today <= s.review_by:
        return _refuse(f, f"The suspension is in force until its review date, {long_date(s.review_by)}.")
    return _allow(
        f,
        f"Not renewed by its review date, {long_date(s.review_by)}: the suspension has lapsed "
        "and the member is restored.",
    )


def nothing_left_to_wait_for(f: InterimFacts) -> Decision:
    """It ends when the case is decided, or at its maximum total, whichever comes first."""
    s = f.suspension
    if s.case_decided_on is not None and s.case_decided_on <= f.today:
        return _allow(
            f,
            f"The case was decided on {long_date(s.case_decided_on)}; the interim suspension ends.",
        )
    if f.today >= s.ends_by:
        return _allow(
            f,
            f"The maximum of {plural(f.rules.maximum_months, 'month')} was reached on "
            f"{long_date(s.ends_by)}; the interim suspension ends.",
        )
    return _refuse(f, f"The case is undecided and the maximum end, {long_date(s.ends_by)}, is not reached.")


def lifted_with_reasons(f: InterimFacts) -> Decision:
    """Lifting early is a decision too: by an imposing or renewing role, with reasons."""
    roles = f.rules.imposer_roles | f.rules.renewer_roles
    refusals = []
    if f.actor_role not in roles:
        refusals.append(
            f"'{f.actor_role or 'no role'}' may not lift an interim suspension; {', '.join(sorted(roles))} may."
        )
    if not f.reasons.strip():
        refusals.append("Lifting a suspension must give its reasons in writing.")
    if refusals:
        return _refuse(f, *refusals)
    return _allow(f, f"Lifted by {f.actor_id}: {f.reasons.strip()}")


St, Ac = InterimStage, InterimAction

TRANSITIONS: dict[tuple[InterimStage, InterimAction], InterimStage] = {
    **{(stage, Ac.RENEW): St.RENEWED for stage in IN_FORCE},
    **{(stage, Ac.LAPSE): St.LAPSED for stage in IN_FORCE},
    **{(stage, Ac.END): St.ENDED for stage in IN_FORCE},
    **{(stage, Ac.LIFT): St.ENDED for stage in IN_FORCE},
}

INTERIM_WORKFLOW: Workflow[InterimStage, InterimAction, InterimFacts] = Workflow(
    noun="suspension",
    transitions=TRANSITIONS,
    verbs={
        Ac.RENEW: Verb("renew it", "renewed"),
        Ac.LAPSE: Verb("let it lapse", "lapsed"),
        Ac.END: Verb("end it", "ended"),
        Ac.LIFT: Verb("lift it", "lifted"),
    },
    guards={
        Ac.RENEW: (
            renewed_in_time,
            renewer_has_the_role,
            new_reasons_given,
            next_review_within_limits,
        ),
        Ac.LAPSE: (review_date_passed,),
        Ac.END: (nothing_left_to_wait_for,),
        Ac.LIFT: (lifted_with_reasons,),
    },
)


def impose(
    *,
    member_id: str,
    case_id: str,
    imposed_by: str,
    role: str,
    reasons: str,
    today: date,
    rules: InterimRules = InterimRules(),
) -> tuple[InterimSuspension, Decision]:
    """A new interim suspension with its review and maximum dates, or Refused with every reason."""
    refusals = []
    if not case_id.strip():
        refusals.append("An interim suspension is imposed only pending a disciplinary case.")
    if role not in rules.imposer_roles:
        refusals.append(
            f"'{role or 'no role'}' may not impose an interim suspension; {', '.join(sorted(rules.imposer_roles))} may."
        )
    if not reasons.strip():
        refusals.append("An interim suspension must give its reasons in writing.")
    if refusals:
        raise Refused(Decision.refuse(*refusals, rule_version=rules.rule_version))
    ends_by = add_months(today, rules.maximum_months)
    review_by = min(add_days(today, rules.review_days), ends_by)
    suspension = InterimSuspension(
        member_id,
        case_id,
        St.IMPOSED,
        today,
        imposed_by,
        reasons.strip(),
        review_by,
        ends_by,
        rule_version=rules.rule_version,
    )
    return suspension, Decision.allow(
        f"Suspended on {long_date(today)} by {imposed_by}: {reasons.strip()}",
        f"It lapses unless renewed by {long_date(review_by)}, and ends by {long_date(ends_by)} at the latest.",
        rule_version=rules.rule_version,
    )


def attempt(stage: InterimStage, action: InterimAction, facts: InterimFacts) -> Transition[InterimStage, InterimAction]:
    """Move a suspension by `action`, or raise Refused with every reason it may not move."""
    return INTERIM_WORKFLOW.attempt(stage, action, facts)


def apply(
    suspension: InterimSuspension,
    move: Transition[InterimStage, InterimAction],
    facts: InterimFacts,
) -> InterimSuspension:
    """The suspension after an allowed move: a renewal carries its new reasons and review date."""
    if move.action == Ac.RENEW and facts.new_review_by is not None:
        return replace(
            suspension,
            stage=move.to_stage,
            reasons=facts.reasons.strip(),
            review_by=facts.new_review_by,
        )
    return replace(suspension, stage=move.to_stage)


def due_actions(
    suspension: InterimSuspension, today: date, rules: InterimRules = InterimRules()
) -> list[DueAction[InterimAction]]:
    """What `moot tick` must do today; nothing once it has been done (idempotent, catches up)."""
    s, told = suspension, ("member", "imposer")
    if s.stage not in IN_FORCE:
        return []
    # Comparisons are "on or after", never "on": a job that missed a day still catches up.
    if s.case_decided_on is not None and today >= s.case_decided_on:
        why = f"The case was decided on {long_date(s.case_decided_on)}; the suspension ends."
        return [DueAction(DueKind.END, Ac.END, s.case_decided_on, why, told)]
    if today >= s.ends_by:
        why = (
            f"The maximum of {plural(rules.maximum_months, 'month')} was reached on "
            f"{long_date(s.ends_by)}: the suspension ends and the undecided case goes to the "
            "disciplinary committee to be decided."
        )
        return [DueAction(DueKind.ESCALATE, Ac.END, s.ends_by, why, (*told, COMMITTEE))]
    if today > s.review_by:
        why = f"Not renewed by {long_date(s.review_by)}: the suspension has lapsed and the member is restored."
        return [DueAction(DueKind.LAPSE, Ac.LAPSE, s.review_by, why, told)]
    if today >= add_days(s.review_by, -rules.remind_days_before) and s.reminded_for != s.review_by:
        # In its last period a suspension cannot be renewed, so the committee hears of it too.
        final = s.review_by >= s.ends_by
        then = (
            "it ends at its maximum and the case must be decided"
            if final
            else ("it lapses unless renewed with new reasons")
        )
        why = f"The interim suspension is due for review by {long_date(s.review_by)}; {then}."
        notify = ("member", "renewer", *((COMMITTEE,) if final else ()))
        return [DueAction(DueKind.REMIND, None, s.review_by, why, notify)]
    return []


def apply_due(suspension: InterimSuspension, due: DueAction[InterimAction]) -> InterimSuspension:
    """The suspension once the job has done `due`; due_actions on the result returns nothing new."""
    if due.kind == DueKind.REMIND:
        return replace(suspension, reminded_for=due.deadline)
    target = St.LAPSED if due.action == Ac.LAPSE else St.ENDED
    return replace(suspension, stage=target)
