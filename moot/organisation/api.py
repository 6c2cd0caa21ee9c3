from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from moot.members.selectors import members_within
from moot.organisation.models import Unit
from moot.organisation.permissions import get_unit_for
from moot.organisation.selectors import units_visible_to
from moot.permissions import holdings
from moot.schemas import Problem

router = Router(tags=["organisation"])


class HeldOut(Schema):
    role: str
    unit_id: int | None
    body_id: int | None


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[HeldOut]
    membership_number: str | None


class UnitOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    parent_id: int | None
    status: str


class StatusChangeOut(Schema):
    status: str
    changed_at: datetime
    reason: str


class OfficeOut(Schema):
    title: str
    holder: str
    starts_on: date
    ends_on: date | None


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    seats: int | None
    offices: list[OfficeOut]


class UnitDetailOut(UnitOut):
    status_history: list[StatusChangeOut]
    bodies: list[BodyOut]
    member_count: int | None


@router.get("/me", response=MeOut, summary="Who am I, and which roles do I hold today")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    member = getattr(user, "member", None)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "roles": [{"role": h.role.value, "unit_id": h.unit_id, "body_id": h.body_id} for h in holdings(user)],
        "membership_number": member.membership_number if member else None,
    }


@router.get("/units", response=list[UnitOut], summary="Units visible to the caller")
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, kind: str | None = None, q: str | None = None) -> Any:
    units = units_visible_to(request.user)
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(name__icontains=q)
    return units


@router.get("/units/{unit_id}", response={200: UnitDetailOut, 404: Problem}, summary="One unit")
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    unit: Unit = get_unit_for(request.user, unit_id)
    can_see_members = request.user.has_perm("organisation.view_unit_members", unit)
    return {
        "id": unit.pk,
        "kind": unit.kind,
        "name": unit.name,
        "code": unit.code,
        "parent_id": unit.parent_id,
        "status": unit.status,
        "status_history": list(unit.status_changes.values("status", "changed_at", "reason")),
        "bodies": [
            {
                "id": b.pk,
                "kind": b.kind,
                "name": b.name,
                "seats": b.seats,
                "offices": [
                    {"title": o.title, "holder": o.holder.name, "starts_on": o.starts_on, "ends_on": o.ends_on}
                    for o in b.offices.all()
                ],
            }
            for b in unit.bodies.prefetch_related("offices__holder")
        ],
        "member_count": members_within(unit).count() if can_see_members else None,
    }
