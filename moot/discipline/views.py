"""Pages for cases: intake, the case file (as each party may see it), the respondent's portal, oversight.

Every page fetches through `permissions.case_view`: a case outside the reader's part is a 404,
and every opening is logged. Actions post to one URL per action and call exactly one service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from moot.accounts.models import User
from moot.core.rules import Refused
from moot.core.workflows.case import CASE_WORKFLOW, CaseStage
from moot.discipline import selectors, services, suspensions
from moot.discipline.models import Case, CaseParty, Evidence, Notice
from moot.discipline.notices import dispatch_notice
from moot.discipline.permissions import FULL_VIEWS, View, case_view
from moot.http import AuthenticatedRequest
from moot.members.models import Member
from moot.permissions import in_scope
from moot.rulebook.models import Proscription, Rule


def _date(request: HttpRequest, name: str, label: str) -> date:
    try:
        return date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        raise Refused(f"Give the {label} as a date.") from None


def _member_by_number(number: str) -> Member:
    member = Member.objects.filter(membership_number=number.strip()).select_related("branch").first()
    if member is None:
        raise Refused(f"No member has the membership number '{number.strip()}'.")
    return member


def _people(request: HttpRequest, name: str) -> list[User]:
    """Accounts named by email address in a form field, one per line or comma-separated."""
    emails = [e.strip().lower() for e in request.POST.get(name, "").replace(",", "\n").splitlines() if e.strip()]
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    missing = [e for e in emails if e not in found]
    if missing:
        raise Refused(f"No account has the address {', '.join(missing)}.")
    return [found[e] for e in emails]


# --- intake ----------------------------------------------------------------------------------------


def public_complaint(request: HttpRequest) -> HttpResponse:
    """The public complaint form: anyone may complain, and gets a reference number back."""
    if request.method == "POST":
        try:
            case = services.lodge_complaint(source=Case.Source.EXTERNAL, summary=request.POST.get("summary", ""),
                                            respondent_named=request.POST.get("about", ""),
                                            complainant_name=request.POST.get("name", ""),
                                            complainant_email=request.POST.get("email", ""),
                                            by=request.user if request.user.is_authenticated else None)
        except Refused as refused:
            messages.error(request, str(refused))
            return render(request, "discipline/complaint.html", {"public": True, "posted": request.POST}, status=400)
        return render(request, "discipline/complaint_received.html", {"case": case})
    return render(request, "discipline/complaint.html", {"public": True})


@login_required
def member_complaint(request: AuthenticatedRequest) -> HttpResponse:
    """A member complains from their own page; they then follow its progress as complainant."""
    if request.method == "POST":
        try:
            case = services.lodge_complaint(source=Case.Source.MEMBER, summary=request.POST.get("summary", ""),
                                            respondent_named=request.POST.get("about", ""), by=request.user)
        except Refused as refused:
            messages.error(request, str(refused))
            return render(request, "discipline/complaint.html", {"posted": request.POST}, status=400)
        messages.success(request, f"Complaint received: reference {case.reference}.")
        return redirect("case_detail", case_id=case.pk)
    return render(request, "discipline/complaint.html", {})


@login_required
def staff_intake(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("discipline.handle_cases"):
        raise PermissionDenied("Only case officers open cases.")
    if request.method == "POST":
        try:
            respondent = _member_by_number(request.POST.get("membership_number", ""))
            if not in_scope(request.user, respondent.branch.path, {"case_officer"}):  # type: ignore[arg-type]
                raise Refused(f"{respondent.membership_number} is outside the area you handle cases for.")
            case = services.lodge_complaint(source=Case.Source.STAFF, summary=request.POST.get("summary", ""),
                                            respondent=respondent, by=request.user,
                                            complainant_name=request.POST.get("name", ""),
                                            complainant_email=request.POST.get("email", ""))
        except Refused as refused:
            messages.error(request, str(refused))
            return render(request, "discipline/complaint.html", {"staff": True, "posted": request.POST}, status=400)
        return redirect("case_detail", case_id=case.pk)
    return render(request, "discipline/complaint.html", {"staff": True})


# --- lists and the case file ------------------------------------------------------------------------


@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    cases = selectors.cases_for(request.user)
    stage = request.GET.get("stage", "")
    if stage in CaseStage.__members__.values():
        cases = cases.filter(stage=stage)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(request, "discipline/case_list.html", {
        "page": page, "stage": stage, "stages": [(s.value, CASE_WORKFLOW.label(s)) for s in CaseStage],
        "can_open": request.user.has_perm("discipline.handle_cases")})


def _fetch(request: AuthenticatedRequest, case_id: int, what: str) -> tuple[Case, View]:
    case = get_object_or_404(Case.objects.select_related("respondent__branch", "investigator"), pk=case_id)
    try:
        return case, services.open_case(case=case, reader=request.user, what=what)
    except Case.DoesNotExist:
        raise Http404("No such case.") from None


@login_required
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case, view = _fetch(request, case_id, "case page")
    return render(request, "discipline/case_detail.html", selectors.case_page(case, view, request.user))


@login_required
def evidence_file(request: AuthenticatedRequest, case_id: int, evidence_id: int) -> FileResponse:
    case, view = _fetch(request, case_id, f"evidence {evidence_id}")
    item = get_object_or_404(Evidence, pk=evidence_id, case=case)
    if view not in FULL_VIEWS and not (view == View.RESPONDENT and item.shown_to_respondent):
        raise Http404("No such evidence.")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
def notice_pdf(request: AuthenticatedRequest, notice_id: int) -> FileResponse:
    """A letter as sent: its addressee, or anyone who sees the whole case file."""
    notice = get_object_or_404(Notice.objects.select_related("case"), pk=notice_id)
    mine = notice.recipient_id == request.user.pk
    officer = notice.case is not None and case_view(request.user, notice.case) in FULL_VIEWS
    if not (mine or officer):
        raise Http404("No such notice.")
    if not notice.pdf_sha256:
        dispatch_notice(notice.pk)  # not yet sent (the commit hook runs after the request): render it now
        notice.refresh_from_db()
    return FileResponse(notice.pdf.open("rb"), as_attachment=True, filename=f"notice-{notice.pk}.pdf",
                        content_type="application/pdf")


# --- actions: one service each ---------------------------------------------------------------------

Action = Callable[[AuthenticatedRequest, Case], Any]


def _findings(request: HttpRequest, case: Case) -> list[services.ProposedFinding]:
    return [services.ProposedFinding(a.number, request.POST.get(f"upheld-{a.number}") == "yes",
                                     request.POST.get(f"reasons-{a.number}", ""))
            for a in case.allegations.all()]


def _months(request: HttpRequest) -> int | None:
    text = request.POST.get("sanction_months", "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise Refused("Give the length of a suspension as a whole number of months.")
    return int(text)


def _allegation(request: AuthenticatedRequest, case: Case) -> Any:
    cites = request.POST.get("cites", "")
    proscription = None
    if cites.startswith("proscription:"):
        proscription = Proscription.objects.filter(pk=cites.split(":", 1)[1] or 0).first()
        if proscription is None:
            raise Refused("Choose a proscription from the list.")
    return services.add_allegation(case=case, by=request.user, text=request.POST.get("text", ""),
                                   conduct_on=_date(request, "conduct_on", "date of the conduct"),
                                   rule_key="" if proscription else cites.removeprefix("rule:"),
                                   proscription=proscription)


def _evidence(request: AuthenticatedRequest, case: Case) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        raise Refused("Choose a file to upload.")
    number = request.POST.get("allegation", "")
    allegation = case.allegations.filter(number=number).first() if number.isdigit() else None
    return services.add_evidence(case=case, by=request.user, content=upload.read(), filename=upload.name or "evidence",
                                 description=request.POST.get("description", ""),
                                 dated_on=_date(request, "dated_on", "date of the evidence"), allegation=allegation,
                                 shown_to_respondent=request.POST.get("withhold") != "yes",
                                 withheld_reason=request.POST.get("withheld_reason", ""))


def _interim(request: AuthenticatedRequest, case: Case) -> Any:
    return suspensions.impose_interim_suspension(case=case, by=request.user, reasons=request.POST.get("reasons", ""))


def _triage(request: AuthenticatedRequest, case: Case) -> Any:
    number = request.POST.get("membership_number", "").strip()
    respondent = _member_by_number(number) if number and case.respondent_id is None else None
    return services.triage(case=case, by=request.user, reasons=request.POST.get("reasons", ""), respondent=respondent)


ACTIONS: dict[str, Action] = {
    "triage": _triage,
    "dismiss_no_case": lambda r, c: services.dismiss_no_case(case=c, by=r.user, reasons=r.POST.get("reasons", "")),
    "add_allegation": _allegation,
    "add_evidence": _evidence,
    "add_witness": lambda r, c: [services.add_witness(case=c, by=r.user, person=p) for p in _people(r, "people")],
    "declare_interest": lambda r, c: services.declare_interest(case=c, person=r.user,
                                                               interest=r.POST.get("interest", "")),
    "open_investigation": lambda r, c: services.open_investigation(case=c, by=r.user,
                                                                   investigator=_people(r, "investigator")[0]
                                                                   if r.POST.get("investigator") else None),
    "serve_notice": lambda r, c: services.serve_notice(case=c, by=r.user),
    "record_delivery": lambda r, c: services.record_delivery(case=c, by=r.user, delivered_on=_date(
        r, "delivered_on", "day the notice was delivered")),
    "submit_response": lambda r, c: services.submit_response(case=c, by=r.user, response=r.POST.get("response", ""),
                                                             companion=r.POST.get("companion", "")),
    "close_response_window": lambda r, c: services.close_response_window(case=c, by=r.user),
    "refer_to_panel": lambda r, c: services.refer_to_panel(case=c, by=r.user, panel=_people(r, "panel")),
    "open_hearing": lambda r, c: services.open_hearing(case=c, by=r.user,
                                                       hearing_on=_date(r, "hearing_on", "day of the hearing")),
    "decide": lambda r, c: services.decide(case=c, by=r.user, findings=_findings(r, c),
                                           sanction=r.POST.get("sanction", ""), sanction_months=_months(r),
                                           reasons=r.POST.get("reasons", "")),
    "notify_decision": lambda r, c: services.notify_decision(case=c, by=r.user),
    "lodge_appeal": lambda r, c: services.lodge_appeal(case=c, by=r.user, grounds=r.POST.get("grounds", "")),
    "appoint_appeal_panel": lambda r, c: services.appoint_appeal_panel(case=c, by=r.user,
                                                                       panel=_people(r, "panel")),
    "close_appeal_window": lambda r, c: services.close_appeal_window(case=c, by=r.user),
    "decide_appeal": lambda r, c: services.decide_appeal(case=c, by=r.user, outcome=r.POST.get("outcome", ""),
                                                         reasons=r.POST.get("reasons", "")),
    "withdraw": lambda r, c: services.withdraw(case=c, by=r.user, reasons=r.POST.get("reasons", "")),
    "impose_interim_suspension": _interim,
}


@login_required
@require_POST
def case_action(request: AuthenticatedRequest, case_id: int, action: str) -> HttpResponse:
    """Do one thing to a case; a refusal is shown with every reason and changes nothing."""
    case, _ = _fetch(request, case_id, f"action {action}")
    act = ACTIONS.get(action)
    if act is None:
        raise Http404("No such action.")
    try:
        if action == "open_investigation" and not request.POST.get("investigator"):
            raise Refused("Name the investigator by their email address.")
        act(request, case)
    except Refused as refused:
        for reason in refused.decision.reasons or (str(refused),):
            messages.error(request, reason)
    else:
        messages.success(request, f"Done: {action.replace('_', ' ')}.")
    return redirect("case_detail", case_id=case.pk)


# --- oversight ------------------------------------------------------------------------------------


@login_required
def oversight(request: AuthenticatedRequest) -> HttpResponse:
    """Cases by stage, overdue actions, interim suspensions by age: no names, no evidence."""
    if not request.user.has_perm("discipline.oversee"):
        raise PermissionDenied("The oversight page is for the disciplinary committee and auditors.")
    return render(request, "discipline/oversight.html", selectors.oversight(timezone.localdate()))


@login_required
def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    """The cases a member is party to, as respondent or complainant, and letters sent to them."""
    mine = Case.objects.filter(Q(respondent__account=request.user) | Q(
        parties__person=request.user, parties__part=CaseParty.Part.COMPLAINANT)).distinct()
    return render(request, "discipline/my_cases.html", {
        "cases": mine, "notices": Notice.objects.filter(recipient=request.user)[:50],
        "rules": Rule.objects.order_by("title")})
