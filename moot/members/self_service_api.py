from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from moot.members.eligibility import eligibility_of
from moot.members.models import Member
from moot.members.self_service import data_held_about
from moot.schemas import Problem

router = Router(tags=["my membership"])


class QuestionOut(Schema):
    question: str
    allowed: bool
    reasons: list[str]
    rule_version: str | None


def _own(request: HttpRequest) -> Member:
    member = Member.objects.filter(account_id=request.user.pk).select_related("branch", "local_party").first()
    if member is None:
        raise HttpError(404, "Your account is not linked to a record on the membership register.")
    return member


def _answers(member: Member, on: date) -> list[dict[str, Any]]:
    return [
        {
            "question": q.label,
            "allowed": q.decision.allowed,
            "reasons": list(q.decision.reasons),
            "rule_version": q.decision.rule_version,
        }
        for q in eligibility_of(member, on)
    ]


@router.get(
    "/me/eligibility",
    response={200: list[QuestionOut], 404: Problem},
    summary="What I may take part in, with the reasons",
)
def my_eligibility(request: HttpRequest, on: date | None = None) -> Any:
    return _answers(_own(request), on or timezone.localdate())


@router.get("/me/data", response={200: dict[str, Any], 404: Problem}, summary="Everything held about me")
def my_data(request: HttpRequest) -> Any:
    return data_held_about(_own(request))


@router.get(
    "/members/{member_id}/eligibility",
    response={200: list[QuestionOut], 404: Problem},
    summary="A member's eligibility, for officers in scope",
)
def member_eligibility(request: HttpRequest, member_id: int, on: date | None = None) -> Any:
    member = Member.objects.select_related("branch", "local_party").filter(pk=member_id).first()
    if member is None or not request.user.has_perm("members.view_member", member):
        raise HttpError(404, "No such member.")
    return _answers(member, on or timezone.localdate())
