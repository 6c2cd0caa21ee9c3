"""Every write to the organisation: units, their status, bodies and officers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from moot.accounts.models import RoleGrant
from moot.core.rules import Refused
from moot.ledger.services import record
from moot.organisation.models import Body, Office, Unit, UnitStatusChange
from moot.roles import Role

_CHILD_KIND = {
    None: Unit.Kind.NATIONAL,
    Unit.Kind.NATIONAL: Unit.Kind.REGION,
    Unit.Kind.REGION: Unit.Kind.LOCAL_PARTY,
    Unit.Kind.LOCAL_PARTY: Unit.Kind.BRANCH,
}


@transaction.atomic
def create_unit(*, kind: str, name: str, code: str, parent: Unit | None, by: Any) -> Unit:
    """Add a unit where the tree allows it: national → nation/region → local party → branch."""
    expected = _CHILD_KIND.get(Unit.Kind(parent.kind) if parent else None)
    if kind != expected:
        under = f"under {parent.get_kind_display().lower()} {parent}" if parent else "at the top"
        raise Refused(f"A {Unit.Kind(kind).label.lower()} cannot be created {under}.")
    unit = Unit(kind=kind, name=name, code=code, parent=parent, path=f"tmp-{code}")
    unit.save()
    unit.path = f"{parent.path if parent else ''}{unit.pk:06d}."
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    UnitStatusChange.objects.create(
        unit=unit, status=unit.status, changed_at=timezone.now(), reason="Unit created.", by=by
    )
    record(
        "unit.created", unit, {"kind": kind, "name": name, "code": code, "parent": parent.pk if parent else None}, by=by
    )
    return unit


@transaction.atomic
def change_unit_status(*, unit: Unit, status: str, reason: str, by: Any, rule_version: str = "") -> Unit:
    """Suspend or restore a unit, keeping the history and the reason."""
    if not reason.strip():
        raise Refused("A change of a unit's status needs written reasons.")
    if status == unit.status:
        raise Refused(f"{unit} is already {unit.get_status_display().lower()}.")
    updated = Unit.objects.filter(pk=unit.pk, status=unit.status).update(status=status)
    if not updated:
        raise Refused(f"{unit} changed while you were looking at it; reload and try again.")
    UnitStatusChange.objects.create(unit=unit, status=status, changed_at=timezone.now(), reason=reason, by=by)
    record(
        "unit.status_changed",
        unit,
        {"from": unit.status, "to": status, "reason": reason},
        by=by,
        rule_version=rule_version,
    )
    unit.status = status
    return unit


@transaction.atomic
def create_body(*, unit: Unit, kind: str, name: str, seats: int | None, by: Any) -> Body:
    body = Body.objects.create(unit=unit, kind=kind, name=name, seats=seats)
    record("body.created", body, {"unit": unit.pk, "kind": kind, "name": name, "seats": seats}, by=by)
    return body


_OFFICER_ROLE_FOR = {Unit.Kind.BRANCH: Role.BRANCH_OFFICER, Unit.Kind.LOCAL_PARTY: Role.LOCAL_PARTY_OFFICER}


@transaction.atomic
def appoint_officer(*, body: Body, person: Any, title: str, starts_on: date, by: Any) -> Office:
    """Record an office on a body; officers of branches and local parties get the officer role."""
    if body.seats is not None and body.offices.filter(ends_on__isnull=True).count() >= body.seats:
        raise Refused(f"{body} has {body.seats} seats and all are filled.")
    office = Office.objects.create(body=body, title=title, holder=person, starts_on=starts_on)
    role = _OFFICER_ROLE_FOR.get(Unit.Kind(body.unit.kind))
    if role is not None:
        RoleGrant.objects.create(
            person=person, role=role, unit=body.unit, starts_on=starts_on, reason=f"{title}, {body}"
        )
    record(
        "office.appointed",
        office,
        {
            "body": body.pk,
            "title": title,
            "holder": person.pk,
            "starts_on": starts_on.isoformat(),
            "role": role.value if role else None,
        },
        by=by,
    )
    return office
