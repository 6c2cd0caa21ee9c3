"""Pages for interim suspensions, unit suspensions, readmission and bulk reviews; each POST calls one service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from moot.accounts.models import User
from moot.core.rules import Refused
from moot.core.workflows.interim_suspension import IN_FORCE
from moot.discipline import suspensions
from moot.discipline.models import InterimSuspension, ReadmissionApplication, Review, UnitSuspension
from moot.discipline.permissions import INTERIM_ROLES
from moot.http import AuthenticatedRequest
from moot.members.models import Member
from moot.organisation.models import Unit
from moot.organisation.permissions import get_unit_for
from moot.permissions import within_scope


def _optional_date(request: HttpRequest, name: str) -> date | None:
    text = request.POST.get(name, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise Refused(f"'{text}' is not a date.") from None


def _attempt(request: HttpRequest, done: str, act: Callable[[], Any]) -> None:
    """Run one service; a refusal shows every reason and leaves everything as it was."""
    try:
        act()
    except Refused as refused:
        for reason in refused.decision.reasons or (str(refused),):
            messages.error(request, reason)
    else:
        messages.success(request, done)


# --- unit suspensions ----------------------------------------------------------------------------------


@login_required
def unit_suspension(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    """Anyone who can see the unit sees whether it is suspended, why, by whom, until when."""
    if request.user.has_perm("discipline.suspend_units"):
        unit = get_object_or_404(Unit, pk=unit_id)  # the national executive's reach is the whole party
    else:
        unit = get_unit_for(request.user, unit_id)
    current = suspensions.unit_suspension_in_force(unit)
    return render(
        request,
        "discipline/unit_suspension.html",
        {
            "unit": unit,
            "current": current,
            "meetings": suspensions.meetings_allowed(unit),
            "history": unit.suspensions.select_related("decided_by", "appointed_officer").prefetch_related(
                "reviews__reviewed_by"
            ),
            "can_decide": request.user.has_perm("discipline.suspend_units"),
            "own": current is not None and current.unit_id == unit.pk,
        },
    )


def _require_executive(request: AuthenticatedRequest) -> None:
    if not request.user.has_perm("discipline.suspend_units"):
        raise PermissionDenied("Only the national executive suspends, reviews or restores a unit.")


@login_required
@require_POST
def suspend_unit(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    _require_executive(request)
    unit = get_object_or_404(Unit, pk=unit_id)

    def act() -> Any:
        email = request.POST.get("appointed_officer", "").strip().lower()
        officer = User.objects.filter(email=email).first() if email else None
        if email and officer is None:
            raise Refused(f"No account has the address {email}.")
        return suspensions.suspend_unit(
            unit=unit,
            by=request.user,
            reasons=request.POST.get("reasons", ""),
            minute_reference=request.POST.get("minute_reference", ""),
            appointed_officer=officer,
            review_by=_optional_date(request, "review_by"),
            sunset_on=_optional_date(request, "sunset_on"),
        )

    _attempt(request, f"{unit.name} is suspended.", act)
    return redirect("unit_suspension", unit_id=unit.pk)


@login_required
@require_POST
def review_unit_suspension(request: AuthenticatedRequest, suspension_id: int, outcome: str) -> HttpResponse:
    _require_executive(request)
    s = get_object_or_404(UnitSuspension, pk=suspension_id)
    reasons = request.POST.get("reasons", "")
    if outcome == "continue":
        _attempt(
            request,
            "The suspension continues.",
            lambda: suspensions.continue_unit_suspension(
                suspension=s, by=request.user, reasons=reasons, review_by=_optional_date(request, "review_by")
            ),
        )
    elif outcome == "restore":
        _attempt(
            request,
            f"{s.unit.name} is restored.",
            lambda: suspensions.restore_unit(suspension=s, by=request.user, reasons=reasons),
        )
    else:
        raise Http404("No such review outcome.")
    return redirect("unit_suspension", unit_id=s.unit_id)


# --- interim suspensions -----------------------------------------------------------------------------


@login_required
def interim_list(request: AuthenticatedRequest) -> HttpResponse:
    """Interim suspensions of members in the viewer's area, for case officers and national staff."""
    if not request.user.has_perm("discipline.handle_interim"):
        raise PermissionDenied("Interim suspensions are handled by case officers and national staff.")
    in_scope = within_scope(request.user, INTERIM_ROLES, path="member__branch__path")
    rows = InterimSuspension.objects.filter(in_scope).select_related("member", "case").prefetch_related("renewals")
    today = timezone.localdate()
    return render(
        request,
        "discipline/interim_list.html",
        {
            "today": today,
            "current": [s for s in rows if s.stage in IN_FORCE],
            "past": [s for s in rows if s.stage not in IN_FORCE][:50],
            "can_renew": request.user.has_perm("discipline.handle_interim"),
        },
    )


def _interim_in_scope(request: AuthenticatedRequest, suspension_id: int) -> InterimSuspension:
    in_scope = within_scope(request.user, INTERIM_ROLES, path="member__branch__path")
    return get_object_or_404(InterimSuspension.objects.filter(in_scope), pk=suspension_id)


@login_required
@require_POST
def interim_action(request: AuthenticatedRequest, suspension_id: int, action: str) -> HttpResponse:
    s = _interim_in_scope(request, suspension_id)
    reasons = request.POST.get("reasons", "")
    if action == "renew":
        _attempt(
            request,
            "Renewed.",
            lambda: suspensions.renew_interim_suspension(
                suspension=s, by=request.user, reasons=reasons, review_by=_optional_date(request, "review_by")
            ),
        )
    elif action == "lift":
        _attempt(
            request,
            "Lifted; the member is restored.",
            lambda: suspensions.lift_interim_suspension(suspension=s, by=request.user, reasons=reasons),
        )
    else:
        raise Http404("No such action.")
    return redirect("interim_list")


# --- readmission -----------------------------------------------------------------------------------


@login_required
def readmission(request: AuthenticatedRequest) -> HttpResponse:
    """An expelled person applies; the national executive sees every application and decides."""
    member = Member.objects.filter(account=request.user).first()
    deciding = request.user.has_perm("discipline.suspend_units")
    if request.method == "POST":
        if member is None:
            raise Http404("Your account is not on the register.")
        _attempt(
            request,
            "Application received.",
            lambda: suspensions.apply_for_readmission(
                member=member, by=request.user, statement=request.POST.get("statement", "")
            ),
        )
        return redirect("readmission")
    return render(
        request,
        "discipline/readmission.html",
        {
            "member": member,
            "deciding": deciding,
            "mine": member.readmission_applications.all() if member else [],
            "waiting": ReadmissionApplication.objects.filter(stage="applied").select_related("member")
            if deciding
            else [],
        },
    )


@login_required
@require_POST
def decide_readmission(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    if not request.user.has_perm("discipline.suspend_units"):
        raise PermissionDenied("Readmission is decided by the national executive.")
    application = get_object_or_404(ReadmissionApplication, pk=application_id)
    grant = request.POST.get("decision") == "grant"
    _attempt(
        request,
        "Decided.",
        lambda: suspensions.decide_readmission(
            application=application, by=request.user, grant=grant, reasons=request.POST.get("reasons", "")
        ),
    )
    return redirect("readmission")


# --- bulk review after a proscription is lifted or a rule amended -------------------------------------


@login_required
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("discipline.decide_reviews"):
        raise PermissionDenied("Reviews are decided by the national executive.")
    return render(
        request,
        "discipline/review_list.html",
        {
            "open": Review.objects.filter(outcome=Review.Outcome.OPEN).select_related("case__respondent"),
            "decided": Review.objects.exclude(outcome=Review.Outcome.OPEN).select_related("case", "decided_by")[:100],
        },
    )


@login_required
@require_POST
def decide_review(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    from moot.discipline import reviews

    if not request.user.has_perm("discipline.decide_reviews"):
        raise PermissionDenied("Reviews are decided by the national executive.")
    review = get_object_or_404(Review, pk=review_id)
    reinstate = request.POST.get("decision") == "reinstate"
    _attempt(
        request,
        "Decided.",
        lambda: reviews.decide_review(
            review=review, by=request.user, reinstate=reinstate, reasons=request.POST.get("reasons", "")
        ),
    )
    return redirect("review_list")
