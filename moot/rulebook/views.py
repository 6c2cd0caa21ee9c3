from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from moot.core.rules import Refused
from moot.http import AuthenticatedRequest
from moot.rulebook import services
from moot.rulebook.models import Organisation, Proscription, Rule
from moot.rulebook.selectors import proscriptions_published, versions_in_force


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default


def _required_date(text: str | None, label: str) -> date:
    """A date the NEC must give; a missing or malformed one is refused in words, never guessed."""
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise Refused(f"Give the {label} as a date (for example {timezone.localdate():%Y-%m-%d}).") from None


def rules_in_force(request: HttpRequest) -> HttpResponse:
    """The rulebook is public: anyone may read the rules in force on any date."""
    on = _date(request.GET.get("on"), timezone.localdate())
    return render(request, "rulebook/rules_in_force.html", {"on": on, "versions": versions_in_force(on)})


def rule_history(request: HttpRequest, key: str) -> HttpResponse:
    rule = get_object_or_404(Rule, key=key)
    return render(
        request,
        "rulebook/rule_history.html",
        {
            "rule": rule,
            "versions": rule.versions.select_related("made_by").order_by("-version"),
            "can_amend": request.user.has_perm("rulebook.amend"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def amend_rule(request: AuthenticatedRequest, key: str) -> HttpResponse:
    if not request.user.has_perm("rulebook.amend"):
        raise PermissionDenied("Only the national executive may amend the rules.")
    rule = get_object_or_404(Rule, key=key)
    current = rule.versions.order_by("-version").first()
    parameters: dict[str, Any] = dict(current.parameters) if current else {}
    for name, value in parameters.items():
        posted = request.POST.get(f"param-{name}")
        if posted is not None and isinstance(value, int) and not isinstance(value, bool):
            parameters[name] = int(posted) if posted.strip().lstrip("-").isdigit() else value
    try:
        effective_from = _required_date(request.POST.get("effective_from"), "date the amendment takes effect")
        services.amend_rule(
            key=key,
            effective_from=effective_from,
            parameters=parameters,
            text=request.POST.get("text", ""),
            reason=request.POST.get("reason", ""),
            decision_reference=request.POST.get("decision_reference", ""),
            by=request.user,
        )
        messages.success(request, f"Rule '{rule.title}' amended.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("rule_history", key=key)


def proscriptions(request: HttpRequest) -> HttpResponse:
    """Public: every proscribed organisation, with dates, decisions and criteria of support."""
    return render(
        request,
        "rulebook/proscriptions.html",
        {
            "proscriptions": proscriptions_published(),
            "can_proscribe": request.user.has_perm("rulebook.proscribe"),
            "organisations": Organisation.objects.all(),
            "kinds": Organisation.Kind.choices,
            "today": timezone.localdate(),
        },
    )


def _require_nec(request: AuthenticatedRequest) -> None:
    if not request.user.has_perm("rulebook.proscribe"):
        raise PermissionDenied("Only the national executive may change the proscription register.")


@login_required
@require_POST
def register_organisation(request: AuthenticatedRequest) -> HttpResponse:
    _require_nec(request)
    try:
        services.register_organisation(
            name=request.POST.get("name", ""),
            kind=request.POST.get("kind", ""),
            description=request.POST.get("description", ""),
            by=request.user,
        )
        messages.success(request, "Organisation registered.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("proscriptions")


@login_required
@require_POST
def proscribe(request: AuthenticatedRequest) -> HttpResponse:
    _require_nec(request)
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
    if organisation is None:
        raise Http404("No such organisation.")
    try:
        proscribed_from = _required_date(request.POST.get("proscribed_from"), "date the proscription takes effect")
        services.proscribe_organisation(
            organisation=organisation,
            proscribed_from=proscribed_from,
            decided_by=request.POST.get("decided_by", ""),
            minute_reference=request.POST.get("minute_reference", ""),
            reasons=request.POST.get("reasons", ""),
            support_criteria=request.POST.get("support_criteria", ""),
            by=request.user,
        )
        messages.success(request, f"{organisation} proscribed.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("proscriptions")


@login_required
@require_POST
def lift(request: AuthenticatedRequest, proscription_id: int) -> HttpResponse:
    _require_nec(request)
    proscription = get_object_or_404(Proscription, pk=proscription_id)
    try:
        lifted_on = _required_date(request.POST.get("lifted_on"), "date the proscription is lifted")
        services.lift_proscription(
            proscription=proscription,
            lifted_on=lifted_on,
            minute_reference=request.POST.get("minute_reference", ""),
            reasons=request.POST.get("reasons", ""),
            by=request.user,
        )
        messages.success(request, "Proscription lifted.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("proscriptions")
