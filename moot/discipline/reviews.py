"""Bulk review: when a proscription is lifted or a rule amended, every case still relying on it is reviewed.

A case relies on a proscription or rule when one of its allegations cites it and the case is still
open, or its sanction is still in force (the member still expelled, excluded or suspended because of
it). Each gets one Review, opened in the same transaction as the lifting or amendment; the national
executive then decides each one separately, with reasons: the case or sanction stands, or the member
is reinstated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from moot.core.rules import Decision, Refused
from moot.core.rules.dates import long_date
from moot.core.workflows import case as workflow
from moot.core.workflows.case import CaseAction
from moot.core.workflows.interim_suspension import IN_FORCE
from moot.discipline import facts as gather
from moot.discipline import suspensions
from moot.discipline.models import Allegation, Case, Review
from moot.discipline.notices import Recipient, send_notice
from moot.discipline.permissions import holds
from moot.discipline.services import PERIOD_ENDS, SANCTION_STATUS
from moot.ledger.services import record
from moot.members.models import Member
from moot.members.services import change_member_status, start_membership
from moot.roles import Role
from moot.rulebook.models import Proscription, RuleVersion


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- opening reviews ---------------------------------------------------------------------------------


@transaction.atomic
def open_reviews_for_lifted_proscription(
    proscription: Proscription, by: Any, today: date | None = None
) -> list[Review]:
    """A review for every case that relied on the proscription now lifted; returns those newly opened."""
    p = proscription
    lifted = f" on {long_date(p.lifted_on)}" if p.lifted_on else ""
    why = (
        f"The proscription of {p.organisation.name} was lifted{lifted} by decision {p.lifted_minute_reference}"
        f"{': ' + p.lifted_reasons.strip() if p.lifted_reasons.strip() else '.'}"
    )
    today = _today(today)
    cases = _relying_on(Allegation.objects.filter(proscription=p), today)
    return _open(cases, Review.Trigger.PROSCRIPTION_LIFTED, f"proscription:{p.pk}", why, by, today)


@transaction.atomic
def open_reviews_for_amended_rule(rule_version_row: RuleVersion, by: Any, today: date | None = None) -> list[Review]:
    """A review for every case citing a version of the rule the amendment supersedes; returns those newly opened."""
    row = rule_version_row
    reference = f"{row.rule.key}@{row.version}"
    why = (
        f"Rule '{row.rule.title}' was amended: version {row.version}, in force from "
        f"{long_date(row.effective_from)}{', decision ' + row.decision_reference if row.decision_reference else ''}"
        f". Reasons: {row.reason.strip()}"
    )
    # Every earlier version: a case citing version 1 still relies on the rule this amendment changes.
    superseded = Allegation.objects.filter(rule_version__rule_id=row.rule_id, rule_version__version__lt=row.version)
    today = _today(today)
    return _open(
        _relying_on(superseded, today), Review.Trigger.RULE_AMENDED, reference, why, by, today, rule_version=reference
    )


def _relying_on(allegations: QuerySet[Allegation], today: date) -> list[Case]:
    """The cases of these allegations that are still open, or whose sanction is still in force."""
    candidates = (
        Case.objects.filter(pk__in=allegations.values("case_id"))
        .filter(Q(closed_on__isnull=True) | Q(sanction_applied_on__isnull=False, sanction__in=list(SANCTION_STATUS)))
        .select_related("respondent")
        .order_by("pk")
    )
    return [case for case in candidates if case.closed_on is None or sanction_in_force(case, today)]


def sanction_in_force(case: Case, today: date) -> bool:
    """The member is still expelled, excluded or suspended because of this case's final decision."""
    status = SANCTION_STATUS.get(case.sanction)
    if status is None or case.sanction_applied_on is None or case.respondent is None:
        return False
    if case.sanction_ends_on is not None and case.sanction_ends_on <= today:
        return False  # a suspension already served
    # Readmitted, or reinstated on an earlier review: the sanction no longer holds the member.
    return case.respondent.status == status


def _open(
    cases: Iterable[Case], trigger: str, reference: str, why: str, by: Any, today: date, rule_version: str = ""
) -> list[Review]:
    opened = []
    for case in cases:
        # The unique constraint makes this safe to repeat: a case is reviewed once per trigger.
        review, created = Review.objects.get_or_create(
            case=case, trigger=trigger, trigger_reference=reference, defaults={"opened_on": today}
        )
        if not created:
            continue
        relies = "open case" if case.closed_on is None else f"sanction in force: {case.sanction}"
        record(
            "review.opened",
            review,
            {
                "case": case.reference,
                "trigger": trigger,
                "reference": reference,
                "relies_as": relies,
                "why": why,
                "on": today.isoformat(),
            },
            by=by,
            rule_version=rule_version,
        )
        _tell_respondent(
            review,
            f"Case {case.reference} is under review",
            [
                why,
                f"Your case {case.reference} relied on it, so the national executive will review it and decide, "
                "with reasons, whether the case or its sanction stands or you are reinstated. You will be told "
                "of the decision.",
            ],
            by,
        )
        opened.append(review)
    return opened


def _tell_respondent(review: Review, subject: str, paragraphs: list[str], by: Any) -> None:
    member = review.case.respondent
    if member is None:
        return  # a case not yet triaged has nobody identified to write to
    to = Recipient.of(member.account) if member.account is not None else Recipient(member.name, member.email)
    send_notice(kind="review", to=to, case=review.case, by=by, subject=subject, paragraphs=paragraphs)


# --- deciding a review -------------------------------------------------------------------------------


@transaction.atomic
def decide_review(*, review: Review, by: Any, reinstate: bool, reasons: str, today: date | None = None) -> Review:
    """The national executive decides one review, with reasons: reinstate the member, or let it stand."""
    today = _today(today)
    problems = []
    if not holds(by, Role.NEC_MEMBER):
        problems.append("Reviews are decided by the national executive.")
    if not reasons.strip():
        problems.append("A decision on a review must give its reasons in writing.")
    if problems:
        raise Refused(Decision.refuse(*problems))
    # Lock the review only: PostgreSQL cannot lock the nullable side of the join to the respondent.
    r = Review.objects.select_for_update(of=("self",)).select_related("case__respondent").get(pk=review.pk)
    if r.outcome != Review.Outcome.OPEN:
        decided = f" on {long_date(r.decided_on)}" if r.decided_on else ""
        raise Refused(f"This review was already decided{decided}: {r.get_outcome_display().lower()}.")
    outcome = Review.Outcome.REINSTATED if reinstate else Review.Outcome.UPHELD
    effects = _reinstate(r, by, reasons.strip(), today) if reinstate else []
    Review.objects.filter(pk=r.pk).update(outcome=outcome, decided_on=today, decided_by=by, reasons=reasons.strip())
    r.outcome, r.decided_on, r.decided_by, r.reasons = outcome, today, by, reasons.strip()
    record(
        f"review.{outcome}",
        r,
        {"case": r.case.reference, "reasons": r.reasons, "effects": effects, "on": today.isoformat()},
        by=by,
    )
    verdict = "you are reinstated" if reinstate else "the case and any sanction stand"
    _tell_respondent(
        r,
        f"Case {r.case.reference}: decision on review",
        [
            f"On {long_date(today)} the national executive decided the review of case {r.case.reference}: {verdict}.",
            f"Reasons: {r.reasons}",
            *effects,
        ],
        by,
    )
    return r


def _reinstate(review: Review, by: Any, reasons: str, today: date) -> list[str]:
    """Undo what the case did to the member; returns each effect as a sentence for the ledger and the letter."""
    case = review.case
    if case.stage in workflow.OPEN_STAGES:
        return _withdraw(case, by, f"Withdrawn on review ({review.trigger_reference}): {reasons}", today)
    if case.closed_on is None:
        # Decided but not final: the workflow lets only the appeal set a decision aside.
        raise Refused(
            f"Case {case.reference} is {workflow.CASE_WORKFLOW.label(case.stage_enum)}: a decided case "
            "cannot be withdrawn. Decide this review once the decision is final, or let the appeal "
            "set it aside."
        )
    if not sanction_in_force(case, today):
        return ["The sanction no longer applied, so there was nothing to restore."]
    return _restore_membership(case, by, reasons, today)


def _withdraw(case: Case, by: Any, reasons: str, today: date) -> list[str]:
    """Withdraw an open case through the workflow, as services.withdraw does, and end its interim suspension."""
    facts = gather.case_facts(case, today, action_reasons=reasons)
    move = workflow.attempt(case.stage_enum, CaseAction.WITHDRAW, facts)
    if not Case.objects.filter(pk=case.pk, stage=case.stage).update(
        stage=move.to_stage, closed_on=today, closed_reasons=reasons
    ):
        raise Refused(f"Case {case.reference} changed while you were looking at it; reload and try again.")
    record(
        f"case.{CaseAction.WITHDRAW}",
        case,
        {
            "from": str(move.from_stage),
            "to": str(move.to_stage),
            "on": today.isoformat(),
            "reasons": list(move.decision.reasons),
        },
        by=by,
        rule_version=move.decision.rule_version or "",
    )
    case.stage, case.closed_on, case.closed_reasons = move.to_stage, today, reasons
    effects = [f"Case {case.reference} is withdrawn."]
    for s in case.interim_suspensions.filter(stage__in=IN_FORCE):
        suspensions.end_interim_suspension(
            suspension=s, why=f"Case {case.reference} was withdrawn on review.", today=today
        )
        effects.append("The interim suspension pending the case has ended.")
    return effects


def _restore_membership(case: Case, by: Any, reasons: str, today: date) -> list[str]:
    """The member is active again from today, with a new membership period if the sanction ended theirs."""
    assert case.respondent is not None  # sanction_in_force checked it
    member = Member.objects.select_for_update().get(pk=case.respondent.pk)
    change_member_status(
        member=member,
        status=Member.Status.ACTIVE,
        from_on=today,
        by=by,
        reason=f"Reinstated on review of case {case.reference}: {reasons}",
    )
    effects = [f"Your membership is restored from {long_date(today)}."]
    if case.sanction in PERIOD_ENDS and not member.periods.filter(ended_on__isnull=True).exists():
        start_membership(member=member, on=today, by=by)
        effects.append("A new period of membership begins on that day.")
    return effects
