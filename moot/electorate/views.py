from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from moot.core.rules import Refused
from moot.electorate.background import compile_after_commit
from moot.electorate.models import Electorate
from moot.electorate.permissions import (
    can_run_electorate,
    electorates_visible_to,
    get_electorate_for,
    units_for_electorates,
)
from moot.electorate.services import entries_of, start_electorate
from moot.http import AuthenticatedRequest


@login_required
def electorate_list(request: AuthenticatedRequest) -> HttpResponse:
    units = units_for_electorates(request.user)
    if request.method == "POST":
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        if unit is None or not can_run_electorate(request.user, unit):
            raise PermissionDenied("Only a returning officer for that unit may compile its electorate.")
        try:
            freeze_on = date.fromisoformat(request.POST.get("freeze_on", ""))
            electorate = start_electorate(
                title=request.POST.get("title", ""),
                unit=unit,
                freeze_on=freeze_on,
                ballot_kind=request.POST.get("ballot_kind", ""),
                by=request.user,
            )
        except ValueError:
            messages.error(request, "Give the freeze date as a date.")
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            compile_after_commit(electorate)
            return redirect("electorate_detail", electorate_id=electorate.pk)
    visible = electorates_visible_to(request.user)
    if not units.exists() and not visible.exists():
        raise PermissionDenied("Electorates are compiled by returning officers and read by auditors.")
    return render(
        request,
        "electorate/electorate_list.html",
        {"electorates": visible, "units": units, "kinds": Electorate.BallotKind.choices, "today": timezone.localdate()},
    )


@login_required
def electorate_detail(request: AuthenticatedRequest, electorate_id: int) -> HttpResponse:
    electorate = get_electorate_for(request.user, electorate_id)
    show = request.GET.get("show", "excluded")
    entries = entries_of(electorate).filter(eligible=(show == "eligible"))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"electorate": electorate, "page": page, "show": show}
    if request.htmx and electorate.status == Electorate.Status.COMPILING:
        return render(request, "electorate/_progress.html", context)
    if request.htmx:  # finished while being watched: reload the whole page with the results
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "electorate/electorate_detail.html", context)
