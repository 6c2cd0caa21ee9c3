"""The functions that write the ledger (one chain computation behind all of them), and lawful erasure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from moot.bulk import copy_into
from moot.ledger.chain import ERASED_ACTION, GENESIS, canonical_json, digest, link, microseconds
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
    events, payloads = [], []
    for seq, at_us, actor_id, action, subject_type, subject_id, rule_version, payload_digest, hash_, body in _chained(
        entries, *_head()
    ):
        events.append(
            Event(
                seq=seq,
                at_us=at_us,
                actor_id=actor_id,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                rule_version=rule_version,
                payload_digest=payload_digest,
                hash=hash_,
            )
        )
        payloads.append(Payload(event_id=seq, body=body))
    Event.objects.bulk_create(events, batch_size=5000)
    Payload.objects.bulk_create(payloads, batch_size=5000)
    return events


# The columns of ledger_event in the order _chained yields them, then the payload's body.
_EVENT_COLUMNS = (
    "seq",
    "at_us",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "rule_version",
    "payload_digest",
    "hash",
)


def record_bulk(entries: Iterable[Entry]) -> int:
    """Append events like record_many, streamed into the tables with COPY on PostgreSQL; returns how many.

    For hundreds of thousands of events (the members import): no model instances, and the chain is
    computed in Python exactly as record_many computes it, so `moot audit verify` walks it the same way.
    """
    if connection.vendor != "postgresql":
        return len(record_many(list(entries)))
    seq, previous = _head()
    bodies: list[tuple[int, str]] = []
    with connection.wrap_database_errors, connection.cursor() as cursor:
        with copy_into(cursor.cursor, Event, _EVENT_COLUMNS) as copy:
            for event in _chained(entries, seq, previous):
                copy.write_row(event[:-1])
                bodies.append((event[0], event[-1]))
        with copy_into(cursor.cursor, Payload, ("event_id", "body")) as copy:
            for row in bodies:
                copy.write_row(row)
    return len(bodies)


ChainedEvent = tuple[int, int, "int | None", str, str, str, str, str, str, str]


def _head() -> tuple[int, str]:
    """The chain's last seq and hash, once this transaction holds the chain's lock.

    The lock keeps any other writer from appending between this read and the caller's commit.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("ledger events must be written inside the transaction that makes the change")
    _lock_chain()
    head = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    return head if head else (0, GENESIS)


def _chained(entries: Iterable[Entry], seq: int, previous: str) -> Iterator[ChainedEvent]:
    """Each entry as an event row linked to the one before (after `seq`, whose hash is `previous`), body last."""
    now_us = microseconds(timezone.now())
    for entry in entries:
        seq += 1
        body = canonical_json(entry.payload)
        subject_type, subject_id = subject_key(entry.subject)
        actor_id = getattr(entry.by, "pk", None)
        at_us = now_us if entry.at is None else microseconds(entry.at)
        payload_digest = digest(body)
        previous = link(
            previous, seq, at_us, actor_id, entry.action, subject_type, subject_id, entry.rule_version, payload_digest
        )
        yield (
            seq,
            at_us,
            actor_id,
            entry.action,
            subject_type,
            subject_id,
            entry.rule_version,
            payload_digest,
            previous,
            body,
        )


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
