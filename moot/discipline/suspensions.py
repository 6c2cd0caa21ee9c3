"""Interim suspensions of members, suspensions of units, and readmission: each through its workflow.

The deadlines decide, not the job: an interim suspension is in force only through its review
date, and a unit suspension only until its sunset, whether or not `moot tick` has run yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from moot.core.rules import Decision, Refused
from moot.core.rules.dates import add_days, long_date
from moot.core.rules.deadlines import readmission_from
from moot.core.workflows import interim_suspension as interim_flow
from moot.core.workflows import readmission as readmission_flow
from moot.core.workflows import unit_suspension as unit_flow
from moot.core.workflows.interim_suspension import InterimAction, InterimFacts, InterimStage
from moot.core.workflows.readmission import ReadmissionAction, ReadmissionFacts, ReadmissionStage
from moot.core.workflows.unit_suspension import UnitAction, UnitFacts, UnitStage
from moot.discipline import facts as gather
from moot.discipline.models import (
    Case,
    InterimRenewal,
    InterimSuspension,
    ReadmissionApplication,
    UnitSuspension,
    UnitSuspensionReview,
)
from moot.discipline.notices import Recipient, send_notice
from moot.discipline.permissions import INTERIM_ROLES, holds, may_administer
from moot.discipline.services import SANCTION_STATUS, respondent_of
from moot.ledger.services import record
from moot.members.models import Member
from moot.members.services import change_member_status, start_membership
from moot.organisation.models import Unit
from moot.organisation.services import change_unit_status
from moot.permissions import in_scope
from moot.roles import Role
from moot.rulebook.selectors import load_rulebook


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _member_recipient(member: Member) -> Recipient:
    return Recipient.of(member.account) if member.account is not None else Recipient(member.name, member.email)


def _acting_role(by: Any, member: Member, roles: frozenset[str]) -> str:
    """The role in which `by` acts on this member: one of `roles`, held with the member in scope."""
    for role in sorted(roles):
        if in_scope(by, member.branch.path, {Role(role)}):
            return role
    return ""


# --- interim suspension ------------------------------------------------------------------------------


@transaction.atomic
def impose_interim_suspension(*, case: Case, by: Any, reasons: str, today: date | None = None) -> InterimSuspension:
    """Suspend the respondent pending the case; the review date and maximum come from the rulebook."""
    today = _today(today)
    for overdue in InterimSuspension.objects.filter(
        member=respondent_of(case), stage__in=interim_flow.IN_FORCE, review_by__lt=today
    ):
        # Lapsed by its dates, though the daily job has not yet said so: record that first.
        lapse_interim_suspension(suspension=overdue, today=today)
    member = Member.objects.select_for_update().get(pk=respondent_of(case).pk)
    rules = gather.interim_rules(load_rulebook(), today)
    if case.closed_on is not None:
        raise Refused(f"Case {case.reference} is closed; there is nothing to suspend the member pending.")
    if member.interim_suspensions.filter(stage__in=interim_flow.IN_FORCE).exists():
        raise Refused(f"{member.name} is already suspended pending a case; renew that suspension instead.")
    role = (
        _acting_role(by, member, rules.imposer_roles)
        if (may_administer(by, case) or holds(by, Role.NATIONAL_STAFF))
        else ""
    )
    core, decision = interim_flow.impose(
        member_id=str(member.pk),
        case_id=case.reference,
        imposed_by=str(by),
        role=role,
        reasons=reasons,
        today=today,
        rules=rules,
    )
    suspension = InterimSuspension.objects.create(
        case=case,
        member=member,
        stage=core.stage,
        imposed_on=today,
        imposed_by=by,
        reasons=core.reasons,
        review_by=core.review_by,
        ends_by=core.ends_by,
        status_before=member.status,
        rule_version=rules.rule_version or "",
    )
    change_member_status(
        member=member,
        status=Member.Status.SUSPENDED,
        from_on=today,
        by=by,
        reason=f"Interim suspension pending case {case.reference}: {core.reasons}",
        rule_version=rules.rule_version or "",
    )
    record(
        "interim.imposed",
        suspension,
        {
            "case": case.reference,
            "member": member.membership_number,
            "reasons": core.reasons,
            "review_by": core.review_by.isoformat(),
            "ends_by": core.ends_by.isoformat(),
        },
        by=by,
        rule_version=rules.rule_version or "",
    )
    from moot.discipline.models import CaseParty

    CaseParty.objects.get_or_create(case=case, person=by, part=CaseParty.Part.ACTOR)
    send_notice(
        kind="interim_imposed",
        to=_member_recipient(member),
        interim=suspension,
        case=case,
        by=by,
        subject="You are suspended pending a disciplinary case",
        paragraphs=[
            *decision.reasons,
            "While suspended you may not attend meetings, vote or hold office. The suspension "
            f"must be reviewed by {long_date(core.review_by)}; if nobody renews it, with new "
            "reasons, it lapses and you are restored automatically.",
            f"Rule applied: {rules.rule_version}.",
        ],
    )
    return suspension


def _interim_facts(s: InterimSuspension, today: date, **more: Any) -> InterimFacts:
    rules = gather.interim_rules(load_rulebook(), s.imposed_on)
    return InterimFacts(suspension=gather.core_interim(s), today=today, rules=rules, **more)


def _move_interim(
    s: InterimSuspension, action: InterimAction, facts: InterimFacts, by: Any, payload: dict[str, Any]
) -> Decision:
    move = interim_flow.attempt(InterimStage(s.stage), action, facts)
    if not InterimSuspension.objects.filter(pk=s.pk, stage=s.stage).update(stage=move.to_stage):
        raise Refused("The suspension changed while you were looking at it; reload and try again.")
    record(
        f"interim.{action}",
        s,
        {"from": s.stage, "to": str(move.to_stage), "reasons": list(move.decision.reasons), **payload},
        by=by,
        rule_version=move.decision.rule_version or "",
    )
    s.stage = move.to_stage
    return move.decision


@transaction.atomic
def renew_interim_suspension(
    *, suspension: InterimSuspension, by: Any, reasons: str, review_by: date | None = None, today: date | None = None
) -> InterimSuspension:
    """Renew on or before the review date, with new reasons; never past the maximum end."""
    today = _today(today)
    s = InterimSuspension.objects.select_for_update().get(pk=suspension.pk)
    rules = gather.interim_rules(load_rulebook(), s.imposed_on)
    new_review = review_by or min(add_days(today, rules.review_days), s.ends_by)
    role = _acting_role(by, s.member, rules.renewer_roles)
    facts = _interim_facts(s, today, actor_id=str(by.pk), actor_role=role, reasons=reasons, new_review_by=new_review)
    decision = _move_interim(
        s, InterimAction.RENEW, facts, by, {"reasons_given": reasons.strip(), "review_by": new_review.isoformat()}
    )
    InterimRenewal.objects.create(
        suspension=s, renewed_on=today, renewed_by=by, reasons=reasons.strip(), review_by=new_review
    )
    InterimSuspension.objects.filter(pk=s.pk).update(reasons=reasons.strip(), review_by=new_review)
    s.reasons, s.review_by = reasons.strip(), new_review
    send_notice(
        kind="interim_renewed",
        to=_member_recipient(s.member),
        interim=s,
        case=s.case,
        by=by,
        subject="Your interim suspension was renewed",
        paragraphs=[
            f"On {long_date(today)} your suspension was renewed until {long_date(new_review)}.",
            f"The reasons now relied on: {reasons.strip()}",
            *decision.reasons,
            f"It cannot last beyond {long_date(s.ends_by)}.",
        ],
    )
    return s


def _sanction_applies(case: Case) -> bool:
    """The case's final sanction now decides the member's status, not the interim suspension."""
    return case.sanction_applied_on is not None and case.sanction in SANCTION_STATUS


def _restore(s: InterimSuspension, by: Any, on: date, why: str) -> bool:
    """Give the member back the status the suspension took away; False when something else now holds it."""
    member = Member.objects.select_for_update().get(pk=s.member_id)
    # Restore only what the interim suspension changed: a sanction or lapse since then stands. A
    # suspension sanction made final while the interim one still ran leaves the status "suspended"
    # untouched, so the status alone cannot tell them apart: the case must.
    if member.status != Member.Status.SUSPENDED or _sanction_applies(s.case):
        return False
    change_member_status(
        member=member, status=s.status_before, from_on=on, by=by, reason=why, rule_version=s.rule_version
    )
    return True


def _end_interim(
    s: InterimSuspension,
    action: InterimAction,
    *,
    by: Any,
    today: date,
    ended_on: date,
    why: str,
    reasons: str = "",
    role: str = "",
) -> InterimSuspension:
    facts = _interim_facts(s, today, actor_id=str(getattr(by, "pk", "")), actor_role=role, reasons=reasons)
    _move_interim(s, action, facts, by, {"ended_on": ended_on.isoformat(), "why": why})
    InterimSuspension.objects.filter(pk=s.pk).update(ended_on=ended_on, ended_reason=why)
    s.ended_on, s.ended_reason = ended_on, why
    restored = _restore(s, by, ended_on, why)
    send_notice(
        kind="interim_ended",
        to=_member_recipient(s.member),
        interim=s,
        case=s.case,
        by=by,
        subject="Your interim suspension has ended",
        paragraphs=[why, _what_follows(s, restored, ended_on)],
    )
    return s


def _what_follows(s: InterimSuspension, restored: bool, ended_on: date) -> str:
    """The sentence after the reason in the letter: restored or not, and whether the case goes on."""
    if not restored:
        if _sanction_applies(s.case):
            return f"The sanction decided in case {s.case.reference} applies from now on."
        return "Your membership status is unchanged by the end of this suspension."
    if s.case.closed_on is None and s.case.decided_on is None:
        return f"You are restored from {long_date(ended_on)}. The case itself continues until it is decided."
    return f"You are restored from {long_date(ended_on)}."


@transaction.atomic
def lapse_interim_suspension(*, suspension: InterimSuspension, today: date | None = None) -> InterimSuspension:
    """Nobody renewed it by its review date: it lapses from the next day and the member is restored."""
    today = _today(today)
    s = InterimSuspension.objects.select_for_update().get(pk=suspension.pk)
    return _end_interim(
        s,
        InterimAction.LAPSE,
        by=None,
        today=today,
        ended_on=add_days(s.review_by, 1),
        why=f"Not renewed by {long_date(s.review_by)}: the interim suspension lapsed and you are restored.",
    )


@transaction.atomic
def end_interim_suspension(*, suspension: InterimSuspension, why: str, today: date | None = None) -> InterimSuspension:
    """The case was decided, or the maximum reached: the suspension ends (moot tick)."""
    today = _today(today)
    s = InterimSuspension.objects.select_for_update().get(pk=suspension.pk)
    # It ended on the first of the maximum or the settling of the case, however late the job runs.
    ended_on = min(today, s.ends_by, gather.case_settled_on(s.case) or today)
    return _end_interim(s, InterimAction.END, by=None, today=today, ended_on=max(ended_on, s.imposed_on), why=why)


@transaction.atomic
def lift_interim_suspension(
    *, suspension: InterimSuspension, by: Any, reasons: str, today: date | None = None
) -> InterimSuspension:
    today = _today(today)
    s = InterimSuspension.objects.select_for_update().get(pk=suspension.pk)
    rules = gather.interim_rules(load_rulebook(), s.imposed_on)
    role = _acting_role(by, s.member, rules.imposer_roles | rules.renewer_roles)
    return _end_interim(
        s,
        InterimAction.LIFT,
        by=by,
        today=today,
        ended_on=today,
        reasons=reasons,
        role=role,
        why=f"Lifted on {long_date(today)}: {reasons.strip()}",
    )


@transaction.atomic
def remind_interim_review(*, suspension: InterimSuspension, why: str, today: date | None = None) -> bool:
    """Tell the member the review is near, once per review date; False when already told."""
    s = InterimSuspension.objects.select_for_update().get(pk=suspension.pk)
    if s.reminded_for == s.review_by:
        return False
    InterimSuspension.objects.filter(pk=s.pk).update(reminded_for=s.review_by)
    record("interim.reminded", s, {"review_by": s.review_by.isoformat(), "why": why}, by=None)
    send_notice(
        kind="interim_reminder",
        to=_member_recipient(s.member),
        interim=s,
        case=s.case,
        by=None,
        subject="Your interim suspension is due for review",
        paragraphs=[why],
    )
    return True


def interim_in_force(member: Member, today: date | None = None) -> InterimSuspension | None:
    """The suspension in force today by its dates, even before the daily job records a lapse."""
    today = _today(today)
    # Not yet imposed on `today` is not in force either: a question about the past gets the past's answer.
    current = member.interim_suspensions.filter(stage__in=interim_flow.IN_FORCE, imposed_on__lte=today)
    for s in current.select_related("case"):
        if gather.core_interim(s).in_force(today):
            return s
    return None


# --- unit (local party) suspension -------------------------------------------------------------------


@transaction.atomic
def suspend_unit(
    *,
    unit: Unit,
    by: Any,
    reasons: str,
    minute_reference: str,
    appointed_officer: Any,
    review_by: date | None,
    sunset_on: date | None,
    today: date | None = None,
) -> UnitSuspension:
    """The national executive suspends a unit with reasons, an appointed officer, a review date and a sunset."""
    today = _today(today)
    rules = gather.unit_rules(load_rulebook(), today)
    role = Role.NEC_MEMBER.value if holds(by, Role.NEC_MEMBER) else ""
    problems = [] if minute_reference.strip() else ["Cite the national executive's minute reference."]
    if unit.suspensions.filter(stage=UnitStage.SUSPENDED).exists():
        problems.append(f"{unit.name} is already suspended; review that suspension instead.")
    try:
        core, decision = unit_flow.suspend_unit(
            unit_id=str(unit.pk),
            decided_by=str(by),
            role=role,
            reasons=reasons,
            appointed_officer_id=str(appointed_officer.pk) if appointed_officer else "",
            review_by=review_by,
            sunset_on=sunset_on,
            today=today,
            rules=rules,
        )
    except Refused as refused:
        raise Refused(Decision.refuse(*refused.decision.reasons, *problems, rule_version=rules.rule_version)) from None
    if problems:
        raise Refused(Decision.refuse(*problems, rule_version=rules.rule_version))
    suspension = UnitSuspension.objects.create(
        unit=unit,
        stage=core.stage,
        suspended_on=today,
        decided_by=by,
        minute_reference=minute_reference.strip(),
        reasons=core.reasons,
        appointed_officer=appointed_officer,
        review_by=core.review_by,
        sunset_on=core.sunset_on,
        rule_version=rules.rule_version or "",
    )
    change_unit_status(
        unit=unit,
        status=Unit.Status.SUSPENDED,
        by=by,
        rule_version=rules.rule_version or "",
        reason=f"Suspended by the national executive ({minute_reference.strip()}): {core.reasons}",
    )
    record(
        "unit_suspension.imposed",
        suspension,
        {
            "unit": unit.code,
            "reasons": core.reasons,
            "minute_reference": minute_reference.strip(),
            "appointed_officer": appointed_officer.pk,
            "review_by": core.review_by.isoformat(),
            "sunset_on": core.sunset_on.isoformat(),
        },
        by=by,
        rule_version=rules.rule_version or "",
    )
    _tell_unit(
        suspension,
        "unit_suspended",
        f"{unit.name} is suspended",
        by,
        [
            *decision.reasons,
            f"Decision: {minute_reference.strip()}.",
            f"{appointed_officer.name or appointed_officer.email} runs the unit's affairs meanwhile. Meetings "
            "of the unit cannot be called while it is suspended.",
        ],
    )
    return suspension


def _tell_unit(s: UnitSuspension, kind: str, subject: str, by: Any, paragraphs: list[str]) -> None:
    """The appointed officer gets the letter; every member sees the status and reasons on the unit's page."""
    send_notice(
        kind=kind,
        to=Recipient.of(s.appointed_officer),
        unit_suspension=s,
        by=by,
        subject=subject,
        paragraphs=paragraphs,
    )


def _unit_facts(s: UnitSuspension, today: date, **more: Any) -> UnitFacts:
    return UnitFacts(
        suspension=gather.core_unit_suspension(s),
        today=today,
        rules=gather.unit_rules(load_rulebook(), s.suspended_on),
        **more,
    )


def _move_unit(s: UnitSuspension, action: UnitAction, facts: UnitFacts, by: Any, payload: dict[str, Any]) -> Decision:
    move = unit_flow.attempt(UnitStage(s.stage), action, facts)
    if not UnitSuspension.objects.filter(pk=s.pk, stage=s.stage).update(stage=move.to_stage):
        raise Refused("The suspension changed while you were looking at it; reload and try again.")
    record(
        f"unit_suspension.{action}",
        s,
        {"from": s.stage, "to": str(move.to_stage), "reasons": list(move.decision.reasons), **payload},
        by=by,
        rule_version=move.decision.rule_version or "",
    )
    s.stage = move.to_stage
    return move.decision


@transaction.atomic
def continue_unit_suspension(
    *, suspension: UnitSuspension, by: Any, reasons: str, review_by: date | None, today: date | None = None
) -> UnitSuspension:
    """The national executive reviews and continues it, with new reasons and a new review date; the sunset stays."""
    today = _today(today)
    s = UnitSuspension.objects.select_for_update().get(pk=suspension.pk)
    role = Role.NEC_MEMBER.value if holds(by, Role.NEC_MEMBER) else ""
    facts = _unit_facts(s, today, actor_id=str(by.pk), actor_role=role, reasons=reasons, new_review_by=review_by)
    next_review = review_by.isoformat() if review_by else None
    decision = _move_unit(s, UnitAction.CONTINUE, facts, by, {"review_by": next_review})
    assert review_by is not None  # the guard refuses a continuation without one
    UnitSuspensionReview.objects.create(
        suspension=s,
        reviewed_on=today,
        reviewed_by=by,
        outcome="continued",
        reasons=reasons.strip(),
        next_review_by=review_by,
    )
    UnitSuspension.objects.filter(pk=s.pk).update(reasons=reasons.strip(), review_by=review_by)
    s.reasons, s.review_by = reasons.strip(), review_by
    _tell_unit(
        s,
        "unit_reviewed",
        f"{s.unit.name}: suspension reviewed and continued",
        by,
        [*decision.reasons, f"Next review by {long_date(review_by)}; it lapses on {long_date(s.sunset_on)}."],
    )
    return s


def _end_unit(
    s: UnitSuspension, action: UnitAction, *, by: Any, today: date, ended_on: date, why: str, reasons: str = ""
) -> None:
    role = Role.NEC_MEMBER.value if by is not None and holds(by, Role.NEC_MEMBER) else ""
    facts = _unit_facts(s, today, actor_id=str(getattr(by, "pk", "")), actor_role=role, reasons=reasons)
    _move_unit(s, action, facts, by, {"why": why, "ended_on": ended_on.isoformat()})
    UnitSuspension.objects.filter(pk=s.pk).update(ended_on=ended_on, ended_reason=why)
    s.ended_on, s.ended_reason = ended_on, why
    if by is not None:
        UnitSuspensionReview.objects.create(
            suspension=s, reviewed_on=today, reviewed_by=by, outcome="restored", reasons=reasons.strip()
        )
    unit = Unit.objects.get(pk=s.unit_id)
    if unit.status == Unit.Status.SUSPENDED:
        change_unit_status(unit=unit, status=Unit.Status.ACTIVE, reason=why, by=by, rule_version=s.rule_version)
    _tell_unit(
        s,
        "unit_restored",
        f"{unit.name} is restored",
        by,
        [why, "Its meetings may be called again, under the normal notice rules."],
    )


@transaction.atomic
def restore_unit(*, suspension: UnitSuspension, by: Any, reasons: str, today: date | None = None) -> UnitSuspension:
    today = _today(today)
    s = UnitSuspension.objects.select_for_update().get(pk=suspension.pk)
    _end_unit(
        s,
        UnitAction.RESTORE,
        by=by,
        today=today,
        ended_on=today,
        reasons=reasons,
        why=f"Restored by the national executive on {long_date(today)}: {reasons.strip()}",
    )
    return s


@transaction.atomic
def lapse_unit_suspension(*, suspension: UnitSuspension, today: date | None = None) -> UnitSuspension:
    today = _today(today)
    s = UnitSuspension.objects.select_for_update().get(pk=suspension.pk)
    # It lapsed on its sunset, however late the job runs.
    _end_unit(
        s,
        UnitAction.LAPSE,
        by=None,
        today=today,
        ended_on=min(today, s.sunset_on),
        why=f"The suspension reached its sunset on {long_date(s.sunset_on)} and lapsed; the unit is restored.",
    )
    return s


def unit_suspension_in_force(unit: Unit, today: date | None = None) -> UnitSuspension | None:
    """The suspension of this unit or of a unit above it in force today, by its dates."""
    today = _today(today)
    ancestors = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "."]
    current = UnitSuspension.objects.filter(
        stage=UnitStage.SUSPENDED, unit__path__in=ancestors, suspended_on__lte=today
    )
    for s in current.select_related("unit"):
        if gather.core_unit_suspension(s).in_force(today):
            return s
    return None


def meetings_allowed(unit: Unit, today: date | None = None) -> Decision:
    """Whether the unit may meet today; meetings (a later issue) must ask this before being called."""
    today = _today(today)
    s = unit_suspension_in_force(unit, today)
    return unit_flow.meetings_allowed(gather.core_unit_suspension(s) if s else None, today)


# --- readmission -------------------------------------------------------------------------------------


@transaction.atomic
def apply_for_readmission(
    *, member: Member, by: Any, statement: str, today: date | None = None
) -> ReadmissionApplication:
    """An expelled person applies to rejoin; the application is recorded even if it is early (then refused)."""
    today = _today(today)
    if member.account_id != getattr(by, "pk", None):
        raise Refused("Only the person expelled may apply for their own readmission.")
    if member.status != Member.Status.EXPELLED:
        raise Refused("Only an expelled member applies for readmission.")
    if member.readmission_applications.filter(stage=ReadmissionStage.APPLIED).exists():
        raise Refused("You already have an application waiting for a decision.")
    if not statement.strip():
        raise Refused("Say why you should be readmitted.")
    expelled = member.status_changes.filter(status=Member.Status.EXPELLED).order_by("-from_on").first()
    expelled_on = expelled.from_on if expelled else today
    application = ReadmissionApplication.objects.create(
        member=member, applied_on=today, expelled_on=expelled_on, statement=statement.strip()
    )
    opens = readmission_from(expelled_on, load_rulebook())
    record(
        "readmission.applied",
        application,
        {"member": member.membership_number, "applied_on": today.isoformat(), "possible_from": opens.on.isoformat()},
        by=by,
        rule_version=opens.rule_version or "",
    )
    return application


@transaction.atomic
def decide_readmission(
    *, application: ReadmissionApplication, by: Any, grant: bool, reasons: str, today: date | None = None
) -> ReadmissionApplication:
    """Grant (never before the waiting period) or refuse, with reasons; a grant restores membership."""
    today = _today(today)
    if not holds(by, Role.NEC_MEMBER):
        raise Refused("Readmission is decided by the national executive.")
    a = ReadmissionApplication.objects.select_for_update().get(pk=application.pk)
    rule = load_rulebook().in_force("readmission", a.expelled_on)
    facts = ReadmissionFacts(
        expelled_on=a.expelled_on,
        applied_on=a.applied_on,
        waiting_years=rule.integer("years"),
        reasons=reasons,
        rule_version=rule.ref,
    )
    action = ReadmissionAction.GRANT if grant else ReadmissionAction.REFUSE
    move = readmission_flow.attempt(ReadmissionStage(a.stage), action, facts)
    ReadmissionApplication.objects.filter(pk=a.pk).update(
        stage=move.to_stage, decided_on=today, decided_by=by, reasons=reasons.strip(), rule_version=rule.ref
    )
    a.stage, a.decided_on, a.reasons = move.to_stage, today, reasons.strip()
    record(f"readmission.{action}", a, {"reasons": list(move.decision.reasons)}, by=by, rule_version=rule.ref)
    member = Member.objects.select_for_update().get(pk=a.member_id)
    if grant:
        change_member_status(
            member=member,
            status=Member.Status.ACTIVE,
            from_on=today,
            by=by,
            rule_version=rule.ref,
            reason=f"Readmitted by the national executive: {reasons.strip()}",
        )
        start_membership(member=member, on=today, by=by)
    send_notice(
        kind="readmission",
        to=_member_recipient(member),
        by=by,
        subject="Your application for readmission",
        paragraphs=[
            f"Your application of {long_date(a.applied_on)} was "
            f"{'granted' if grant else 'refused'} on {long_date(today)}.",
            *move.decision.reasons,
        ],
    )
    return a


# A role list for pages that offer these actions.
INTERIM_ROLE_NAMES = sorted(str(r) for r in INTERIM_ROLES)
