"""Pages for cases: intake, the case file (as each party may see it), the respondent's portal, oversight.

Every page fetches through `permissions.case_view`: a case outside the reader's part is a 404,
and every opening is logged. Actions post to one URL per action and call exactly one service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from moot.core.rules import Refused
from moot.core.workflows.case import CASE_WORKFLOW, CaseStage
from moot.discipline import selectors, services
from moot.discipline.actions import ACTIONS, perform
from moot.discipline.models import Case, CaseParty, Evidence, Notice
from moot.discipline.notices import dispatch_notice
from moot.discipline.permissions import CASE_ROLES, FULL_VIEWS, View, case_view
from moot.http import AuthenticatedRequest
from moot.members.models import Member
from moot.permissions import in_scope
from moot.rulebook.models import Rule


def _member_by_number(number: str) -> Member:
    member = Member.objects.filter(membership_number=number.strip()).select_related("branch").first()
    if member is None:
        raise Refused(f"No member has the membership number '{number.strip()}'.")
    return member


# --- intake ----------------------------------------------------------------------------------------


def public_complaint(request: HttpRequest) -> HttpResponse:
    """The public complaint form: anyone may complain, and gets a reference number back."""
    if request.method == "POST":
        try:
            case = services.lodge_complaint(
                source=Case.Source.EXTERNAL,
                summary=request.POST.get("summary", ""),
                respondent_named=request.POST.get("about", ""),
                complainant_name=request.POST.get("name", ""),
                complainant_email=request.POST.get("email", ""),
                by=request.user if request.user.is_authenticated else None,
            )
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
            case = services.lodge_complaint(
                source=Case.Source.MEMBER,
                summary=request.POST.get("summary", ""),
                respondent_named=request.POST.get("about", ""),
                by=request.user,
            )
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
            if not in_scope(request.user, respondent.branch.path, CASE_ROLES):
                raise Refused(f"{respondent.membership_number} is outside the area you handle cases for.")
            case = services.lodge_complaint(
                source=Case.Source.STAFF,
                summary=request.POST.get("summary", ""),
                respondent=respondent,
                by=request.user,
                complainant_name=request.POST.get("name", ""),
                complainant_email=request.POST.get("email", ""),
            )
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
    return render(
        request,
        "discipline/case_list.html",
        {
            "page": page,
            "stage": stage,
            "stages": [(s.value, CASE_WORKFLOW.label(s)) for s in CaseStage],
            "can_open": request.user.has_perm("discipline.handle_cases"),
        },
    )


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
    return FileResponse(
        notice.pdf.open("rb"), as_attachment=True, filename=f"notice-{notice.pk}.pdf", content_type="application/pdf"
    )


@login_required
@require_POST
def case_action(request: AuthenticatedRequest, case_id: int, action: str) -> HttpResponse:
    """Do one thing to a case; a refusal is shown with every reason and changes nothing."""
    case, _ = _fetch(request, case_id, f"action {action}")
    if action not in ACTIONS:
        raise Http404("No such action.")
    try:
        perform(action, case, request.user, {**request.POST.dict(), "file": request.FILES.get("file")})
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
    mine = Case.objects.filter(
        Q(respondent__account=request.user) | Q(parties__person=request.user, parties__part=CaseParty.Part.COMPLAINANT)
    ).distinct()
    return render(
        request,
        "discipline/my_cases.html",
        {
            "cases": mine,
            "notices": Notice.objects.filter(recipient=request.user)[:50],
            "rules": Rule.objects.order_by("title"),
        },
    )
