"""`moot tick`: the daily job that applies lapses, escalations, reminders and closed windows.

Idempotent and catching up: each item asks the pure workflow what is due *today* ("on or after"
every deadline), does it through the services in its own transaction, and records that it did;
running twice on a day does nothing the second time, and a job that missed days catches up.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from moot.accounts.models import RoleGrant
from moot.core.rules import Refused
from moot.core.rules.dates import long_date
from moot.core.workflows import interim_suspension as interim_flow
from moot.core.workflows import unit_suspension as unit_flow
from moot.core.workflows.case import OPEN_STAGES, CaseStage
from moot.core.workflows.interim_suspension import InterimAction, InterimRules
from moot.core.workflows.machine import DueAction, DueKind
from moot.core.workflows.unit_suspension import UnitAction
from moot.discipline import facts as gather
from moot.discipline import services, suspensions
from moot.discipline.models import Case, InterimSuspension, Review, UnitSuspension
from moot.discipline.notices import Recipient, send_notice
from moot.ledger.services import record
from moot.members.models import Member
from moot.members.services import change_member_status
from moot.roles import Role
from moot.rulebook.selectors import load_rulebook

log = logging.getLogger(__name__)


def discipline_due(today: date, done: Counter[str]) -> None:
    """Discipline's part of `moot tick` (moot/tick.py): suspensions, windows, served sanctions."""
    _interim(today, done)
    _units(today, done)
    _windows(today, done)
    _sanctions_served(today, done)


@contextmanager
def _item(done: Counter[str], what: str) -> Iterator[None]:
    """One item in its own transaction; a refusal is logged and counted, and never stops the others."""
    try:
        with transaction.atomic():
            yield
    except Refused as refused:
        # One record in an unexpected state must not keep every other member suspended: the job
        # carries on, the count shows it, and tomorrow's run tries the item again.
        log.warning("moot tick: %s refused: %s", what, refused)
        done[f"{what}: refused"] += 1
    else:
        done[what] += 1


def _holders(roles: Iterable[str], today: date, *, over: str | None = None) -> list[Any]:
    """Everyone holding one of `roles` today (on a unit whose subtree contains `over`, if given), once each."""
    grants = (
        RoleGrant.objects.filter(role__in=list(roles), starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person", "unit", "body__unit")
    )
    people = {g.person.pk: g.person for g in grants if over is None or over.startswith(_grant_path(g))}
    return sorted(people.values(), key=lambda p: p.pk)


def _grant_path(grant: RoleGrant) -> str:
    """The unit a grant reaches: its own, or its body's (the committee and the executive sit on bodies)."""
    if grant.unit is not None:
        return grant.unit.path
    assert grant.body is not None  # a grant is on a unit or on a body (grant_on_unit_xor_body)
    return grant.body.unit.path


# --- interim suspensions -----------------------------------------------------------------------------


def _interim(today: date, done: Counter[str]) -> None:
    rulebook = load_rulebook()
    for s in InterimSuspension.objects.filter(stage__in=interim_flow.IN_FORCE).select_related(
        "case", "member__branch", "imposed_by"
    ):
        rules = gather.interim_rules(rulebook, s.imposed_on)
        for due in interim_flow.due_actions(gather.core_interim(s), today, rules):
            with _item(done, f"interim suspensions: {due.kind}"):
                _apply_interim(s, due, today, rules)


def _apply_interim(s: InterimSuspension, due: DueAction[InterimAction], today: date, rules: InterimRules) -> None:
    """Do one due action through the services; the member's letter comes from them, the others' from here."""
    why = _why_interim_ends(s.case, due)
    if due.kind == DueKind.LAPSE:
        suspensions.lapse_interim_suspension(suspension=s, today=today)
    elif due.kind in (DueKind.END, DueKind.ESCALATE):
        suspensions.end_interim_suspension(suspension=s, why=why, today=today)
    elif not suspensions.remind_interim_review(suspension=s, why=why, today=today):
        return  # already reminded for this review date
    subject = (
        f"Case {s.case.reference} must now be decided"
        if due.kind == DueKind.ESCALATE
        else f"Case {s.case.reference}: interim suspension of {s.member.name}, {due.kind}"
    )
    for person in _interim_staff(s, due.notify, today, rules):
        send_notice(
            kind="interim_reminder" if due.kind in (DueKind.REMIND, DueKind.ESCALATE) else "interim_ended",
            to=Recipient.of(person),
            interim=s,
            case=s.case,
            by=None,
            subject=subject,
            paragraphs=[why],
        )
    if due.kind == DueKind.ESCALATE:
        record("interim.escalated", s, {"why": why, "to": "disciplinary committee"}, by=None)


def _why_interim_ends(case: Case, due: DueAction[InterimAction]) -> str:
    """The workflow's reason, except for a case closed without a decision, which it cannot name."""
    if due.kind == DueKind.END and case.decided_on is None and case.closed_on is not None:
        return (
            f"Case {case.reference} was closed on {long_date(case.closed_on)} without a decision "
            f"({case.closed_reasons or case.get_stage_display()}); the interim suspension ends."
        )
    return due.reason


def _interim_staff(s: InterimSuspension, notify: Iterable[str], today: date, rules: InterimRules) -> list[Any]:
    """Who besides the member hears of it: the imposer, those who may renew, the disciplinary committee."""
    people: dict[int, Any] = {}
    if "imposer" in notify:
        people[s.imposed_by.pk] = s.imposed_by
    if "renewer" in notify:
        people.update((p.pk, p) for p in _holders(rules.renewer_roles, today, over=s.member.branch.path))
    if interim_flow.COMMITTEE in notify:
        people.update((p.pk, p) for p in _holders([Role.PANEL_MEMBER], today))
    if s.member.account_id is not None:
        people.pop(s.member.account_id, None)  # never a second letter to the member, whatever their role
    return list(people.values())


# --- unit suspensions --------------------------------------------------------------------------------


def _units(today: date, done: Counter[str]) -> None:
    rulebook = load_rulebook()
    for s in UnitSuspension.objects.filter(stage=unit_flow.UnitStage.SUSPENDED).select_related(
        "unit", "appointed_officer"
    ):
        rules = gather.unit_rules(rulebook, s.suspended_on)
        for due in unit_flow.due_actions(gather.core_unit_suspension(s), today, rules):
            with _item(done, f"unit suspensions: {due.kind}"):
                if due.kind == DueKind.LAPSE:
                    suspensions.lapse_unit_suspension(suspension=s, today=today)
                else:
                    _remind_unit(s, due, today)


def _remind_unit(s: UnitSuspension, due: DueAction[UnitAction], today: date) -> None:
    field = "escalated_for" if due.kind == DueKind.ESCALATE else "reminded_for"
    # The conditional update is the idempotence: only the first run of the day finds it unset.
    if not UnitSuspension.objects.filter(pk=s.pk).exclude(**{field: due.deadline}).update(**{field: due.deadline}):
        return
    record(f"unit_suspension.{due.kind}", s, {"review_by": due.deadline.isoformat(), "why": due.reason}, by=None)
    # The unit's members are not written to one by one: its page shows them the status and reasons.
    people = {s.appointed_officer.pk: s.appointed_officer}
    if "national_executive" in due.notify:
        people.update((p.pk, p) for p in _holders([Role.NEC_MEMBER], today))
    for person in people.values():
        send_notice(
            kind="unit_reminder",
            to=Recipient.of(person),
            unit_suspension=s,
            by=None,
            subject=f"{s.unit.name}: suspension due for review",
            paragraphs=[due.reason],
        )


# --- cases -------------------------------------------------------------------------------------------


def _windows(today: date, done: Counter[str]) -> None:
    """Close response and appeal windows that are over, so no case waits on a clerk."""
    for case in Case.objects.filter(stage=CaseStage.AWAITING_RESPONSE, respond_by__lt=today):
        with _item(done, "cases: response window closed"):
            services.close_response_window(case=case, today=today)
    for case in Case.objects.filter(stage=CaseStage.APPEAL_WINDOW, appeal_by__lt=today):
        with _item(done, "cases: decision final"):
            services.close_appeal_window(case=case, today=today)
    for case in Case.objects.filter(
        stage__in=[str(s) for s in OPEN_STAGES],
        respondent__status__in=["lapsed", "resigned", "expelled", "excluded"],
    ):
        with _item(done, "cases: lapsed (respondent left)"):
            services.lapse(case=case, today=today)


def _sanctions_served(today: date, done: Counter[str]) -> None:
    """A suspension imposed as a sanction ends on its date: the member is restored."""
    for case in Case.objects.filter(
        sanction="suspension", sanction_ends_on__lte=today, respondent__status=Member.Status.SUSPENDED
    ).select_related("respondent"):
        member = case.respondent
        if member is None or _still_suspended_otherwise(member, case, today):
            continue
        with _item(done, "sanctions: suspension served"):
            change_member_status(
                member=member,
                status=Member.Status.ACTIVE,
                from_on=case.sanction_ends_on or today,
                by=None,
                reason=f"The suspension imposed in case {case.reference} ended on "
                f"{long_date(case.sanction_ends_on or today)}.",
            )


def _still_suspended_otherwise(member: Member, served: Case, today: date) -> bool:
    """Suspended again pending a new case, or serving another case's suspension: that one decides."""
    if member.interim_suspensions.filter(stage__in=interim_flow.IN_FORCE).exists():
        return True
    serving = member.cases.filter(sanction="suspension", sanction_applied_on__isnull=False, sanction_ends_on__gt=today)
    return serving.exclude(pk=served.pk).exclude(reviews__outcome=Review.Outcome.REINSTATED).exists()
