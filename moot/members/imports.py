"""The members CSV import: rows checked by moot.members.importer, written as register_members writes them.

On PostgreSQL the rows are streamed with COPY (docs/members-import.md, docs/benchmarks.md); elsewhere
they go through register_members itself. The tests hold the two paths equal.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from moot.bulk import RegisterBusy, copy_into, foreign_keys_checked_at_end
from moot.ledger.services import Entry, record, record_bulk
from moot.members.importer import ImportFileError, Parsed, Problem, decode, parse, periods_of, read_rows
from moot.members.importer import Row as ImportRow
from moot.members.models import Member, MembershipPeriod, MemberStatusChange
from moot.members.permissions import IMPORT_ROLES
from moot.members.services import NewMember, continuous_since_of, grace_days, register_members, status_began
from moot.organisation.models import Unit
from moot.permissions import scope_paths

_IMPORT_CHUNK = 10_000


@dataclass
class ImportResult:
    """What an import did, or would do in a dry run: rows read, imported, and every problem."""

    rows: int = 0
    importable: int = 0
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    file_error: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.problems


def import_members(
    *,
    data: bytes,
    by: Any,
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Import a members CSV: all or nothing unless `partial`; `by=None` is the command line (any branch)."""
    with _collector_paused():
        return _import(data, by, dry_run, partial, progress or (lambda phase, done, total: None))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of an import.

    Half a million rows make millions of objects without cycles; the collector kept re-scanning
    them all, a fifth of the time of reading a large file. Reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(data: bytes, by: Any, dry_run: bool, partial: bool, tick: Callable[[str, int, int], None]) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    try:
        text = decode(data)
        if not dry_run and not partial:
            done = _import_in_one_pass(text, by, tick)
            if done is not None:
                result.rows = result.importable = result.imported = done
                return result
        parsed = parse(text, today=timezone.localdate(), progress=lambda n: tick("read", n, 0))
    except ImportFileError as exc:
        result.file_error = str(exc)
        return result
    except RegisterBusy:
        result.file_error = _BUSY
        return result
    result.rows, result.problems = parsed.lines, parsed.problems
    branches = _importable_branches(by, {row.branch_code for row in parsed.rows})
    on_register = _numbers_on_register([row.membership_number.upper() for row in parsed.rows])
    good = []
    for row in parsed.rows:
        if row.branch_code not in branches:
            where = " within your scope" if by is not None else ""
            result.problems.append(
                Problem(row.line, "branch", f"there is no branch with the code '{row.branch_code}'{where}")
            )
        elif row.membership_number.upper() in on_register:
            result.problems.append(
                Problem(row.line, "membership_number", f"{row.membership_number} is already on the register")
            )
        else:
            good.append(row)
    result.importable = len(good)
    if dry_run or (result.problems and not partial) or not good:
        return result
    try:
        result.imported = _write_import(good, len(good), branches, by, len(result.problems), tick)
    except RegisterBusy:
        result.file_error = _BUSY
    except IntegrityError:
        result.file_error = (
            "Another change to the register added one of these membership numbers while the "
            "file was being imported; nothing was imported. Import the file again."
        )
    return result


_BUSY = (
    "The register is in use by another task, so this large import could not lock it; "
    "nothing was imported. Import the file again in a few minutes."
)


class _NotClean(Exception):
    """The file has a problem: the one-pass import stops, undone, and the full check reports every problem."""


def _import_in_one_pass(text: str, by: Any, tick: Callable[[str, int, int], None]) -> int | None:
    """Check and write each row as it is read, in one transaction; None if any row has a problem.

    Most files are good, and reading them while the database writes the rows before them saves the
    time of reading them first (docs/benchmarks.md). A member already on the register is found by
    the unique index. On any problem the transaction is undone and nothing is reported here: the
    two-pass import that follows names every problem, as it does for a dry run.
    """
    parsed = Parsed()
    rows = read_rows(text, parsed, today=timezone.localdate())
    branches = _importable_branches(by, None)

    def checked() -> Iterator[ImportRow]:
        for row in rows:
            if parsed.problems or row.branch_code not in branches:
                raise _NotClean
            yield row
        if parsed.problems:
            raise _NotClean

    # The progress bar's total: lines in the file, less the header (exact unless a cell holds a newline).
    estimate = max(text.count("\n") - (0 if text.endswith("\n") else -1) - 1, 1)
    try:
        imported = _write_import(checked(), estimate, branches, by, 0, tick)
    except (_NotClean, IntegrityError):
        return None
    if not imported:
        return None
    return parsed.lines


def _importable_branches(by: Any, codes: set[str] | None) -> dict[str, Unit]:
    """Branches by code that `by` may import into (every branch for the command line); all codes if None."""
    branches = Unit.objects.filter(kind=Unit.Kind.BRANCH)
    if codes is not None:
        branches = branches.filter(code__in=codes)
    if by is not None:
        paths = scope_paths(by, IMPORT_ROLES)
        branches = [b for b in branches if any(b.path.startswith(p) for p in paths)]  # type: ignore[assignment]
    return {b.code: b for b in branches}


def _numbers_on_register(numbers: list[str]) -> set[str]:
    """Which of these (upper-case) numbers the register already holds."""
    if connection.vendor == "postgresql":
        return _numbers_on_register_pg(numbers)
    found: set[str] = set()
    for start in range(0, len(numbers), _IMPORT_CHUNK):
        chunk = numbers[start : start + _IMPORT_CHUNK]
        found.update(
            n.upper()
            for n in Member.objects.filter(membership_number__in=chunk).values_list("membership_number", flat=True)
        )
    return found


def _numbers_on_register_pg(numbers: list[str]) -> set[str]:
    # One array parameter per 100,000 numbers: building IN lists of 10,000 placeholders took 10 s
    # of the 500,000-row import, nearly all of it in Python.
    found: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(numbers), 100_000):
            cursor.execute(
                f"SELECT membership_number FROM {Member._meta.db_table}"  # noqa: S608
                " WHERE membership_number = ANY(%s)",
                [numbers[start : start + 100_000]],
            )
            found.update(n.upper() for (n,) in cursor.fetchall())
    return found


@transaction.atomic
def _write_import(
    rows: Iterable[ImportRow],
    count: int,
    branches: dict[str, Unit],
    by: Any,
    skipped: int,
    tick: Callable[[str, int, int], None],
) -> int:
    """Write the rows (about `count` of them) in chunks; how many were written."""
    write = _copy_chunk if connection.vendor == "postgresql" else _register_chunk
    today = timezone.localdate()
    context = _WriteContext(by=by, branches=branches, today=today, grace_days=grace_days(today), now=timezone.now())
    source, written, first, last = iter(rows), 0, "", ""
    with _bulk_checks(count):
        while chunk := write(source, context):
            written += len(chunk)
            first, last = first or chunk[0].membership_number.upper(), chunk[-1].membership_number.upper()
            tick("write", written, max(count, written))
    if written:
        record(
            "member.import_completed",
            ("members.import", timezone.now().isoformat()),
            {"imported": written, "skipped_rows": skipped, "first": first, "last": last},
            by=by,
        )
    return written


def _bulk_checks(count: int) -> AbstractContextManager[None]:
    """For a large import on PostgreSQL, the new periods' and status changes' member keys checked once at the end.

    Locks the register until commit (moot.bulk), so only from settings.MOOT_IMPORT_BULK_ROWS rows: for
    500,000 members it saves about 10 s of the import; for 10,000, a fifth of a second.
    """
    if connection.vendor != "postgresql" or count < settings.MOOT_IMPORT_BULK_ROWS:
        return nullcontext()
    return foreign_keys_checked_at_end(
        Member, [MembershipPeriod, MemberStatusChange], lock_timeout_s=settings.MOOT_IMPORT_LOCK_WAIT_S
    )


@dataclass(frozen=True)
class _WriteContext:
    """What every chunk of an import is written with."""

    by: Any
    branches: dict[str, Unit]
    today: date
    grace_days: int
    now: datetime


def _register_chunk(source: Iterator[ImportRow], context: _WriteContext) -> list[ImportRow]:
    """The portable path (SQLite): the next chunk through the same service that registers one member."""
    rows = list(islice(source, _IMPORT_CHUNK))
    if rows:
        register_members(
            new_members=[
                NewMember(
                    membership_number=r.membership_number.upper(),
                    first_name=r.first_name,
                    last_name=r.last_name,
                    branch=context.branches[r.branch_code],
                    periods=periods_of(r),
                    status=r.status,
                    email=r.email,
                    phone=r.phone,
                    postcode=r.postcode,
                    date_of_birth=r.date_of_birth,
                    paid_up_to=r.paid_up_to,
                )
                for r in rows
            ],
            by=context.by,
        )
    return rows


# Columns written by COPY, in the order the _copy_chunk rows give them.
_MEMBER_COLUMNS = (
    "id",
    "membership_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "date_of_birth",
    "branch_id",
    "local_party_id",
    "status",
    "paid_up_to",
    "continuous_since",
)
_PERIOD_COLUMNS = ("member_id", "joined_on", "ended_on", "end_reason")
_STATUS_COLUMNS = ("member_id", "status", "from_on", "changed_at", "reason", "by_id", "rule_version")


def _copy_chunk(source: Iterator[ImportRow], context: _WriteContext) -> list[ImportRow]:
    """Write the next chunk as register_members would (the same records and ledger events), streamed with COPY.

    Rows are taken from `source` while the members COPY runs, so reading the file and the database's
    writing overlap.
    """
    head = next(source, None)
    if head is None:
        return []
    ids = _new_member_ids(_IMPORT_CHUNK)
    rows: list[ImportRow] = []
    periods: list[tuple[date, date | None, str]] = []
    by_id = getattr(context.by, "pk", None)
    with connection.wrap_database_errors, connection.cursor() as cursor:
        with copy_into(cursor.cursor, Member, _MEMBER_COLUMNS) as copy:
            # ids first: once a chunk's ids are used up, zip stops without taking another row.
            for pk, r in zip(ids, chain([head], source), strict=False):
                period = periods_of(r)[0]
                rows.append(r)
                periods.append(period)
                branch = context.branches[r.branch_code]
                copy.write_row(
                    (
                        pk,
                        r.membership_number.upper(),
                        r.first_name,
                        r.last_name,
                        r.email,
                        r.phone,
                        r.postcode,
                        r.date_of_birth,
                        branch.pk,
                        branch.parent_id,
                        r.status,
                        r.paid_up_to,
                        _continuous_since(period, context.grace_days, context.today),
                    )
                )
        del ids[len(rows) :]  # the sequence's unused ids are left as a gap, as a rolled-back insert leaves one
        with copy_into(cursor.cursor, MembershipPeriod, _PERIOD_COLUMNS) as copy:
            for pk, period in zip(ids, periods, strict=True):
                copy.write_row((pk, *period))
        with copy_into(cursor.cursor, MemberStatusChange, _STATUS_COLUMNS) as copy:
            for pk, r, period in zip(ids, rows, periods, strict=True):
                copy.write_row((pk, r.status, status_began([period], r.status), context.now, "Registered.", by_id, ""))
    subject_type = Member._meta.label_lower
    record_bulk(
        Entry(
            "member.registered",
            (subject_type, pk),
            {
                "membership_number": r.membership_number.upper(),
                "branch": context.branches[r.branch_code].pk,
                "status": r.status,
                "periods": [[j.isoformat(), e.isoformat() if e else None, reason]],
            },
            context.by,
        )
        for pk, r, (j, e, reason) in zip(ids, rows, periods, strict=True)
    )
    return rows


def _new_member_ids(count: int) -> list[int]:
    """Ids for new members from the table's own sequence, so that COPY can write them with their ledger events."""
    with connection.cursor() as cursor:
        # The sequence's name first: inside nextval() pg_get_serial_sequence ran once per id, 7x slower.
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Member._meta.db_table])
        (sequence,) = cursor.fetchone() or (None,)
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [pk for (pk,) in cursor.fetchall()]


@lru_cache(maxsize=100_000)
def _continuous_since(period: tuple[date, date | None, str], grace_days: int, on: date) -> date | None:
    # Cached: half a million members share a few thousand join and leaving dates.
    return continuous_since_of([period], grace_days, on)
