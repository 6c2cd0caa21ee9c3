"""`moot tick`: the daily job that applies lapses, escalations, reminders and closed windows.

Idempotent and catching up: each item asks the pure workflow what is due *today* ("on or after"
every deadline), does it through the services in its own transaction, and records that it did;
running twice on a day does nothing the second time, and a job that missed days catches up.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django.utils import timezone

from moot.core.workflows import interim_suspension as interim_flow
from moot.core.workflows import unit_suspension as unit_flow
from moot.core.workflows.case import CaseStage
from moot.core.workflows.machine import DueKind
from moot.discipline import facts as gather
from moot.discipline import services, suspensions
from moot.discipline.models import Case, InterimSuspension, UnitSuspension
from moot.discipline.notices import Recipient, send_notice
from moot.ledger.services import record
from moot.members.models import Member
from moot.members.services import change_member_status
from moot.roles import Role
from moot.rulebook.selectors import load_rulebook


def run_tick(today: date | None = None) -> Counter[str]:
    """Do everything due on `today`; returns what was done, by kind, for the command's report."""
    today = today or timezone.localdate()
    done: Counter[str] = Counter()
    _interim(today, done)
    _units(today, done)
    _windows(today, done)
    _sanctions_served(today, done)
    return done


def _interim(today: date, done: Counter[str]) -> None:
    rulebook = load_rulebook()
    for s in InterimSuspension.objects.filter(stage__in=interim_flow.IN_FORCE).select_related("case", "member"):
        rules = gather.interim_rules(rulebook, s.imposed_on)
        for due in interim_flow.due_actions(gather.core_interim(s, s.case.decided_on), today, rules):
            if due.kind == DueKind.LAPSE:
                suspensions.lapse_interim_suspension(suspension=s, today=today)
            elif due.kind in (DueKind.END, DueKind.ESCALATE):
                suspensions.end_interim_suspension(suspension=s, why=due.reason, today=today)
                if due.kind == DueKind.ESCALATE:
                    _escalate_to_committee(s, due.reason)
            else:
                suspensions.remind_interim_review(suspension=s, why=due.reason, today=today)
            done[f"interim suspensions: {due.kind}"] += 1


@transaction.atomic
def _escalate_to_committee(s: InterimSuspension, why: str) -> None:
    """The maximum was reached undecided: every member of the disciplinary committee hears of it."""
    from moot.accounts.models import RoleGrant

    grants = RoleGrant.objects.filter(role=Role.PANEL_MEMBER, ends_on__isnull=True).select_related("person")
    for person in {g.person for g in grants}:
        send_notice(kind="interim_reminder", to=Recipient.of(person), interim=s, case=s.case, by=None,
                    subject=f"Case {s.case.reference} must now be decided", paragraphs=[why])
    record("interim.escalated", s, {"why": why}, by=None)


def _units(today: date, done: Counter[str]) -> None:
    rulebook = load_rulebook()
    for s in UnitSuspension.objects.filter(stage=unit_flow.UnitStage.SUSPENDED).select_related(
            "unit", "appointed_officer"):
        rules = gather.unit_rules(rulebook, s.suspended_on)
        for due in unit_flow.due_actions(gather.core_unit_suspension(s), today, rules):
            if due.kind == DueKind.LAPSE:
                suspensions.lapse_unit_suspension(suspension=s, today=today)
            else:
                _remind_unit(s, due.kind, due.deadline, due.reason)
            done[f"unit suspensions: {due.kind}"] += 1


@transaction.atomic
def _remind_unit(s: UnitSuspension, kind: DueKind, deadline: date, why: str) -> None:
    field = "escalated_for" if kind == DueKind.ESCALATE else "reminded_for"
    # The conditional update is the idempotence: only the first run of the day finds it unset.
    if not UnitSuspension.objects.filter(pk=s.pk).exclude(**{field: deadline}).update(**{field: deadline}):
        return
    record(f"unit_suspension.{kind}", s, {"review_by": deadline.isoformat(), "why": why}, by=None)
    send_notice(kind="unit_reminder", to=Recipient.of(s.appointed_officer), unit_suspension=s, by=None,
                subject=f"{s.unit.name}: suspension due for review", paragraphs=[why])


def _windows(today: date, done: Counter[str]) -> None:
    """Close response and appeal windows that are over, so no case waits on a clerk."""
    for case in Case.objects.filter(stage=CaseStage.AWAITING_RESPONSE, respond_by__lt=today):
        services.close_response_window(case=case, today=today)
        done["cases: response window closed"] += 1
    for case in Case.objects.filter(stage=CaseStage.APPEAL_WINDOW, appeal_by__lt=today):
        services.close_appeal_window(case=case, today=today)
        done["cases: decision final"] += 1
    for case in Case.objects.filter(stage__in=[str(s) for s in services.workflow.OPEN_STAGES],
                                    respondent__status__in=["lapsed", "resigned", "expelled", "excluded"]):
        services.lapse(case=case, today=today)
        done["cases: lapsed (respondent left)"] += 1


@transaction.atomic
def _sanctions_served(today: date, done: Counter[str]) -> None:
    """A suspension imposed as a sanction ends on its date: the member is restored."""
    for case in Case.objects.filter(sanction="suspension", sanction_ends_on__lte=today,
                                    respondent__status=Member.Status.SUSPENDED).select_related("respondent"):
        member = case.respondent
        if member.interim_suspensions.filter(stage__in=interim_flow.IN_FORCE).exists():
            continue  # suspended again pending a new case: that suspension decides
        change_member_status(member=member, status=Member.Status.ACTIVE, from_on=case.sanction_ends_on or today,
                             by=None, reason=f"The suspension imposed in case {case.reference} ended on "
                                             f"{case.sanction_ends_on:%-d %B %Y}.")
        done["sanctions: suspension served"] += 1
