"""A member's own record: "My membership", eligibility with reasons, and a download of everything held."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from moot.http import AuthenticatedRequest
from moot.ledger.models import Event
from moot.ledger.services import subject_key
from moot.members.eligibility import eligibility_of
from moot.members.models import Member


def _on(request: AuthenticatedRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def own_member(user: Any) -> Member:
    member = Member.objects.filter(account=user).select_related("branch", "local_party").first()
    if member is None:
        raise Http404("Your account is not linked to a record on the membership register.")
    return member


@login_required
def my_membership(request: AuthenticatedRequest) -> HttpResponse:
    member, on = own_member(request.user), _on(request)
    return render(
        request,
        "members/my_membership.html",
        {
            "member": member,
            "on": on,
            "periods": member.periods.order_by("joined_on"),
            "history": member.status_changes.select_related("by").order_by("from_on", "id"),
            "questions": eligibility_of(member, on),
            "ballots": member.electorate_entries.filter(electorate__status="complete")
            .select_related("electorate")
            .order_by("-electorate__freeze_on"),
            "affiliations": member.affiliations.select_related("organisation"),
            "offices": request.user.offices.select_related("body__unit").order_by("-starts_on"),
        },
    )


def data_held_about(member: Member) -> dict[str, Any]:
    """Everything moot holds about a member (UK GDPR art. 15), as plain JSON."""
    account = member.account
    subjects = [subject_key(member)] + ([subject_key(account)] if account else [])
    events = Event.objects.none()
    for subject_type, subject_id in subjects:
        events = events | Event.objects.filter(subject_type=subject_type, subject_id=subject_id)
    return {
        "generated_at": timezone.now().isoformat(),
        "member": {
            field: getattr(member, field)
            for field in (
                "membership_number",
                "first_name",
                "last_name",
                "email",
                "phone",
                "postcode",
                "date_of_birth",
                "status",
                "paid_up_to",
                "continuous_since",
            )
        }
        | {"branch": member.branch.name, "local_party": member.local_party.name},
        "membership_periods": list(member.periods.values("joined_on", "ended_on", "end_reason")),
        "status_history": list(member.status_changes.values("status", "from_on", "reason", "rule_version")),
        "affiliations": list(member.affiliations.values("organisation__name", "from_on", "to_on", "evidence")),
        "account": None
        if account is None
        else {
            "email": account.email,
            "name": account.name,
            "date_joined": account.date_joined,
            "roles": list(account.grants.values("role", "unit__name", "body__name", "starts_on", "ends_on")),
            "offices": list(account.offices.values("title", "body__name", "starts_on", "ends_on")),
            "api_tokens": list(account.api_tokens.values("name", "prefix", "created_at", "revoked_at")),
        },
        "ledger_events": [
            {"seq": e.seq, "at": e.at, "action": e.action, "rule_version": e.rule_version, "payload": e.data}
            for e in events.order_by("seq")
        ],
    }


@login_required
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    member = own_member(request.user)
    response = JsonResponse(data_held_about(member), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="moot-{member.membership_number}.json"'
    return response
