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
import sys
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
    int,
    str,
    date | None,
    int | None,
    int | None,
    date | None,  # member id, status, born, branch, party, paid
    int | None,
    date | None,
    date | None,
    str | None,  # period id, joined_on, ended_on, end_reason
    int | None,
    str | None,
    date | None,  # status change id, status, from_on
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
    # One pass, indexing the rows rather than slicing them: this runs for every member judged.
    member: FactRow | None = None
    periods: list[MembershipPeriod] = []
    changes: list[StatusChange] = []
    first_period = last_period = None
    for row in rows:
        if member is None or row[0] != member[0]:
            if member is not None:
                yield member[0], _facts(member, periods, changes)
            member, periods, changes, first_period, last_period = row, [], [], row[6], None
        if row[6] is not None and row[6] != last_period:  # a period repeats for each change: take it once
            assert row[7] is not None  # joined_on is NOT NULL
            periods.append(MembershipPeriod(row[7], row[8], _END_REASON[row[9]] if row[9] else None))
            last_period = row[6]
        if row[10] is not None and row[6] == first_period:  # the first period's rows hold every change
            assert row[11] is not None and row[12] is not None  # NOT NULL columns
            changes.append(StatusChange(_STATUS[row[11]], row[12]))
    if member is not None:
        yield member[0], _facts(member, periods, changes)


def _facts(member: FactRow, periods: list[MembershipPeriod], changes: list[StatusChange]) -> MemberFacts:
    return MemberFacts(
        periods=tuple(periods),
        status=_STATUS[member[1]],
        status_history=tuple(changes),
        date_of_birth=member[2],
        home_branch_id=member[3],
        local_party_id=member[4],
        paid_up_to=member[5],
    )


def split_batches(rulebook: Rulebook, purpose: Purpose, on: date, rows: Sequence[FactRow], parts: int) -> list[Batch]:
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
    # Linux only: macOS offers fork, but its system libraries may crash a forked child.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Judges:
    """Judges batches of members: in a worker process forked for each share, or here, later."""

    def __init__(self, *, forked: bool) -> None:
        self.forked = forked and can_fork()
        self.here: list[Batch] = []
        self.workers: list[tuple[BaseProcess, Connection]] = []

    def judge(self, share: Sequence[Batch]) -> None:
        """Start judging a share of the batches (a forked worker starts at once)."""
        if not self.forked:
            self.here.extend(share)
            return
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(target=_judge_into, args=(share, send), daemon=True)
        process.start()
        send.close()  # the child's end: this process keeps only its own
        self.workers.append((process, receive))

    def results(self) -> Iterator[Judged]:
        """Every batch judged, taking one from each worker in turn (they judge at the same pace)."""
        yield from (judge(batch) for batch in self.here)
        waiting = list(self.workers)
        while waiting:
            for worker, receive in list(waiting):
                result = _next_from(worker, receive)
                if result is None:
                    waiting.remove((worker, receive))
                else:
                    yield result

    def stop(self) -> None:
        for worker, receive in self.workers:
            receive.close()
            if worker.is_alive():  # the compile failed before taking every result
                worker.kill()
            worker.join()


@contextmanager
def judges(*, forked: bool) -> Iterator[Judges]:
    """Judges, whose workers are stopped however the compile ends."""
    found = Judges(forked=forked)
    try:
        yield found
    finally:
        found.stop()


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


def _next_from(worker: BaseProcess, receive: Connection) -> Judged | None:
    try:
        result = receive.recv()
    except EOFError:
        worker.join()
        raise RuntimeError(f"a judging process ended without an answer (exit code {worker.exitcode})") from None
    if isinstance(result, BaseException):
        raise result
    return cast(Judged | None, result)
