"""The one function that writes the ledger, and the lawful erasure of a payload."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from moot.ledger.chain import ERASED_ACTION, GENESIS, Row, canonical_json, digest, event_hash, microseconds
from moot.ledger.models import Event, Payload

# Any constant will do: it names the one lock that serialises appends to the chain on PostgreSQL.
_PG_LEDGER_LOCK = 0x6D6F6F74


@dataclass(frozen=True)
class Entry:
    """One event to append: what happened, to what, by whom, and what changed."""

    action: str
    subject: models.Model | tuple[str, Any]
    payload: dict[str, Any]
    by: Any = None  # a User, or None for the system itself (moot tick, migrations)
    rule_version: str = ""
    at: datetime | None = None


def subject_key(subject: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    kind, ident = subject
    return kind, str(ident)


def record(
    action: str,
    subject: models.Model | tuple[str, Any],
    payload: dict[str, Any],
    *,
    by: Any,
    rule_version: str = "",
) -> Event:
    """Append one event in the caller's transaction (every change of state calls this)."""
    return record_many([Entry(action, subject, payload, by, rule_version)])[-1]


def record_many(entries: Sequence[Entry]) -> list[Event]:
    """Append events in order, in bulk; used by imports and the demo as well as by record()."""
    if not connection.in_atomic_block:
        raise RuntimeError("ledger events must be written inside the transaction that makes the change")
    _lock_chain()
    head = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, previous = head if head else (0, GENESIS)
    now = timezone.now()
    events, payloads = [], []
    for entry in entries:
        seq += 1
        body = canonical_json(entry.payload)
        subject_type, subject_id = subject_key(entry.subject)
        actor_id = getattr(entry.by, "pk", None)
        at_us = microseconds(entry.at or now)
        row = Row(seq, at_us, actor_id, entry.action, subject_type, subject_id,
                  entry.rule_version, digest(body), "")
        previous = event_hash(previous, row)
        events.append(Event(seq=seq, at_us=at_us, actor_id=actor_id, action=entry.action,
                            subject_type=subject_type, subject_id=subject_id,
                            rule_version=entry.rule_version, payload_digest=row.payload_digest,
                            hash=previous))
        payloads.append(Payload(event_id=seq, body=body))
    Event.objects.bulk_create(events, batch_size=5000)
    Payload.objects.bulk_create(payloads, batch_size=5000)
    return events


def _lock_chain() -> None:
    # SQLite runs IMMEDIATE transactions, so writers are already serialised there.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LEDGER_LOCK])


@transaction.atomic
def erase_payload(*, seq: int, by: Any, reason: str) -> Event:
    """Erase one event's personal data (UK GDPR art. 17) while the chain stays verifiable."""
    deleted, _ = Payload.objects.filter(event_id=seq).delete()
    if not deleted:
        raise ValueError(f"event {seq} has no payload to erase")
    return record(ERASED_ACTION, ("ledger.event", seq), {"reason": reason}, by=by)


def events_for(subject: models.Model | tuple[str, Any]) -> Iterable[Event]:
    subject_type, subject_id = subject_key(subject)
    return Event.objects.filter(subject_type=subject_type, subject_id=subject_id)
