"""eligibility() for many members at once, from register rows, on every core the machine has.

No Django here: the compile reads the rows and writes the verdicts in its own connection (so it
sees what its own transaction sees), and the worker processes only compute. They are forked
once the rows are read, so they inherit them instead of having them pickled across, and send
back only the verdicts. A forked worker runs nothing but judge() (no database, logging or imports),
so it never waits on a lock another thread of the parent may have held when it was forked.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import cast

from moot.core.rules import (
    Decision,
    EndReason,
    MemberFacts,
    MembershipPeriod,
    Purpose,
    Rulebook,
    Status,
    StatusChange,
    eligibility_checker,
)

# One row per member, period and status change (a member with two periods and one change has two
# rows), ordered by member, then as facts_for orders periods (joined_on) and changes (from_on, id);
# NULL period and change columns when a member has none.
FactRow = tuple[
    int, str, date | None, int | None, int | None, date | None,  # member id, status, born, branch, party, paid
    int | None, date | None, date | None, str | None,  # period id, joined_on, ended_on, end_reason
    int | None, str | None, date | None,  # status change id, status, from_on
]
Verdict = tuple[int, bool, str]  # member id, eligible, the Decision's reasons one a line ("" when eligible)

_STATUS = {s.value: s for s in Status}
_END_REASON = {r.value: r for r in EndReason}


@dataclass(frozen=True)
class Batch:
    """Members to judge, as fact rows, and what to judge them for."""

    rulebook: Rulebook
    purpose: Purpose
    on: date
    rows: Sequence[FactRow]


@dataclass(frozen=True)
class Judged:
    """The verdicts for one batch, in member order, and the rule versions a Decision cited."""

    verdicts: list[Verdict]
    members: int  # how many were judged (still known once the verdicts are written and dropped)
    excluded: int
    rule_version: str


def judge(batch: Batch) -> Judged:
    """Every member's Decision, exactly as eligibility() gives it for facts_for's facts."""
    check = eligibility_checker(batch.rulebook, batch.purpose, batch.on)
    verdicts, excluded, rule_version = [], 0, ""
    for pk, facts in member_facts(batch.rows):
        decision: Decision = check(facts)
        verdicts.append((pk, decision.allowed, "" if decision.allowed else "\n".join(decision.reasons)))
        excluded += not decision.allowed
        rule_version = rule_version or decision.rule_version or ""
    return Judged(verdicts, len(verdicts), excluded, rule_version)


def member_facts(rows: Sequence[FactRow]) -> Iterator[tuple[int, MemberFacts]]:
    """MemberFacts from fact rows, as moot.members.eligibility.facts_for builds them from the ORM."""
    start, count = 0, len(rows)
    while start < count:
        pk, status, born, branch, party, paid = rows[start][:6]
        end = start
        while end < count and rows[end][0] == pk:
            end += 1
        yield pk, MemberFacts(periods=_periods(rows, start, end), status=_STATUS[status],
                              status_history=_changes(rows, start, end), date_of_birth=born,
                              home_branch_id=branch, local_party_id=party, paid_up_to=paid)
        start = end


def _periods(rows: Sequence[FactRow], start: int, end: int) -> tuple[MembershipPeriod, ...]:
    """Each period once: a member's rows repeat it for every status change, consecutively."""
    periods, last_id = [], None
    for row in rows[start:end]:
        period_id, joined, ended, reason = row[6:10]
        if period_id is not None and period_id != last_id:
            assert joined is not None
            periods.append(MembershipPeriod(joined, ended, _END_REASON[reason] if reason else None))
            last_id = period_id
    return tuple(periods)


def _changes(rows: Sequence[FactRow], start: int, end: int) -> tuple[StatusChange, ...]:
    """Each status change once: the rows of the member's first period hold them all, in order."""
    changes, first_period = [], rows[start][6]
    for row in rows[start:end]:
        if row[6] != first_period:
            break  # the rows of a later period repeat the same changes
        change_id, status, from_on = row[10:13]
        if change_id is not None:
            assert status is not None and from_on is not None  # NOT NULL columns
            changes.append(StatusChange(_STATUS[status], from_on))
    return tuple(changes)


def split_batches(rulebook: Rulebook, purpose: Purpose, on: date, rows: Sequence[FactRow],
                  parts: int) -> list[Batch]:
    """Cut the rows into about `parts` batches of whole members, of about the same size."""
    size, batches, start = max(1, -(-len(rows) // max(1, parts))), [], 0
    while start < len(rows):
        end = min(start + size, len(rows))
        while end < len(rows) and rows[end][0] == rows[end - 1][0]:
            end += 1  # keep a member's rows together
        batches.append(Batch(rulebook, purpose, on, rows[start:end]))
        start = end
    return batches


def processes_available() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def judging(batches: Sequence[Batch], *, processes: int) -> Iterator[Iterator[Judged]]:
    """Judge the batches, shared among `processes` forked workers (or here if 1); yields results as they come."""
    if processes <= 1 or not can_fork():
        yield (judge(batch) for batch in batches)
        return
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    try:
        for share in _shares(batches, processes):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_judge_into, args=(share, send), daemon=True)
            process.start()
            send.close()  # the child's end: this process keeps only its own
            workers.append((process, receive))
        yield _results(workers)
    finally:
        for worker, receive in workers:
            receive.close()
            if worker.is_alive():  # the compile failed before taking every result
                worker.kill()
            worker.join()


def _shares(batches: Sequence[Batch], processes: int) -> list[Sequence[Batch]]:
    """Consecutive batches for each process, as evenly as they divide."""
    size = -(-len(batches) // processes)
    return [batches[start:start + size] for start in range(0, len(batches), size)]


def _judge_into(share: Sequence[Batch], send: Connection) -> None:
    # The worker lives for one compile and its facts hold no cycles: the cyclic collector would
    # only rescan the growing heap again and again (a third of the judging time or more).
    gc.disable()
    try:
        for batch in share:  # each batch sent as soon as it is judged, for the compile to write
            send.send(judge(batch))
        send.send(None)
    except BaseException as error:  # handed to the compile, which fails with it
        send.send(error)
    finally:
        send.close()


def _results(workers: list[tuple[BaseProcess, Connection]]) -> Iterator[Judged]:
    """Every worker's results, taking one from each in turn (they judge at the same pace)."""
    waiting = list(workers)
    while waiting:
        for worker, receive in list(waiting):
            result = _next_from(worker, receive)
            if result is None:
                waiting.remove((worker, receive))
            else:
                yield result


def _next_from(worker: BaseProcess, receive: Connection) -> Judged | None:
    try:
        result = receive.recv()
    except EOFError:
        worker.join()
        raise RuntimeError(f"a judging process ended without an answer (exit code {worker.exitcode})") from None
    if isinstance(result, BaseException):
        raise result
    return cast(Judged | None, result)
