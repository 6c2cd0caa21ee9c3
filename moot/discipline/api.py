"""The discipline API: the same cases, views, actions and refusals as the pages, under the same rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from moot.core.rules import Refused
from moot.core.workflows.case import CASE_WORKFLOW
from moot.discipline import selectors, services
from moot.discipline.actions import perform
from moot.discipline.models import Case
from moot.discipline.permissions import FULL_VIEWS, View
from moot.schemas import Problem

router = Router(tags=["discipline"])


class ComplaintIn(Schema):
    about: str
    summary: str
    name: str = ""
    email: str = ""


class ComplaintOut(Schema):
    reference: str


class CaseSummaryOut(Schema):
    id: int
    reference: str
    stage: str
    received_on: date


class AllegationOut(Schema):
    number: int
    text: str
    conduct_on: date
    cites: str
    upheld: bool | None
    finding_reasons: str


class EvidenceOut(Schema):
    id: int
    description: str
    dated_on: date
    sha256: str
    shown_to_respondent: bool


class CaseOut(Schema):
    id: int
    reference: str
    stage: str
    stage_label: str
    read_as: str
    received_on: date
    respond_by: date | None
    hearing_on: date | None
    decided_on: date | None
    appeal_by: date | None
    closed_on: date | None
    allegations: list[AllegationOut]
    evidence: list[EvidenceOut]
    response: str | None
    sanction: str | None
    decision_reasons: str | None
    next_actions: list[str]


class ActionIn(Schema):
    """Fields as the case page's forms name them; only those the action needs are read."""

    reasons: str = ""
    text: str = ""
    cites: str = ""
    conduct_on: date | None = None
    delivered_on: date | None = None
    hearing_on: date | None = None
    response: str = ""
    companion: str = ""
    grounds: str = ""
    outcome: str = ""
    interest: str = ""
    investigator: str = ""
    membership_number: str = ""
    panel: list[str] = []
    people: list[str] = []
    findings: list[dict[str, Any]] | None = None
    sanction: str = ""
    sanction_months: int | None = None


class OversightOut(Schema):
    on: date
    by_stage: dict[str, int]
    overdue: list[dict[str, str]]
    interim_in_force: int


def _fetch(request: HttpRequest, case_id: int, what: str) -> tuple[Case, View]:
    case = Case.objects.select_related("respondent__branch").filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, "No such case.")
    try:
        return case, services.open_case(case=case, reader=request.user, what=what)
    except Case.DoesNotExist:
        raise HttpError(404, "No such case.") from None


@router.post(
    "/discipline/complaints",
    response={201: ComplaintOut, 400: Problem},
    auth=None,
    summary="Make a complaint (public); returns its reference number",
)
def complain(request: HttpRequest, body: ComplaintIn) -> Any:
    user = request.user if request.user.is_authenticated else None
    try:
        case = services.lodge_complaint(
            source=Case.Source.MEMBER if user else Case.Source.EXTERNAL,
            summary=body.summary,
            respondent_named=body.about,
            by=user,
            complainant_name=body.name,
            complainant_email=body.email,
        )
    except Refused as refused:
        raise HttpError(400, str(refused)) from refused
    return 201, {"reference": case.reference}


@router.get("/discipline/cases", response=list[CaseSummaryOut], summary="The cases you have a part in")
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest) -> Any:
    return selectors.cases_for(request.user)


def _case_out(case: Case, view: View, user: Any) -> dict[str, Any]:
    page = selectors.case_page(case, view, user)
    full_or_respondent = view in FULL_VIEWS or view == View.RESPONDENT
    return {
        "id": case.pk,
        "reference": case.reference,
        "stage": case.stage,
        "read_as": str(view),
        "stage_label": CASE_WORKFLOW.label(case.stage_enum),
        "received_on": case.received_on,
        "respond_by": case.respond_by,
        "hearing_on": case.hearing_on,
        "decided_on": case.decided_on,
        "appeal_by": case.appeal_by,
        "closed_on": case.closed_on,
        "allegations": [
            {
                "number": a.number,
                "text": a.text,
                "conduct_on": a.conduct_on,
                "cites": a.cites,
                "upheld": a.finding.upheld
                if hasattr(a, "finding") and (view in FULL_VIEWS or case.decision_notified_on)
                else None,
                "finding_reasons": a.finding.reasons
                if hasattr(a, "finding") and (view in FULL_VIEWS or case.decision_notified_on)
                else "",
            }
            for a in page["allegations"]
        ],
        "evidence": list(page["evidence"]),
        "response": case.response if full_or_respondent else None,
        "sanction": case.sanction if full_or_respondent and (view in FULL_VIEWS or case.decision_notified_on) else None,
        "decision_reasons": case.decision_reasons
        if full_or_respondent and (view in FULL_VIEWS or case.decision_notified_on)
        else None,
        "next_actions": sorted(page["actions"]),
    }


@router.get(
    "/discipline/cases/{case_id}",
    response={200: CaseOut, 404: Problem},
    summary="A case as your part in it allows (every read is logged)",
)
def get_case(request: HttpRequest, case_id: int) -> Any:
    case, view = _fetch(request, case_id, "API read")
    return _case_out(case, view, request.user)


@router.post(
    "/discipline/cases/{case_id}/actions/{action}",
    response={200: CaseOut, 404: Problem, 409: Problem},
    summary="Do one thing to a case; a refusal gives every reason and changes nothing",
)
def act(request: HttpRequest, case_id: int, action: str, body: ActionIn) -> Any:
    case, _ = _fetch(request, case_id, f"API action {action}")
    try:
        perform(action, case, request.user, {k: v for k, v in body.dict().items() if v not in (None, "", [])})
    except Refused as refused:
        raise HttpError(409, str(refused)) from refused
    case, view = _fetch(request, case_id, "API read after action")
    return _case_out(case, view, request.user)


@router.get(
    "/discipline/oversight",
    response={200: OversightOut, 403: Problem},
    summary="Cases by stage and what is overdue (disciplinary committee and auditors)",
)
def oversight(request: HttpRequest) -> Any:
    if not request.user.has_perm("discipline.oversee"):
        raise HttpError(403, "The oversight summary is for the disciplinary committee and auditors.")
    data = selectors.oversight(timezone.localdate())
    return {
        "on": data["today"],
        "by_stage": dict(data["stages"]),
        "overdue": [{"case": case.reference, "why": why} for case, why in data["overdue"]],
        "interim_in_force": sum(1 for _, _, in_force in data["interim"] if in_force),
    }
