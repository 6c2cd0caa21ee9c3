"""Every write to the register: registering members, changing status, affiliations."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from moot.core.rules import EndReason, Refused, continuous_since
from moot.core.rules import MembershipPeriod as PeriodFact
from moot.core.rules.defaults import RuleKey
from moot.ledger.services import Entry, record, record_bulk, record_many
from moot.members.importer import ImportFileError, Parsed, Problem, decode, parse, periods_of, read_rows
from moot.members.importer import Row as ImportRow
from moot.members.models import Affiliation, Member, MembershipPeriod, MemberStatusChange
from moot.organisation.models import Unit
from moot.permissions import scope_paths
from moot.roles import Role
from moot.rulebook.models import Organisation
from moot.rulebook.selectors import load_rulebook


@dataclass
class NewMember:
    membership_number: str
    first_name: str
    last_name: str
    branch: Unit
    periods: list[tuple[date, date | None, str]]  # joined_on, ended_on, end_reason
    status: str = Member.Status.ACTIVE
    email: str = ""
    phone: str = ""
    postcode: str = ""
    date_of_birth: date | None = None
    paid_up_to: date | None = None
    account: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def register_member(*, new: NewMember, by: Any) -> Member:
    return register_members(new_members=[new], by=by)[0]


def _grace_days(on: date) -> int:
    return load_rulebook().in_force(RuleKey.CONTINUOUS_MEMBERSHIP, on).integer("lapse_grace_days")


def continuous_since_of(periods: Sequence[tuple[date, date | None, str]], grace_days: int,
                        on: date | None = None) -> date | None:
    """The date continuous membership runs from today (rule 'continuous membership')."""
    facts = tuple(PeriodFact(joined_on=j, ended_on=e, end_reason=EndReason(r) if r else None) for (j, e, r) in periods)
    return continuous_since(facts, on or timezone.localdate(), grace_days)


@transaction.atomic
def register_members(*, new_members: Sequence[NewMember], by: Any) -> list[Member]:
    """Add members with their membership history and first status, one ledger event each, in bulk."""
    for new in new_members:
        if new.branch.kind != Unit.Kind.BRANCH:
            raise Refused(f"{new.first_name} {new.last_name}: {new.branch} is not a branch.")
    today, grace = timezone.localdate(), _grace_days(timezone.localdate())
    local_parties: dict[int | None, Unit] = {
        u.pk: u for u in Unit.objects.filter(pk__in={n.branch.parent_id for n in new_members})}
    members = Member.objects.bulk_create(
        [
            Member(membership_number=n.membership_number, account=n.account, first_name=n.first_name,
                   last_name=n.last_name, email=n.email, phone=n.phone, postcode=n.postcode,
                   date_of_birth=n.date_of_birth, branch=n.branch,
                   local_party=local_parties[n.branch.parent_id], status=n.status, paid_up_to=n.paid_up_to,
                   continuous_since=continuous_since_of(n.periods, grace, today))
            for n in new_members
        ],
        batch_size=2000,
    )
    if any(m.pk is None for m in members):  # backends without RETURNING: fetch the ids back
        by_number = dict(Member.objects.filter(
            membership_number__in=[m.membership_number for m in members]).values_list("membership_number", "pk"))
        for m in members:
            m.pk = by_number[m.membership_number]
    pairs = list(zip(members, new_members, strict=True))
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member=m, joined_on=j, ended_on=e, end_reason=r)
         for m, n in pairs for (j, e, r) in n.periods],
        batch_size=5000,
    )
    now = timezone.now()
    MemberStatusChange.objects.bulk_create(
        [MemberStatusChange(member=m, status=m.status, from_on=_status_from(n), changed_at=now,
                            reason="Registered.", by=by) for m, n in pairs],
        batch_size=5000,
    )
    record_many([
        Entry("member.registered", m, {
            "membership_number": m.membership_number, "branch": n.branch.pk, "status": m.status,
            "periods": [[j.isoformat(), e.isoformat() if e else None, r] for (j, e, r) in n.periods],
        }, by)
        for m, n in pairs
    ])
    return members


def _status_from(new: NewMember) -> date:
    return status_began(new.periods, new.status)


def status_began(periods: Sequence[tuple[date, date | None, str]], status: str) -> date:
    """When the registered status began: the last join, or the last leaving for a former member."""
    joined, ended, _ = periods[-1]
    return ended if ended is not None and status != Member.Status.ACTIVE else joined


@transaction.atomic
def change_member_status(*, member: Member, status: str, from_on: date, reason: str, by: Any,
                         rule_version: str = "") -> Member:
    """Move a member to a new status from a date, with reasons; the history keeps every step."""
    if status not in Member.Status.values:
        raise Refused(f"'{status}' is not a membership status.")
    if not reason.strip():
        raise Refused("A change of membership status needs written reasons.")
    if status == member.status:
        raise Refused(f"{member.name} is already {member.get_status_display().lower()}.")
    last = member.status_changes.order_by("-from_on", "-id").first()
    if last is not None and from_on < last.from_on:
        raise Refused(f"The status cannot change from {from_on:%-d %B %Y}: the last change was recorded "
                      f"from {last.from_on:%-d %B %Y}.")
    updated = Member.objects.filter(pk=member.pk, status=member.status).update(status=status)
    if not updated:
        raise Refused(f"{member.name}'s record changed while you were looking at it; reload and try again.")
    MemberStatusChange.objects.create(member=member, status=status, from_on=from_on, changed_at=timezone.now(),
                                      reason=reason, by=by, rule_version=rule_version)
    record("member.status_changed", member, {"from": member.status, "to": status, "from_on": from_on.isoformat(),
                                             "reason": reason}, by=by, rule_version=rule_version)
    member.status = status
    return member


@transaction.atomic
def record_affiliation(*, member: Member, organisation: Organisation, from_on: date, to_on: date | None,
                       evidence: str, by: Any) -> Affiliation:
    if to_on is not None and to_on <= from_on:
        raise Refused("An affiliation must end after it begins.")
    affiliation = Affiliation.objects.create(member=member, organisation=organisation, from_on=from_on,
                                             to_on=to_on, evidence=evidence, recorded_by=by)
    record("member.affiliation_recorded", member, {
        "organisation": organisation.pk, "from_on": from_on.isoformat(),
        "to_on": to_on.isoformat() if to_on else None, "evidence": evidence}, by=by)
    return affiliation


# --- CSV import (issue 4): checks in moot.members.importer; written by COPY on PostgreSQL, else through
# register_members ------------------------------------------------------------------------------

IMPORT_ROLES = frozenset({Role.NATIONAL_STAFF, Role.REGIONAL_STAFF, Role.ADMINISTRATOR})
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


def import_members(*, data: bytes, by: Any, dry_run: bool = False, partial: bool = False,
                   progress: Callable[[str, int, int], None] | None = None) -> ImportResult:
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
            result.problems.append(Problem(row.line, "branch", f"there is no branch with the code "
                                                               f"'{row.branch_code}'{where}"))
        elif row.membership_number.upper() in on_register:
            result.problems.append(Problem(row.line, "membership_number",
                                           f"{row.membership_number} is already on the register"))
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
        result.file_error = ("Another change to the register added one of these membership numbers while the "
                             "file was being imported; nothing was imported. Import the file again.")
    return result


_BUSY = ("The register is in use by another task, so this large import could not lock it; "
         "nothing was imported. Import the file again in a few minutes.")


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
        chunk = numbers[start:start + _IMPORT_CHUNK]
        found.update(n.upper() for n in Member.objects.filter(membership_number__in=chunk)
                     .values_list("membership_number", flat=True))
    return found


def _numbers_on_register_pg(numbers: list[str]) -> set[str]:
    # One array parameter per 100,000 numbers: building IN lists of 10,000 placeholders took 10 s
    # of the 500,000-row import, nearly all of it in Python.
    found: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(numbers), 100_000):
            cursor.execute(f"SELECT membership_number FROM {Member._meta.db_table}"  # noqa: S608
                           " WHERE membership_number = ANY(%s)", [numbers[start:start + 100_000]])
            found.update(n.upper() for (n,) in cursor.fetchall())
    return found


@transaction.atomic
def _write_import(rows: Iterable[ImportRow], count: int, branches: dict[str, Unit], by: Any, skipped: int,
                  tick: Callable[[str, int, int], None]) -> int:
    """Write the rows (about `count` of them) in chunks; how many were written."""
    write = _copy_chunk if connection.vendor == "postgresql" else _register_chunk
    today = timezone.localdate()
    context = _WriteContext(by=by, branches=branches, today=today, grace_days=_grace_days(today), now=timezone.now())
    source, written, first, last = iter(rows), 0, "", ""
    with _bulk_checks(count):
        while chunk := write(source, context):
            written += len(chunk)
            first, last = first or chunk[0].membership_number.upper(), chunk[-1].membership_number.upper()
            tick("write", written, max(count, written))
    if written:
        record("member.import_completed", ("members.import", timezone.now().isoformat()),
               {"imported": written, "skipped_rows": skipped, "first": first, "last": last}, by=by)
    return written


def _bulk_checks(count: int) -> AbstractContextManager[None]:
    """For a large import on PostgreSQL, the new periods' and status changes' member keys checked once at the end.

    Locks the register until commit (moot.bulk), so only from settings.MOOT_IMPORT_BULK_ROWS rows: for
    500,000 members it saves about 10 s of the import; for 10,000, a fifth of a second.
    """
    if connection.vendor != "postgresql" or count < settings.MOOT_IMPORT_BULK_ROWS:
        return nullcontext()
    return foreign_keys_checked_at_end(Member, [MembershipPeriod, MemberStatusChange],
                                       lock_timeout_s=settings.MOOT_IMPORT_LOCK_WAIT_S)


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
        register_members(new_members=[
            NewMember(membership_number=r.membership_number.upper(), first_name=r.first_name,
                      last_name=r.last_name, branch=context.branches[r.branch_code], periods=periods_of(r),
                      status=r.status, email=r.email, phone=r.phone, postcode=r.postcode,
                      date_of_birth=r.date_of_birth, paid_up_to=r.paid_up_to)
            for r in rows], by=context.by)
    return rows


# Columns written by COPY, in the order the _copy_chunk rows give them.
_MEMBER_COLUMNS = ("id", "membership_number", "first_name", "last_name", "email", "phone", "postcode",
                   "date_of_birth", "branch_id", "local_party_id", "status", "paid_up_to", "continuous_since")
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
                copy.write_row((pk, r.membership_number.upper(), r.first_name, r.last_name, r.email, r.phone,
                                r.postcode, r.date_of_birth, branch.pk, branch.parent_id, r.status, r.paid_up_to,
                                _continuous_since(period, context.grace_days, context.today)))
        del ids[len(rows):]  # the sequence's unused ids are left as a gap, as a rolled-back insert leaves one
        with copy_into(cursor.cursor, MembershipPeriod, _PERIOD_COLUMNS) as copy:
            for pk, period in zip(ids, periods, strict=True):
                copy.write_row((pk, *period))
        with copy_into(cursor.cursor, MemberStatusChange, _STATUS_COLUMNS) as copy:
            for pk, r, period in zip(ids, rows, periods, strict=True):
                copy.write_row((pk, r.status, status_began([period], r.status), context.now, "Registered.",
                                by_id, ""))
    subject_type = Member._meta.label_lower
    record_bulk(
        Entry("member.registered", (subject_type, pk), {
            "membership_number": r.membership_number.upper(), "branch": context.branches[r.branch_code].pk,
            "status": r.status, "periods": [[j.isoformat(), e.isoformat() if e else None, reason]],
        }, context.by)
        for pk, r, (j, e, reason) in zip(ids, rows, periods, strict=True))
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


@transaction.atomic
def record_register_export(*, members: Any, by: Any) -> None:
    """An export of personal data is itself recorded: who took how many members' records, and when."""
    record("member.register_exported", ("members.export", by.pk), {"members": members.count()}, by=by)


def _recompute_continuous_since(member: Member, on: date) -> None:
    periods = [(p.joined_on, p.ended_on, p.end_reason) for p in member.periods.order_by("joined_on")]
    since = continuous_since_of(periods, _grace_days(on), on)
    Member.objects.filter(pk=member.pk).update(continuous_since=since)
    member.continuous_since = since


@transaction.atomic
def end_membership(*, member: Member, on: date, end_reason: str, by: Any) -> Member:
    """Close the open membership period (expulsion, exclusion): continuous membership stops on that day."""
    if end_reason not in MembershipPeriod.EndReason.values:
        raise Refused(f"'{end_reason}' is not a reason a membership ends.")
    current = member.periods.filter(ended_on__isnull=True).order_by("-joined_on").first()
    if current is None:
        raise Refused(f"{member.name} has no open membership period to end.")
    if on < current.joined_on:
        raise Refused(f"The membership cannot end on {on:%-d %B %Y}, before it began on {current.joined_on:%-d %B %Y}.")
    MembershipPeriod.objects.filter(pk=current.pk).update(ended_on=on, end_reason=end_reason)
    _recompute_continuous_since(member, on)
    record("member.period_ended", member, {"joined_on": current.joined_on.isoformat(), "ended_on": on.isoformat(),
                                           "end_reason": end_reason}, by=by)
    return member


@transaction.atomic
def start_membership(*, member: Member, on: date, by: Any) -> Member:
    """Open a new membership period (readmission): continuous membership starts again from that day."""
    if member.periods.filter(ended_on__isnull=True).exists():
        raise Refused(f"{member.name} is already a member.")
    last = member.periods.order_by("-joined_on").first()
    if last is not None and last.ended_on is not None and on < last.ended_on:
        raise Refused(f"A new membership cannot begin before the last one ended on {last.ended_on:%-d %B %Y}.")
    MembershipPeriod.objects.create(member=member, joined_on=on)
    _recompute_continuous_since(member, on)
    record("member.period_started", member, {"joined_on": on.isoformat()}, by=by)
    return member
