"""Reads for the discipline pages: the cases a person may see, the case file per view, oversight."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from moot.core.rules.dates import add_days
from moot.core.workflows import case as workflow
from moot.core.workflows.case import CASE_WORKFLOW, CaseAction, CaseStage
from moot.core.workflows.interim_suspension import IN_FORCE
from moot.discipline import facts as gather
from moot.discipline.models import Case, CaseParty, InterimSuspension, Notice, UnitSuspension
from moot.discipline.permissions import CASE_ROLES, FULL_VIEWS, View, _national_case_officer
from moot.permissions import within_scope
from moot.rulebook.models import Proscription, Rule

# What each view may do from the case page (the services check again; this only chooses forms).
VIEW_ACTIONS: dict[View, frozenset[str]] = {
    View.OFFICER: frozenset(
        {
            "triage",
            "dismiss_no_case",
            "add_allegation",
            "add_evidence",
            "add_witness",
            "open_investigation",
            "serve_notice",
            "record_delivery",
            "close_response_window",
            "refer_to_panel",
            "notify_decision",
            "appoint_appeal_panel",
            "close_appeal_window",
            "withdraw",
            "impose_interim_suspension",
        }
    ),
    View.INVESTIGATOR: frozenset({"add_evidence", "declare_interest"}),
    View.PANEL: frozenset({"open_hearing", "decide", "notify_decision", "declare_interest"}),
    View.APPEAL_PANEL: frozenset({"decide_appeal", "declare_interest"}),
    View.RESPONDENT: frozenset({"submit_response", "lodge_appeal"}),
    View.COMPLAINANT: frozenset(),
}
STAGE_ACTIONS: dict[str, frozenset[str]] = {
    "submit_response": frozenset({CaseStage.NOTICE_SERVED, CaseStage.AWAITING_RESPONSE}),
    "add_allegation": frozenset({CaseStage.RECEIVED, CaseStage.TRIAGED, CaseStage.UNDER_INVESTIGATION}),
    "add_evidence": frozenset({CaseStage.RECEIVED, CaseStage.TRIAGED, CaseStage.UNDER_INVESTIGATION}),
    "add_witness": frozenset(workflow.OPEN_STAGES),
    "declare_interest": frozenset(workflow.OPEN_STAGES) | {CaseStage.APPEALED},
    "impose_interim_suspension": frozenset(workflow.OPEN_STAGES) - {CaseStage.RECEIVED},
    "appoint_appeal_panel": frozenset({CaseStage.APPEALED}),
}

PENDING_DECISION = frozenset(workflow.OPEN_STAGES) - {CaseStage.RECEIVED, CaseStage.TRIAGED}


def cases_for(user: Any) -> QuerySet[Case]:
    """Every case the user has a part in, or administers as a case officer in scope."""
    parts = Q(
        parties__person=user,
        parties__part__in=[CaseParty.Part.PANEL, CaseParty.Part.APPEAL_PANEL, CaseParty.Part.COMPLAINANT],
    )
    visible = parts | Q(investigator=user) | Q(respondent__account=user)
    officer = within_scope(user, CASE_ROLES, path="respondent__branch__path")
    if _national_case_officer(user):
        officer |= Q(respondent__isnull=True)
    # A party never administers their own case: their part, not the role, decides what they see.
    involved = Case.objects.filter(
        Q(respondent__account=user)
        | Q(parties__person=user, parties__part__in=[CaseParty.Part.COMPLAINANT, CaseParty.Part.WITNESS])
    )
    officer_cases = Case.objects.filter(officer).exclude(pk__in=involved.values("pk"))
    return (
        Case.objects.filter(Q(pk__in=Case.objects.filter(visible).values("pk")) | Q(pk__in=officer_cases.values("pk")))
        .select_related("respondent__local_party")
        .order_by("-received_on", "-id")
    )


def available_actions(case: Case, view: View) -> set[str]:
    """The forms to show: those this view may use that the table allows from the case's stage."""
    table = {str(a) for a in CASE_WORKFLOW.next_actions(case.stage_enum)}
    chosen = set()
    for action in VIEW_ACTIONS[view]:
        if action in STAGE_ACTIONS:
            if case.stage in STAGE_ACTIONS[action]:
                chosen.add(action)
        elif action in table or (action == "submit_response" and CaseAction.RECEIVE_RESPONSE in table):
            chosen.add(action)
    if view == View.OFFICER and case.stage in PENDING_DECISION:
        # Offered so that anyone tempted to decide early is told, by the guards, exactly why not yet.
        chosen.add("decide")
    return chosen


def case_page(case: Case, view: View, user: Any) -> dict[str, Any]:
    """What the case page shows to this view: the whole file, the respondent's portal, or progress."""
    full = view in FULL_VIEWS
    allegations = list(case.allegations.select_related("rule_version__rule", "proscription__organisation", "finding"))
    for a in allegations:
        a.cites = gather.core_allegation(a).cites  # type: ignore[attr-defined]
    evidence = (
        case.evidence.all()
        if full
        else (case.evidence.filter(shown_to_respondent=True) if view == View.RESPONDENT else case.evidence.none())
    )
    notices = (
        Notice.objects.filter(case=case) if view == View.OFFICER else Notice.objects.filter(case=case, recipient=user)
    ).prefetch_related("deliveries")
    return {
        "case": case,
        "view": str(view),
        "full": full,
        "is_officer": view == View.OFFICER,
        "is_respondent": view == View.RESPONDENT,
        "is_complainant": view == View.COMPLAINANT,
        "stage_label": CASE_WORKFLOW.label(case.stage_enum),
        "allegations": allegations if view != View.COMPLAINANT else [],
        "evidence": evidence,
        "notices": notices,
        "parties": case.parties.select_related("person").order_by("part") if full else [],
        "declarations": case.declarations.select_related("person") if full else [],
        "reads": case.reads.select_related("reader")[:100] if view == View.OFFICER else [],
        "actions": available_actions(case, view),
        "interim": case.interim_suspensions.all() if view in (View.OFFICER, View.RESPONDENT) else [],
        "rules": Rule.objects.order_by("title"),
        "proscriptions": Proscription.objects.select_related("organisation").order_by("-proscribed_from"),
        "sanctions": ["warning", "reprimand", "suspension", "expulsion", "auto-exclusion"],
    }


def oversight(today: date) -> dict[str, Any]:
    """Cases by stage, what is overdue, interim suspensions by age: the committee's and auditors' view."""
    by_stage = Counter(Case.objects.values_list("stage", flat=True))
    overdue = []
    for case in Case.objects.filter(stage=CaseStage.AWAITING_RESPONSE, respond_by__lt=today):
        overdue.append((case, f"response window closed on {case.respond_by:%-d %B %Y}; not yet moved on"))
    for case in Case.objects.filter(stage=CaseStage.APPEAL_WINDOW, appeal_by__lt=today):
        overdue.append((case, f"appeal window closed on {case.appeal_by:%-d %B %Y}; not yet final"))
    stale = add_days(today, -28)
    for case in Case.objects.filter(stage__in=[CaseStage.RECEIVED, CaseStage.TRIAGED], received_on__lt=stale):
        overdue.append((case, f"received on {case.received_on:%-d %B %Y} and not yet investigated or dismissed"))
    interim = [
        (s, (today - s.imposed_on).days, gather.core_interim(s, s.case.decided_on).in_force(today))
        for s in InterimSuspension.objects.filter(stage__in=IN_FORCE)
        .select_related("case", "member")
        .order_by("imposed_on")
    ]
    for s, _, in_force in interim:
        if not in_force:
            overdue.append(
                (
                    s.case,
                    f"interim suspension past its review date ({s.review_by:%-d %B %Y}); "
                    "the daily job has not yet lapsed it",
                )
            )
    units = UnitSuspension.objects.filter(stage="suspended").select_related("unit").order_by("suspended_on")
    return {
        "today": today,
        "stages": [(CASE_WORKFLOW.label(s), by_stage.get(s.value, 0)) for s in CaseStage],
        "overdue": overdue,
        "interim": interim,
        "units": units,
        "total": sum(by_stage.values()),
    }
