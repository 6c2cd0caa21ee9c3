"""Verify the whole chain straight from the database, fast enough for millions of events.

Each event is checked against the *stored* hash of the one before it, so the ledger can be cut
into ranges of seq and the ranges walked side by side, one process per core; the first broken
event is the lowest any range reports. A range's first event is checked against the last hash of
the range before it, so nothing escapes at the joins.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.db import connection, connections

from moot.ledger.chain import ERASED_ACTION, GENESIS, RowTuple, Verification, verify_tuples

_BATCH = 50_000
# Below this many events one process is faster than starting more.
PARALLEL_FROM = 200_000
_COLUMNS = (
    "e.seq, e.at_us, e.actor_id, e.action, e.subject_type, e.subject_id, e.rule_version, e.payload_digest, e.hash"
)


def _payload_column() -> str:
    if connection.vendor == "postgresql":
        # The server digests the payloads on its own core while Python walks the chain.
        return (
            "CASE WHEN p.body IS NULL THEN NULL ELSE "
            "encode(sha256(convert_to(p.body, 'UTF8')), 'hex') = e.payload_digest END"
        )
    return "p.body"


def _rows(first: int, last: int) -> Iterator[RowTuple]:
    # Both parts are constants of this module: nothing from outside reaches the SQL.
    sql = (
        f"SELECT {_COLUMNS}, {_payload_column()} FROM ledger_event e"  # noqa: S608
        " LEFT JOIN ledger_payload p ON p.event_id = e.seq WHERE e.seq BETWEEN %s AND %s ORDER BY e.seq"
    )
    # A named (server-side) cursor on PostgreSQL keeps memory flat at millions of rows.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [first, last])
        while batch := cursor.fetchmany(_BATCH):
            yield from batch


def erased_events() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject_id FROM ledger_event WHERE action = %s", [ERASED_ACTION])
        return {int(subject_id) for (subject_id,) in cursor.fetchall()}


def _hash_before(seq: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM ledger_event WHERE seq = %s", [seq - 1])
        found = cursor.fetchone()
    return GENESIS if seq == 1 else (found[0] if found else "")


def _verify_range(first: int, last: int, erased: set[int]) -> Verification:
    return verify_tuples(_rows(first, last), erased, start_seq=first, previous=_hash_before(first))


def _head() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(seq) FROM ledger_event")
        (last,) = cursor.fetchone() or (None,)
    return int(last or 0)


# PostgreSQL walks the same chain in SQL: each event against the stored hash of the one before,
# hashing byte for byte the text chain.link() hashes, gaps and payloads checked alongside. A join
# on seq - 1 (not a window) lets PostgreSQL split the work over parallel workers.
_POSTGRES_WALK = r"""
SELECT e.seq, prev.seq IS NOT NULL OR e.seq = 1 AS linked,
       encode(sha256(convert_to(
         COALESCE(prev.hash, %(genesis)s) || E'\x1e' || e.seq || E'\x1f' || e.at_us || E'\x1f' ||
         COALESCE(e.actor_id::text, '') || E'\x1f' || e.action || E'\x1f' || e.subject_type || E'\x1f' ||
         e.subject_id || E'\x1f' || e.rule_version || E'\x1f' || e.payload_digest, 'UTF8')), 'hex') = e.hash,
       CASE WHEN p.body IS NULL THEN NULL
            ELSE encode(sha256(convert_to(p.body, 'UTF8')), 'hex') = e.payload_digest END
FROM ledger_event e
LEFT JOIN ledger_event prev ON prev.seq = e.seq - 1
LEFT JOIN ledger_payload p ON p.event_id = e.seq
WHERE prev.seq IS NULL OR p.body IS NULL
   OR encode(sha256(convert_to(p.body, 'UTF8')), 'hex') <> e.payload_digest
   OR encode(sha256(convert_to(
         COALESCE(prev.hash, %(genesis)s) || E'\x1e' || e.seq || E'\x1f' || e.at_us || E'\x1f' ||
         COALESCE(e.actor_id::text, '') || E'\x1f' || e.action || E'\x1f' || e.subject_type || E'\x1f' ||
         e.subject_id || E'\x1f' || e.rule_version || E'\x1f' || e.payload_digest, 'UTF8')), 'hex') <> e.hash
ORDER BY e.seq
"""


def _verify_in_postgres(last: int, erased: set[int]) -> Verification:
    with connection.cursor() as cursor:
        cursor.execute(_POSTGRES_WALK, {"genesis": GENESIS})
        suspects = cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM ledger_event")
        (total,) = cursor.fetchone() or (0,)
    for seq, linked, hash_ok, payload_ok in suspects:
        if not linked:
            missing = _last_before(seq) + 1
            return Verification(
                False, missing - 1, missing, f"event {missing} is missing (deleted)", _hash_at(missing - 1)
            )
        if not hash_ok:
            return Verification(False, seq - 1, seq, "content or position does not match its hash", _hash_at(seq - 1))
        if payload_ok or (payload_ok is None and seq in erased):
            continue  # the first event (it has no predecessor), or a lawfully erased payload
        problem = (
            "payload missing without a recorded erasure" if payload_ok is None else "payload does not match its digest"
        )
        return Verification(False, seq - 1, seq, problem, _hash_at(seq - 1))
    return Verification(True, int(total), None, "", _hash_at(last))


def _last_before(seq: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(seq) FROM ledger_event WHERE seq < %s", [seq])
        (found,) = cursor.fetchone() or (None,)
    return int(found or 0)


def _hash_at(seq: int) -> str:
    return _hash_before(seq + 1)


def verify_ledger(workers: int | None = None, *, independent: bool = False) -> Verification:
    """Walk every event in order and name the first that does not match.

    On PostgreSQL the database walks the chain in SQL unless `independent` asks for the walk in
    Python (moot.ledger.chain, the definition anyone can re-implement); elsewhere Python walks it,
    in `workers` processes side by side.
    """
    last, erased = _head(), erased_events()
    if connection.vendor == "postgresql" and not independent:
        return _verify_in_postgres(last, erased)
    if workers is None:  # by default, one process per core once the ledger is long enough to gain
        workers = (os.cpu_count() or 1) if last >= PARALLEL_FROM else 1
    # Other processes see only committed rows of a database they can open themselves, and forking
    # a process that runs other threads (a live test server, say) can leave a child stuck on a lock.
    alone = (
        connection.in_atomic_block
        or getattr(connection, "is_in_memory_db", lambda: False)()
        or threading.active_count() > 1
    )
    if workers <= 1 or last < workers or alone:
        return _verify_range(1, last, erased)
    size = -(-last // workers)
    ranges = [(start, min(start + size - 1, last)) for start in range(1, last + 1, size)]
    connections.close_all()  # each process opens its own connection
    with ProcessPoolExecutor(len(ranges), mp_context=get_context("fork")) as pool:
        results = list(pool.map(_verify_range, *zip(*ranges, strict=True), [erased] * len(ranges)))
    verified = 0
    for result in results:  # ranges in seq order: the first that failed holds the first bad event
        if not result.ok:
            return Verification(
                False, verified + result.verified, result.first_bad_seq, result.problem, result.head_hash
            )
        verified += result.verified
    return Verification(True, verified, None, "", results[-1].head_hash)
