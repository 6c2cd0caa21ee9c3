"""Officers' pages on the register: search, one member, export, import, dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from moot.http import AuthenticatedRequest
from moot.members import charts
from moot.members.eligibility import eligibility_of
from moot.members.exporter import export_rows
from moot.members.importer import report_lines
from moot.members.imports import import_members
from moot.members.models import Member
from moot.members.permissions import (
    can_import_members,
    can_search_members,
    get_member_for,
)
from moot.members.search import (
    COUNT_CAP,
    CappedPaginator,
    MemberQuery,
    branches_for_filter,
    scoped_members,
    search_members,
)
from moot.members.services import record_register_export

PAGE_SIZE = 25
MAX_UPLOAD = 100 * 1024 * 1024


def query_from(params: dict[str, str]) -> MemberQuery:
    branch = params.get("branch", "")
    return MemberQuery(
        q=params.get("q", "").strip()[:100],
        status=params.get("status", ""),
        arrears=params.get("arrears") == "1",
        branch_id=int(branch) if branch.isdigit() else None,
    )


@login_required
def member_search(request: AuthenticatedRequest) -> HttpResponse:
    if not can_search_members(request.user):
        raise PermissionDenied("Only officers and staff search the register.")
    query = query_from(request.GET.dict())
    members = search_members(request.user, query, today=timezone.localdate())
    page = CappedPaginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "statuses": Member.Status.choices,
        "cap": COUNT_CAP,
        "branches": branches_for_filter(request.user),
        "today": timezone.localdate(),
        "params": params,
    }
    template = "members/_member_rows.html" if request.htmx else "members/member_search.html"
    return render(request, template, context)


@login_required
def member_detail(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = get_member_for(request.user, member_id)
    context = {
        "member": member,
        "periods": member.periods.all(),
        "history": member.status_changes.select_related("by").order_by("-from_on", "-id"),
        "in_arrears": member.paid_up_to is not None and member.paid_up_to < timezone.localdate(),
        "questions": eligibility_of(member, timezone.localdate()),
    }
    return render(request, "members/member_detail.html", context)


@login_required
def member_export(request: AuthenticatedRequest) -> StreamingHttpResponse:
    members = scoped_members(request.user)
    record_register_export(members=members, by=request.user)
    response = StreamingHttpResponse(export_rows(members), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{timezone.localdate().isoformat()}.csv"'
    return response


@login_required
def member_import(request: AuthenticatedRequest) -> HttpResponse:
    if not can_import_members(request.user):
        raise PermissionDenied("Only national and regional staff import members.")
    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Choose a CSV file to import."
        elif upload.size is not None and upload.size > MAX_UPLOAD:
            error = "The file is larger than 100 MB; import it with `moot import-members` instead."
        else:
            result = import_members(
                data=upload.read(),
                by=request.user,
                dry_run=request.POST.get("dry_run") == "1",
                partial=request.POST.get("partial") == "1",
            )
    context = {"result": result, "error": error, "problems": report_lines(result.problems) if result else []}
    return render(request, "members/member_import.html", context, status=400 if error else 200)


@login_required
def member_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    if not can_search_members(request.user):
        raise PermissionDenied("Only officers and staff see the membership dashboard.")
    today = timezone.localdate()
    members = scoped_members(request.user)
    months = charts.membership_by_month(members, today=today)
    areas = charts.membership_by_area(members, today=today)
    context = {
        "months": months,
        "areas": areas,
        "regions": charts.by_region(areas),
        # svg_chart escapes every piece of text it places in the SVG.
        "chart": mark_safe(charts.svg_chart(months, title="Joins and leavers by month")),  # noqa: S308
    }
    return render(request, "members/member_dashboard.html", context)
