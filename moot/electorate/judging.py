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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
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

# Rows as the compile selects them, ordered by member id (then as facts_for orders them).
MemberRow = tuple[int, str, date | None, int | None, int | None, date | None]  # id, status, born, branch, party, paid
PeriodRow = tuple[int, date, date | None, str]  # member id, joined_on, ended_on, end_reason
StatusRow = tuple[int, str, date]  # member id, status, from_on
Verdict = tuple[int, bool, str]  # member id, eligible, the Decision's reasons one a line ("" when eligible)

_STATUS = {s.value: s for s in Status}
_END_REASON = {r.value: r for r in EndReason}


@dataclass(frozen=True)
class Batch:
    """Members to judge, with their periods and status history, and what to judge them for."""

    rulebook: Rulebook
    purpose: Purpose
    on: date
    members: Sequence[MemberRow]
    periods: Sequence[PeriodRow]
    history: Sequence[StatusRow]


@dataclass(frozen=True)
class Judged:
    """The verdicts for one batch, in member order, and the rule versions a Decision cited."""

    verdicts: list[Verdict]
    excluded: int
    rule_version: str


def judge(batch: Batch) -> Judged:
    """Every member's Decision, exactly as eligibility() gives it for facts_for's facts."""
    check = eligibility_checker(batch.rulebook, batch.purpose, batch.on)
    verdicts, excluded, rule_version = [], 0, ""
    for pk, facts in member_facts(batch.members, batch.periods, batch.history):
        decision: Decision = check(facts)
        verdicts.append((pk, decision.allowed, "" if decision.allowed else "\n".join(decision.reasons)))
        excluded += not decision.allowed
        rule_version = rule_version or decision.rule_version or ""
    return Judged(verdicts, excluded, rule_version)


def member_facts(members: Sequence[MemberRow], periods: Sequence[PeriodRow],
                 history: Sequence[StatusRow]) -> Iterator[tuple[int, MemberFacts]]:
    """MemberFacts from rows, as moot.members.eligibility.facts_for builds them from the ORM."""
    p, h, period_rows, history_rows = 0, 0, len(periods), len(history)
    for pk, status, born, branch, party, paid in members:
        own_periods = []
        while p < period_rows and periods[p][0] == pk:
            _, joined, ended, reason = periods[p]
            own_periods.append(MembershipPeriod(joined, ended, _END_REASON[reason] if reason else None))
            p += 1
        own_history = []
        while h < history_rows and history[h][0] == pk:
            own_history.append(StatusChange(_STATUS[history[h][1]], history[h][2]))
            h += 1
        yield pk, MemberFacts(periods=tuple(own_periods), status=_STATUS[status], status_history=tuple(own_history),
                              date_of_birth=born, home_branch_id=branch, local_party_id=party, paid_up_to=paid)
    if p < period_rows or h < history_rows:  # out of order, or a member missing: facts would be wrong
        raise ValueError("periods or status changes left over for members not in the batch, or out of order")


def split_batches(rulebook: Rulebook, purpose: Purpose, on: date, members: Sequence[MemberRow],
                  periods: Sequence[PeriodRow], history: Sequence[StatusRow], parts: int) -> list[Batch]:
    """Cut the rows into `parts` batches of consecutive members, each with its own periods and history."""
    size = max(1, -(-len(members) // max(1, parts)))
    period_ids = [row[0] for row in periods]
    history_ids = [row[0] for row in history]
    batches = []
    for start in range(0, len(members), size):
        chunk = members[start:start + size]
        first, last = chunk[0][0], chunk[-1][0]
        batches.append(Batch(
            rulebook, purpose, on, chunk,
            periods[bisect_left(period_ids, first):bisect_right(period_ids, last)],
            history[bisect_left(history_ids, first):bisect_right(history_ids, last)]))
    return batches


def processes_available() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def judging(batches: Sequence[Batch], *, in_processes: bool) -> Iterator[Callable[[], list[Judged]]]:
    """Start judging the batches, each in a forked process if asked; call what it yields to wait for them."""
    if not in_processes or not can_fork():
        yield lambda: [judge(batch) for batch in batches]
        return
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for batch in batches:
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=_judge_into, args=(batch, send), daemon=True)
            worker.start()
            send.close()  # the child's end: this process keeps only its own
            workers.append((worker, receive))
        yield lambda: [_result_of(worker, receive) for worker, receive in workers]
    finally:
        for worker, receive in workers:
            receive.close()
            if worker.is_alive():  # the compile failed before asking for the results
                worker.kill()
            worker.join()


def _judge_into(batch: Batch, send: Connection) -> None:
    # The worker lives for one batch and its facts hold no cycles: the cyclic collector would
    # only rescan the growing heap again and again (a third of the judging time).
    gc.disable()
    try:
        send.send(judge(batch))
    except BaseException as error:  # handed to the compile, which fails with it
        send.send(error)
    finally:
        send.close()


def _result_of(worker: BaseProcess, receive: Connection) -> Judged:
    try:
        result = receive.recv()
    except EOFError:
        worker.join()
        raise RuntimeError(f"a judging process ended without an answer (exit code {worker.exitcode})") from None
    if isinstance(result, BaseException):
        raise result
    return cast(Judged, result)
