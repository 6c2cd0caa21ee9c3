"""Verify the whole chain straight from the database, fast enough for millions of events.

Each event is checked against the *stored* hash of the one before it, so the ledger can be cut
into ranges of seq and the ranges walked side by side, one process per core; the first broken
event is the lowest any range reports. A range's first event is checked against the last hash of
the range before it, so nothing escapes at the joins.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.db import connection, connections

from moot.ledger.chain import ERASED_ACTION, GENESIS, RowTuple, Verification, verify_tuples

_BATCH = 50_000
# Below this many events one process is faster than starting more.
PARALLEL_FROM = 200_000
_COLUMNS = ("e.seq, e.at_us, e.actor_id, e.action, e.subject_type, e.subject_id, e.rule_version, e.payload_digest,"
            " e.hash")


def _payload_column() -> str:
    if connection.vendor == "postgresql":
        # The server digests the payloads on its own core while Python walks the chain.
        return ("CASE WHEN p.body IS NULL THEN NULL ELSE "
                "encode(sha256(convert_to(p.body, 'UTF8')), 'hex') = e.payload_digest END")
    return "p.body"


def _rows(first: int, last: int) -> Iterator[RowTuple]:
    # Both parts are constants of this module: nothing from outside reaches the SQL.
    sql = (f"SELECT {_COLUMNS}, {_payload_column()} FROM ledger_event e"  # noqa: S608
           " LEFT JOIN ledger_payload p ON p.event_id = e.seq WHERE e.seq BETWEEN %s AND %s ORDER BY e.seq")
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


def verify_ledger(workers: int | None = None) -> Verification:
    """Walk every event in order and name the first that does not match (in `workers` processes)."""
    last, erased = _head(), erased_events()
    if workers is None:  # by default, one process per core once the ledger is long enough to gain
        workers = (os.cpu_count() or 1) if last >= PARALLEL_FROM else 1
    # Other processes see only committed rows of a database they can open themselves.
    alone = connection.in_atomic_block or getattr(connection, "is_in_memory_db", lambda: False)()
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
            return Verification(False, verified + result.verified, result.first_bad_seq, result.problem,
                                result.head_hash)
        verified += result.verified
    return Verification(True, verified, None, "", results[-1].head_hash)
