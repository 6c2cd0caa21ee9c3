"""Compiling an electorate: every member of the unit, eligible or excluded with the reasons why.

Most members' records have not changed since the freeze date; for them the stored status,
continuous-membership date, subscription and birth date decide in one SQL comparison per rule
(moot.core.rules.electorate_criteria, which a property test holds equal to eligibility()).
Everyone else, and everyone that comparison excludes, is judged by eligibility() itself, so every
excluded member gets the exact sentences the rules give.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Exists, Max, Min, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from moot.core.rules import NATIONAL, BallotKind, Criteria, Purpose, Refused, Rulebook, VoteInBallot
from moot.core.rules import Unit as UnitFact
from moot.core.rules import UnitKind as UnitKindFact
from moot.core.rules.defaults import RuleKey
from moot.core.rules.electorate import electorate_criteria
from moot.electorate.judging import (
    FactRow,
    Judged,
    Judges,
    judges,
    processes_available,
    split_batches,
)
from moot.electorate.models import Electorate, ElectorateEntry
from moot.ledger.services import record
from moot.members.models import Member, MembershipPeriod, MemberStatusChange
from moot.members.selectors import members_within
from moot.organisation.models import Unit
from moot.rulebook.selectors import load_rulebook

_ENTRIES = ElectorateEntry._meta.db_table
logger = logging.getLogger(__name__)
# Below this many members in the unit, the compile judges them itself: forking would cost more than it saves.
PARALLEL_FROM = 20_000
JUDGING_PROCESSES = min(2, processes_available())


def purpose_for(electorate: Electorate) -> VoteInBallot:
    if electorate.ballot_kind == Electorate.BallotKind.NATIONAL:
        return VoteInBallot(BallotKind.NATIONAL, electorate.freeze_on, NATIONAL)
    unit = UnitFact(UnitKindFact.LOCAL_PARTY, electorate.unit_id, electorate.unit.name)
    return VoteInBallot(BallotKind.SELECTION, electorate.freeze_on, unit)


@transaction.atomic
def start_electorate(*, title: str, ballot_kind: str, unit: Unit, freeze_on: date, by: Any) -> Electorate:
    """Record that the returning officer asked for an electorate; compile_electorate does the work."""
    if ballot_kind == Electorate.BallotKind.SELECTION and unit.kind != Unit.Kind.LOCAL_PARTY:
        raise Refused("A selection's electorate is a local party's members.")
    if ballot_kind == Electorate.BallotKind.NATIONAL and unit.kind != Unit.Kind.NATIONAL:
        raise Refused("A national ballot's electorate is the whole party.")
    if not title.strip():
        raise Refused("Give the ballot a title.")
    electorate = Electorate.objects.create(
        title=title.strip(),
        ballot_kind=ballot_kind,
        unit=unit,
        freeze_on=freeze_on,
        started_by=by,
        started_at=timezone.now(),
        total=members_within(unit).count(),
    )
    record(
        "electorate.started",
        electorate,
        {"title": electorate.title, "ballot_kind": ballot_kind, "unit": unit.pk, "freeze_on": freeze_on.isoformat()},
        by=by,
    )
    return electorate


def compile_electorate(electorate: Electorate) -> Electorate:
    """Judge every member and store the result, committing progress as it goes; fails cleanly."""
    try:
        _compile(electorate)
    except Exception as error:
        Electorate.objects.filter(pk=electorate.pk).update(
            status=Electorate.Status.FAILED, failure=str(error), finished_at=timezone.now()
        )
        raise
    electorate.refresh_from_db()
    return electorate


def _compile(electorate: Electorate) -> None:
    rulebook, purpose, today = load_rulebook(), purpose_for(electorate), timezone.localdate()
    criteria = electorate_criteria(rulebook, purpose, electorate.freeze_on)
    grace_now = rulebook.in_force(RuleKey.CONTINUOUS_MEMBERSHIP, today).integer("lapse_grace_days")
    by_criteria = isinstance(criteria, Criteria) and criteria.lapse_grace_days == grace_now
    flagged = _members_of(electorate.unit).alias(
        admitted=_admitted_flag(criteria, electorate.freeze_on)
        if isinstance(criteria, Criteria) and by_criteria
        else Value(False)
    )
    clock = _Clock(electorate)
    admitted, judged = _enter_everyone(
        electorate,
        flagged.filter(admitted=True) if by_criteria else None,
        flagged.filter(admitted=False),
        rulebook,
        purpose,
        clock,
    )
    _complete(electorate, admitted, judged, getattr(criteria, "rule_version", ""))
    clock.lap(f"recorded the result for {admitted + sum(batch.members for batch in judged):,} members")


def _enter_everyone(
    electorate: Electorate,
    admitted_members: QuerySet[Member] | None,
    to_judge: QuerySet[Member],
    rulebook: Rulebook,
    purpose: Purpose,
    clock: _Clock,
) -> tuple[int, list[Judged]]:
    """Enter the members the criteria admit, and judge and enter the rest, in one transaction."""
    fresh, forked = not connection.in_atomic_block, electorate.total >= PARALLEL_FROM and JUDGING_PROCESSES > 1
    with transaction.atomic():  # every entry or none: a failed compile leaves no half an electorate
        _bulk_settings(one_snapshot=fresh)  # admitted and judged are read from one state of the register
        with judges(forked=forked) as workers:
            read = partial(
                _read_and_judge,
                to_judge,
                workers,
                rulebook,
                purpose,
                electorate.freeze_on,
                JUDGING_PROCESSES if forked else 1,
            )
            with _reading(read, _exported_snapshot() if fresh else None) as rows_read:
                admitted = _insert_admitted(electorate, admitted_members) if admitted_members is not None else 0
            rows, results = rows_read(), workers.results()
            clock.lap(f"read {rows:,} rows of facts and entered {admitted:,} members admitted by the criteria")
            if not forked:  # nothing to overlap: judge first, so that the writes come together
                results = iter(list(results))
            judged = _insert_judged(electorate, results)  # each batch as its worker sends it
            clock.lap(f"judged and entered {sum(batch.members for batch in judged):,} members")
    return admitted, judged


def _read_and_judge(
    members: QuerySet[Member], workers: Judges, rulebook: Rulebook, purpose: Purpose, on: date, parts: int
) -> int:
    """Read the members' facts in `parts` ranges of ids, handing each range to the judges once read."""
    rows = 0
    for ids in _id_ranges(members, parts):
        # A forked worker judges each range while the next one is read, and the admitted entered.
        facts = _fact_rows(members, ids)
        workers.judge(split_batches(rulebook, purpose, on, facts, 4))
        rows += len(facts)
    return rows


@contextmanager
def _reading(read: Callable[[], int], snapshot: str | None) -> Iterator[Callable[[], int]]:
    """Run `read` here and now; or, given a snapshot, alongside the block, in a thread with its own connection."""
    if snapshot is None:
        rows = read()
        yield lambda: rows
        return
    # PostgreSQL, in a transaction of our own: a second connection reads in this transaction's
    # snapshot while this one enters the admitted members; the block ends once it has read.
    with ThreadPoolExecutor(1) as reader:
        future = reader.submit(_in_snapshot, read, snapshot)
        yield future.result


def _exported_snapshot() -> str | None:
    """This transaction's snapshot, for another connection to read in (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        return cast(str, cursor.fetchone()[0])


def _in_snapshot(read: Callable[[], int], snapshot: str) -> int:
    """`read` in this thread's own connection, in a read-only transaction seeing `snapshot`."""
    if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):  # SET takes no parameters: checked before it is pasted in
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            _bulk_settings(one_snapshot=False)
            return read()
    finally:
        connection.close()  # this thread's connection: nobody else will use it


def _id_ranges(members: QuerySet[Member], parts: int) -> list[range]:
    """The members' ids in `parts` ranges of about the same width."""
    ends = members.aggregate(first=Min("pk"), last=Max("pk"))
    if ends["first"] is None:
        return []
    first, last = ends["first"], ends["last"]
    width = -(-(last - first + 1) // parts)
    return [range(start, min(start + width, last + 1)) for start in range(first, last + 1, width)]


def _complete(electorate: Electorate, admitted: int, judged: list[Judged], rule_version: str) -> None:
    """Mark the electorate complete with its counts, and record that in the ledger."""
    done, excluded = admitted + sum(batch.members for batch in judged), sum(batch.excluded for batch in judged)
    rule_version = rule_version or next((batch.rule_version for batch in judged if batch.rule_version), "")
    with transaction.atomic():
        eligible = done - excluded
        Electorate.objects.filter(pk=electorate.pk).update(
            status=Electorate.Status.COMPLETE,
            done=done,
            total=done,
            eligible_count=eligible,
            excluded_count=excluded,
            rule_version=rule_version,
            finished_at=timezone.now(),
        )
        record(
            "electorate.compiled",
            electorate,
            {
                "eligible": eligible,
                "excluded": excluded,
                "members": done,
                "admitted_by_criteria": admitted,
                "freeze_on": electorate.freeze_on.isoformat(),
            },
            by=electorate.started_by,
            rule_version=rule_version,
        )


def _members_of(unit: Unit) -> QuerySet[Member]:
    """members_within(unit), written so that PostgreSQL plans it well for a national ballot."""
    if unit.kind != Unit.Kind.NATIONAL:
        return members_within(unit)
    if not Unit.objects.exclude(path__startswith=unit.path).exists():
        return Member.objects.all()  # the unit is the root: every local party is within it
    # The planner misjudges how many members a compile keeps and, given a join, probes the unit
    # index once per member; a list of ids is one hashed lookup per row.
    return Member.objects.filter(
        local_party_id__in=list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    )


def _bulk_settings(*, one_snapshot: bool) -> None:
    """PostgreSQL settings for this transaction: one snapshot if asked, no JIT, asynchronous commit."""
    if connection.vendor != "postgresql":
        return  # SQLite: a transaction reads one snapshot already
    with connection.cursor() as cursor:
        if one_snapshot:  # must come first in the transaction; a caller's transaction keeps its own
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # Compiling the big queries to machine code took longer (1.6 s) than running them.
        cursor.execute("SET LOCAL jit = off")
        # Safe: the transaction that marks the electorate complete commits synchronously, which
        # flushes these entries' commits to disk before it (WAL is written in order).
        cursor.execute("SET LOCAL synchronous_commit = off")


def _changed_after(freeze_on: date) -> Q:
    """Members whose record changed after the freeze date: their stored columns are not as of then."""
    later_period = MembershipPeriod.objects.filter(
        Q(joined_on__gt=freeze_on) | Q(ended_on__gt=freeze_on), member_id=OuterRef("pk")
    )
    later_status = MemberStatusChange.objects.filter(from_on__gt=freeze_on, member_id=OuterRef("pk"))
    return Q(Exists(later_period)) | Q(Exists(later_status))


def _admitted(criteria: Criteria) -> Q:
    """Criteria.admits as one SQL condition over the stored columns."""
    condition = Q(
        status__in=[str(s) for s in criteria.statuses], continuous_since__lte=criteria.continuous_since_on_or_before
    )
    if criteria.paid_up_to_on_or_after is not None:
        condition &= (Q(paid_up_to__isnull=True) & ~Q(status=Member.Status.ARREARS)) | Q(
            paid_up_to__gte=criteria.paid_up_to_on_or_after
        )
    if criteria.born_on_or_before is not None:
        condition &= Q(date_of_birth__lte=criteria.born_on_or_before)
    return condition


def _admitted_flag(criteria: Criteria, freeze_on: date) -> Case:
    """True for a member the criteria admit from an unchanged record, else false (never NULL)."""
    # A CASE, not filter() and exclude(): with NULL dates a condition and its negation can both be
    # unknown, and a member would be neither admitted nor judged.
    return Case(
        When(~_changed_after(freeze_on) & _admitted(criteria), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _fact_rows(members: QuerySet[Member], ids: range) -> list[FactRow]:
    """The rows judge() reads for these members with ids in `ids`: one per member, period and status change."""
    # One query, the members merged with the two member_id indexes: three queries took twice as
    # long, the second and third having to find the members again. The id range is repeated for
    # the periods and changes, so that only that part of their indexes is read.
    sql, params = (
        members.filter(pk__gte=ids.start, pk__lt=ids.stop)
        .order_by()
        .values_list("id", "status", "date_of_birth", "branch_id", "local_party_id", "paid_up_to")
        .query.sql_with_params()
    )
    periods, changes = MembershipPeriod._meta.db_table, MemberStatusChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.*, p.id, p.joined_on, p.ended_on, p.end_reason, c.id, c.status, c.from_on"  # noqa: S608
            f" FROM ({sql}) m"
            f" LEFT JOIN {periods} p ON p.member_id = m.id AND p.member_id >= %s AND p.member_id < %s"
            f" LEFT JOIN {changes} c ON c.member_id = m.id AND c.member_id >= %s AND c.member_id < %s"
            " ORDER BY m.id, p.joined_on, p.id, c.from_on, c.id",
            [*params, *[ids.start, ids.stop] * 2],
        )
        rows: list[FactRow] = cursor.fetchall()
        return rows


def _insert_admitted(electorate: Electorate, members: QuerySet[Member]) -> int:
    """Enter the members the SQL criteria admit, in one INSERT … SELECT inside the database."""
    sql, params = members.values_list("pk").order_by("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_ENTRIES} (electorate_id, member_id, eligible, reasons)"  # noqa: S608
            f" SELECT %s, admitted.*, %s, '' FROM ({sql}) admitted",
            [electorate.pk, True, *params],
        )
        return int(cursor.rowcount)


def _insert_judged(electorate: Electorate, results: Iterable[Judged]) -> list[Judged]:
    """Enter each batch's verdicts as it comes (COPY on PostgreSQL); the batches, without their verdicts."""
    columns, judged, electorate_id = f"{_ENTRIES} (electorate_id, member_id, eligible, reasons)", [], electorate.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fast way to load many rows
            with cursor.cursor.copy(f"COPY {columns} FROM STDIN") as copy:
                for batch in results:
                    for pk, eligible, reasons in batch.verdicts:
                        copy.write_row((electorate_id, pk, eligible, reasons))
                    judged.append(replace(batch, verdicts=[]))
        else:
            for batch in results:
                cursor.executemany(
                    f"INSERT INTO {columns} VALUES (%s, %s, %s, %s)",  # noqa: S608
                    [(electorate_id, pk, eligible, reasons) for pk, eligible, reasons in batch.verdicts],
                )
                judged.append(replace(batch, verdicts=[]))
    return judged


class _Clock:
    """Logs how long each phase of a compile took, for the benchmark and for anyone watching a slow one."""

    def __init__(self, electorate: Electorate) -> None:
        self.electorate, self.last = electorate, time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        logger.info("electorate %s: %s in %.2f s", self.electorate.pk, what, now - self.last)
        self.last = now


def entries_of(electorate: Electorate) -> QuerySet[ElectorateEntry]:
    return electorate.entries.select_related("member__branch").order_by("member__last_name", "member__first_name")
