"""The register in the JSON API: search, one member, export, import, dashboard — the pages' permissions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from moot.members import charts
from moot.members.exporter import export_rows
from moot.members.importer import as_dict
from moot.members.imports import import_members
from moot.members.permissions import can_import_members, can_search_members, get_member_for
from moot.members.search import COUNT_CAP, MemberQuery, capped_count, scoped_members, search_members
from moot.members.services import record_register_export

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    membership_number: str
    first_name: str
    last_name: str
    email: str
    phone: str
    postcode: str
    date_of_birth: date | None
    branch_id: int
    local_party_id: int
    status: str
    paid_up_to: date | None
    continuous_since: date | None


class ProblemOut(Schema):
    line: int
    column: str
    reason: str


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    rows: int
    importable: int
    imported: int
    file_error: str
    problems: list[ProblemOut]


def _officer(request: HttpRequest) -> Any:
    if not can_search_members(request.user):
        raise HttpError(403, "Only officers and staff search the register.")
    return request.user


class CappedLimitOffset(LimitOffsetPagination):
    """`count` stops at COUNT_CAP + 1: more than that many matches means "narrow the search"."""

    def _items_count(self, queryset: Any) -> int:
        return capped_count(queryset)


@router.get(
    "/members",
    response=list[MemberOut],
    summary=f"Search members in the caller's scope (count stops at {COUNT_CAP + 1})",
)
@paginate(CappedLimitOffset)
def list_members(
    request: HttpRequest, q: str = "", status: str = "", arrears: bool = False, branch: int | None = None
) -> Any:
    query = MemberQuery(q=q.strip()[:100], status=status, arrears=arrears, branch_id=branch)
    return search_members(_officer(request), query, today=timezone.localdate())


@router.get("/members/export.csv", summary="CSV of every member the caller may see (streamed)")
def export_members(request: HttpRequest) -> StreamingHttpResponse:
    members = scoped_members(request.user)
    record_register_export(members=members, by=request.user)
    response = StreamingHttpResponse(export_rows(members), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{timezone.localdate().isoformat()}.csv"'
    return response


@router.post(
    "/members/import",
    response={200: ImportOut, 400: ImportOut},
    summary="Import a members CSV (dry run by default; all or nothing unless partial)",
)
def import_csv(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True, partial: Form[bool] = False
) -> Any:
    if not can_import_members(request.user):
        raise HttpError(403, "Only national and regional staff import members.")
    result = import_members(data=file.read(), by=request.user, dry_run=dry_run, partial=partial)
    body = {
        "ok": result.ok,
        "dry_run": result.dry_run,
        "rows": result.rows,
        "importable": result.importable,
        "imported": result.imported,
        "file_error": result.file_error,
        "problems": [as_dict(p) for p in result.problems],
    }
    return Status(200 if result.ok or (partial and not result.file_error) else 400, body)


@router.get("/members/dashboard", response=dict[str, Any], summary="Joins, leavers and members, by month and area")
def dashboard(request: HttpRequest, months: int = 24) -> Any:
    members = scoped_members(_officer(request))
    today = timezone.localdate()
    return charts.as_json(
        charts.membership_by_month(members, today=today, months=max(1, min(months, 120))),
        charts.membership_by_area(members, today=today),
    )


@router.get("/members/{member_id}", response=MemberOut, summary="One member (404 outside the caller's scope)")
def get_member(request: HttpRequest, member_id: int) -> Any:
    return get_member_for(request.user, member_id)
