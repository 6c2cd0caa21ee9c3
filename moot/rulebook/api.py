from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from moot.core.rules import Refused
from moot.rulebook import services
from moot.rulebook.models import Rule
from moot.rulebook.selectors import proscriptions_published, versions_in_force
from moot.schemas import Problem

router = Router(tags=["rulebook"])


class RuleVersionOut(Schema):
    rule: str
    title: str
    version: int
    effective_from: date
    text: str
    parameters: dict[str, Any]
    reason: str
    decision_reference: str


class AmendmentIn(Schema):
    effective_from: date
    text: str
    parameters: dict[str, Any]
    reason: str
    decision_reference: str


class ProscriptionOut(Schema):
    organisation: str
    proscribed_from: date
    decided_by: str
    minute_reference: str
    reasons: str
    support_criteria: str
    lifted_on: date | None


def _out(row: Any) -> dict[str, Any]:
    return {
        "rule": row.rule.key,
        "title": row.rule.title,
        "version": row.version,
        "effective_from": row.effective_from,
        "text": row.text,
        "parameters": row.parameters,
        "reason": row.reason,
        "decision_reference": row.decision_reference,
    }


@router.get("/rules", response=list[RuleVersionOut], auth=None, summary="The rules in force on a date (public)")
def rules_in_force(request: HttpRequest, on: date | None = None) -> Any:
    return [_out(row) for row in versions_in_force(on or timezone.localdate())]


@router.get(
    "/rules/{key}",
    response={200: list[RuleVersionOut], 404: Problem},
    auth=None,
    summary="Every version of one rule (public)",
)
def rule_history(request: HttpRequest, key: str) -> Any:
    rule = Rule.objects.filter(key=key).first()
    if rule is None:
        raise HttpError(404, f"There is no rule '{key}'.")
    return [_out(row) for row in rule.versions.select_related("rule").order_by("version")]


@router.post(
    "/rules/{key}/versions",
    response={201: RuleVersionOut, 403: Problem, 409: Problem},
    summary="Amend a rule (national executive only)",
)
def amend_rule(request: HttpRequest, key: str, amendment: AmendmentIn) -> Any:
    if not request.user.has_perm("rulebook.amend"):
        raise HttpError(403, "Only the national executive may amend the rules.")
    try:
        row = services.amend_rule(
            key=key,
            effective_from=amendment.effective_from,
            parameters=amendment.parameters,
            text=amendment.text,
            reason=amendment.reason,
            decision_reference=amendment.decision_reference,
            by=request.user,
        )
    except Refused as refused:
        raise HttpError(409, str(refused)) from refused
    return 201, _out(row)


@router.get("/proscriptions", response=list[ProscriptionOut], auth=None, summary="The proscription register (public)")
def proscriptions(request: HttpRequest) -> Any:
    return [
        {
            "organisation": p.organisation.name,
            "proscribed_from": p.proscribed_from,
            "decided_by": p.decided_by,
            "minute_reference": p.minute_reference,
            "reasons": p.reasons,
            "support_criteria": p.support_criteria,
            "lifted_on": p.lifted_on,
        }
        for p in proscriptions_published()
    ]
