from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from moot.core.rules import Refused
from moot.electorate.background import compile_after_commit
from moot.electorate.permissions import can_run_electorate, get_electorate_for
from moot.electorate.services import entries_of, start_electorate
from moot.organisation.models import Unit
from moot.schemas import Problem

router = Router(tags=["electorates"])


class ElectorateIn(Schema):
    title: str
    ballot_kind: str
    unit_id: int
    freeze_on: date


class ElectorateOut(Schema):
    id: int
    title: str
    ballot_kind: str
    unit_id: int
    freeze_on: date
    status: str
    total: int
    done: int
    eligible_count: int
    excluded_count: int
    rule_version: str
    failure: str


class EntryOut(Schema):
    member_id: int
    membership_number: str
    name: str
    eligible: bool
    reasons: list[str]


@router.post(
    "/electorates",
    response={202: ElectorateOut, 404: Problem, 409: Problem},
    summary="Start compiling an electorate (returning officers); poll it for progress",
)
def start(request: HttpRequest, body: ElectorateIn) -> Any:
    unit = Unit.objects.filter(pk=body.unit_id).first()
    if unit is None or not can_run_electorate(request.user, unit):
        raise HttpError(404, "No such unit among those you are returning officer for.")
    try:
        electorate = start_electorate(
            title=body.title, ballot_kind=body.ballot_kind, unit=unit, freeze_on=body.freeze_on, by=request.user
        )
    except Refused as refused:
        raise HttpError(409, str(refused)) from refused
    compile_after_commit(electorate)
    return 202, electorate


@router.get("/electorates/{electorate_id}", response={200: ElectorateOut, 404: Problem})
def get(request: HttpRequest, electorate_id: int) -> Any:
    return get_electorate_for(request.user, electorate_id)


@router.get("/electorates/{electorate_id}/entries", response={200: list[EntryOut], 404: Problem})
@paginate(LimitOffsetPagination)
def entries(request: HttpRequest, electorate_id: int, eligible: bool | None = None) -> Any:
    rows = entries_of(get_electorate_for(request.user, electorate_id))
    if eligible is not None:
        rows = rows.filter(eligible=eligible)
    return [
        {
            "member_id": e.member_id,
            "membership_number": e.member.membership_number,
            "name": e.member.name,
            "eligible": e.eligible,
            "reasons": e.reasons.splitlines(),
        }
        for e in rows
    ]
