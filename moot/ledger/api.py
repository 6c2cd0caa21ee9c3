from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger
from moot.schemas import Problem

router = Router(tags=["ledger"])


class EventOut(Schema):
    seq: int
    at: datetime
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: str
    rule_version: str
    payload_digest: str
    hash: str


class EventDetailOut(EventOut):
    payload: dict[str, Any] | None


class VerificationOut(Schema):
    ok: bool
    verified: int
    first_bad_seq: int | None
    problem: str
    head_hash: str


def _require_auditor(request: HttpRequest) -> None:
    if not request.user.has_perm("ledger.read"):
        raise HttpError(403, "The ledger is open to auditors and administrators of the whole party.")


@router.get("/events", response={200: list[EventOut], 403: Problem}, summary="Ledger events, newest first")
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, action: str | None = None) -> Any:
    _require_auditor(request)
    events = Event.objects.order_by("-seq")
    return events.filter(action__startswith=action) if action else events


@router.get("/events/{seq}", response={200: EventDetailOut, 403: Problem, 404: Problem})
def get_event(request: HttpRequest, seq: int) -> Any:
    _require_auditor(request)
    event = Event.objects.filter(seq=seq).first()
    if event is None:
        raise HttpError(404, f"No event {seq}.")
    out = EventOut.from_orm(event).dict()
    return {**out, "payload": event.data}


@router.post("/verify", response={200: VerificationOut, 403: Problem}, summary="Walk the hash chain")
def verify(request: HttpRequest) -> Any:
    _require_auditor(request)
    result = verify_ledger()
    return {
        "ok": result.ok,
        "verified": result.verified,
        "first_bad_seq": result.first_bad_seq,
        "problem": result.problem,
        "head_hash": result.head_hash,
    }
