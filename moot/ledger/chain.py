"""The hash chain: how an event is hashed and how a sequence of events is verified.

hash(n) = SHA-256( hash(n-1) ‖ 0x1E ‖ seq ␟ at_us ␟ actor ␟ action ␟ subject_type ␟ subject_id ␟
rule_version ␟ payload_digest ), hash(0) = 64 zeros, ␟ = 0x1F, at_us = microseconds since
1970-01-01 UTC. This module needs no database so anyone can check the chain from an export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

GENESIS = "0" * 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ERASED_ACTION = "ledger.payload_erased"


# One encoder for every payload: json.dumps would build a new one per call, a third of the cost
# of encoding the small payloads that bulk writes make by the hundred thousand.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical_json(payload: Any) -> str:
    """The one text form of a payload: sorted keys, no spaces, UTF-8 kept."""
    return _CANONICAL.encode(payload)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def microseconds(at: datetime) -> int:
    """A moment as whole microseconds since the epoch: exact, and the same on every database."""
    return (at - EPOCH) // timedelta(microseconds=1)


def moment(at_us: int) -> datetime:
    return EPOCH + timedelta(microseconds=at_us)


@dataclass(frozen=True)
class Row:
    seq: int
    at_us: int
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: str
    rule_version: str
    payload_digest: str
    hash: str
    payload: str | None = None  # canonical JSON, None when erased (or missing)


def link(
    previous: str,
    seq: int,
    at_us: int,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: str,
    rule_version: str,
    payload_digest: str,
) -> str:
    """The hash of one event given the hash before it: the whole definition of the chain."""
    actor = "" if actor_id is None else actor_id
    text = (
        f"{previous}\x1e{seq}\x1f{at_us}\x1f{actor}\x1f{action}\x1f{subject_type}\x1f{subject_id}\x1f"
        f"{rule_version}\x1f{payload_digest}"
    )
    return hashlib.sha256(text.encode()).hexdigest()


def event_hash(previous: str, row: Row) -> str:
    return link(
        previous,
        row.seq,
        row.at_us,
        row.actor_id,
        row.action,
        row.subject_type,
        row.subject_id,
        row.rule_version,
        row.payload_digest,
    )


@dataclass(frozen=True)
class Verification:
    ok: bool
    verified: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_hash: str = GENESIS

    def message(self) -> str:
        if self.ok:
            return f"ledger intact: {self.verified} events verified, head {self.head_hash}"
        return f"ledger broken at event {self.first_bad_seq}: {self.problem}"


def verify_rows(rows: Iterable[Row], erased: set[int] | None = None) -> Verification:
    """Walk the chain; report the first event whose position, content or payload does not match.

    `erased` lists the events whose payload was lawfully erased (each recorded by a later
    ERASED_ACTION event); any other missing payload is tampering.
    """
    tuples = (
        (
            r.seq,
            r.at_us,
            r.actor_id,
            r.action,
            r.subject_type,
            r.subject_id,
            r.rule_version,
            r.payload_digest,
            r.hash,
            r.payload,
        )
        for r in rows
    )
    return verify_tuples(tuples, erased or set(), start_seq=1, previous=GENESIS)


# The last element is the payload: its text to digest here, True when the database has already
# checked the digest (PostgreSQL does, on its own core), or None when it is missing.
RowTuple = tuple[int, int, int | None, str, str, str, str, str, str, "str | bool | None"]


def verify_tuples(rows: Iterable[RowTuple], erased: set[int], *, start_seq: int, previous: str) -> Verification:
    """The same walk over plain tuples, from any position: the fast path for millions of rows."""
    expected, count = start_seq, 0
    sha256 = hashlib.sha256
    for seq, at_us, actor, action, subject_type, subject_id, rule_version, payload_digest, stored, body in rows:
        if seq != expected:
            what = "missing (deleted)" if seq > expected else "out of order or duplicated"
            return Verification(False, count, expected, f"event {expected} is {what}", previous)
        if link(previous, seq, at_us, actor, action, subject_type, subject_id, rule_version, payload_digest) != stored:
            return Verification(False, count, seq, "content or position does not match its hash", previous)
        if body is None:
            if seq not in erased:
                return Verification(False, count, seq, "payload missing without a recorded erasure", previous)
        elif body is not True and (body is False or sha256(body.encode()).hexdigest() != payload_digest):
            return Verification(False, count, seq, "payload does not match its digest", previous)
        previous, expected, count = stored, expected + 1, count + 1
    return Verification(True, count, None, "", previous)
