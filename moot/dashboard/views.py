"""One dashboard that shows each role what it can do, built from the roles actually held."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from moot.http import AuthenticatedRequest
from moot.members.models import Member
from moot.members.selectors import members_within
from moot.organisation.models import Body, Unit
from moot.permissions import holdings
from moot.roles import Role


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    held = holdings(request.user)
    by_role: dict[Role, list[Unit]] = defaultdict(list)
    units = Unit.objects.in_bulk([h.unit_id for h in held if h.unit_id])
    bodies = {h.body_id for h in held if h.body_id}
    for h in held:
        if h.unit_id:
            by_role[h.role].append(units[h.unit_id])
    body_names = dict(Body.objects.filter(pk__in=bodies).values_list("pk", "name"))
    member = Member.objects.filter(account=request.user).select_related("branch", "local_party").first()
    scopes = [
        {
            "role": role,
            "unit": unit,
            "members": members_within(unit).count(),
            "active": members_within(unit).filter(status=Member.Status.ACTIVE).count(),
        }
        for role, role_units in by_role.items()
        if role != Role.MEMBER
        for unit in role_units
    ]
    context = {
        "member": member,
        "roles": sorted({h.role for h in held}, key=list(Role).index),
        "scopes": scopes,
        "body_roles": [(h.role, body_names[h.body_id]) for h in held if h.body_id],
        "can_read_ledger": request.user.has_perm("ledger.read"),
    }
    return render(request, "dashboard/dashboard.html", context)
