"""The hash chain: how an event is hashed and how a sequence of events is verified.

hash(n) = SHA-256( hash(n-1) ‖ 0x1e ‖ seq ␟ at ␟ actor ␟ action ␟ subject_type ␟ subject_id ␟
rule_version ␟ payload_digest ), with hash(0) = 64 zeros. Times are UTC ISO-8601 with microseconds.
This module needs no database so the chain can be checked by anyone from an export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: Any) -> str:
    """The one text form of a payload: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def timestamp(at: datetime | str) -> str:
    if isinstance(at, str):  # SQLite hands back text from a raw cursor
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Row:
    seq: int
    at: datetime | str
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: str
    rule_version: str
    payload_digest: str
    hash: str
    payload: str | None = None  # canonical JSON, None when erased (or missing)


def event_hash(previous: str, row: Row) -> str:
    fields = (
        str(row.seq),
        timestamp(row.at),
        "" if row.actor_id is None else str(row.actor_id),
        row.action,
        row.subject_type,
        row.subject_id,
        row.rule_version,
        row.payload_digest,
    )
    return hashlib.sha256(f"{previous}\x1e{chr(0x1f).join(fields)}".encode()).hexdigest()


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


ERASED_ACTION = "ledger.payload_erased"


def verify_rows(rows: Iterable[Row], erased: set[int] | None = None) -> Verification:
    """Walk the chain; report the first event whose position, content or payload does not match.

    `erased` lists the events whose payload was lawfully erased (each recorded by a later
    ERASED_ACTION event); any other missing payload is tampering.
    """
    erased = erased or set()
    previous, expected_seq, count = GENESIS, 1, 0
    for row in rows:
        if row.seq != expected_seq:
            what = "missing (deleted)" if row.seq > expected_seq else "out of order or duplicated"
            return Verification(False, count, expected_seq, f"event {expected_seq} is {what}", previous)
        if event_hash(previous, row) != row.hash:
            return Verification(False, count, row.seq, "content or position does not match its hash", previous)
        if row.payload is None:
            if row.seq not in erased:
                return Verification(False, count, row.seq, "payload missing without a recorded erasure", previous)
        elif digest(row.payload) != row.payload_digest:
            return Verification(False, count, row.seq, "payload does not match its digest", previous)
        previous, expected_seq, count = row.hash, expected_seq + 1, count + 1
    return Verification(True, count, None, "", previous)
