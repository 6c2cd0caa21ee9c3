from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from moot.http import AuthenticatedRequest
from moot.members.selectors import members_within
from moot.organisation.models import Unit
from moot.organisation.permissions import get_unit_for
from moot.organisation.selectors import children_visible_to, units_visible_to


@login_required
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    units = units_visible_to(request.user).select_related("parent")
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(name__icontains=query)
    kind = request.GET.get("kind", "")
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "organisation/_unit_rows.html" if request.htmx else "organisation/unit_list.html"
    return render(request, template, {"page": page, "query": query, "kind": kind, "kinds": Unit.Kind.choices})


@login_required
def unit_detail(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_id)
    can_see_members = request.user.has_perm("organisation.view_unit_members", unit)
    context = {
        "unit": unit,
        "ancestors": Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("path"),
        "children": children_visible_to(request.user, unit),
        "history": unit.status_changes.select_related("by").order_by("-changed_at")[:20],
        "bodies": unit.bodies.annotate(office_count=Count("offices")).prefetch_related("offices__holder"),
        "can_see_members": can_see_members,
        "member_count": members_within(unit).count() if can_see_members else None,
    }
    return render(request, "organisation/unit_detail.html", context)
