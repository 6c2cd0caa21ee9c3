"""Compiling an electorate: every member of the unit, eligible or excluded with the reasons why.

Most members' records have not changed since the freeze date; for them the stored status,
continuous-membership date, subscription and birth date decide in one SQL comparison per rule
(moot.core.rules.electorate_criteria, which a property test holds equal to eligibility()).
Everyone else, and everyone that comparison excludes, is judged by eligibility() itself, so every
excluded member gets the exact sentences the rules give.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from moot.core.rules import NATIONAL, BallotKind, Criteria, Refused, VoteInBallot, eligibility_checker
from moot.core.rules import Unit as UnitFact
from moot.core.rules import UnitKind as UnitKindFact
from moot.core.rules.defaults import RuleKey
from moot.core.rules.electorate import electorate_criteria
from moot.electorate.models import Electorate, ElectorateEntry
from moot.ledger.services import record
from moot.members.eligibility import facts_for
from moot.members.models import Member, MembershipPeriod, MemberStatusChange
from moot.members.selectors import members_within
from moot.organisation.models import Unit
from moot.rulebook.selectors import load_rulebook

_CHUNK = 20_000
_ENTRIES = ElectorateEntry._meta.db_table


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
    electorate = Electorate.objects.create(title=title.strip(), ballot_kind=ballot_kind, unit=unit,
                                           freeze_on=freeze_on, started_by=by, started_at=timezone.now(),
                                           total=members_within(unit).count())
    record("electorate.started", electorate, {"title": electorate.title, "ballot_kind": ballot_kind,
                                              "unit": unit.pk, "freeze_on": freeze_on.isoformat()}, by=by)
    return electorate


def compile_electorate(electorate: Electorate) -> Electorate:
    """Judge every member and store the result, committing progress as it goes; fails cleanly."""
    try:
        _compile(electorate)
    except Exception as error:
        Electorate.objects.filter(pk=electorate.pk).update(status=Electorate.Status.FAILED, failure=str(error),
                                                           finished_at=timezone.now())
        raise
    electorate.refresh_from_db()
    return electorate


def _compile(electorate: Electorate) -> None:
    rulebook, purpose, today = load_rulebook(), purpose_for(electorate), timezone.localdate()
    criteria = electorate_criteria(rulebook, purpose, electorate.freeze_on)
    judge = eligibility_checker(rulebook, purpose, electorate.freeze_on)
    population = members_within(electorate.unit)
    settled = population.exclude(_changed_after(electorate.freeze_on))
    grace_now = rulebook.in_force(RuleKey.CONTINUOUS_MEMBERSHIP, today).integer("lapse_grace_days")
    admitted = 0
    if isinstance(criteria, Criteria) and criteria.lapse_grace_days == grace_now:
        admitted = _insert_admitted(electorate, settled.filter(_admitted(criteria)))
    judged = ElectorateEntry.objects.filter(electorate=electorate).values("member_id")
    rest = population.exclude(pk__in=judged)
    ids = list(rest.order_by("pk").values_list("pk", flat=True))
    _progress(electorate, admitted)
    done, excluded, rule_version = admitted, 0, getattr(criteria, "rule_version", "")
    for start in range(0, len(ids), _CHUNK):
        # A range of ids, not a list of them: the database filters it with the index, and the
        # queries stay small however many members the chunk holds.
        chunk = ids[start:start + _CHUNK]
        rows = []
        for pk, facts in facts_for(rest.filter(pk__gte=chunk[0], pk__lte=chunk[-1])).items():
            decision = judge(facts)
            rows.append((pk, decision.allowed, "" if decision.allowed else "\n".join(decision.reasons)))
            excluded += not decision.allowed
            rule_version = rule_version or (decision.rule_version or "")
        _insert(electorate, rows)
        done += len(chunk)
        _progress(electorate, done)
    with transaction.atomic():
        eligible = done - excluded
        Electorate.objects.filter(pk=electorate.pk).update(
            status=Electorate.Status.COMPLETE, done=done, total=done, eligible_count=eligible,
            excluded_count=excluded, rule_version=rule_version, finished_at=timezone.now())
        record("electorate.compiled", electorate, {"eligible": eligible, "excluded": excluded, "members": done,
                                                   "admitted_by_criteria": admitted,
                                                   "freeze_on": electorate.freeze_on.isoformat()},
               by=electorate.started_by, rule_version=rule_version)


def _changed_after(freeze_on: date) -> Q:
    """Members whose record changed after the freeze date: their stored columns are not as of then."""
    later_period = MembershipPeriod.objects.filter(
        Q(joined_on__gt=freeze_on) | Q(ended_on__gt=freeze_on), member_id=OuterRef("pk"))
    later_status = MemberStatusChange.objects.filter(from_on__gt=freeze_on, member_id=OuterRef("pk"))
    return Q(Exists(later_period)) | Q(Exists(later_status))


def _admitted(criteria: Criteria) -> Q:
    """Criteria.admits as one SQL condition over the stored columns."""
    condition = Q(status__in=[str(s) for s in criteria.statuses],
                  continuous_since__lte=criteria.continuous_since_on_or_before)
    if criteria.paid_up_to_on_or_after is not None:
        condition &= (Q(paid_up_to__isnull=True) & ~Q(status=Member.Status.ARREARS)) | Q(
            paid_up_to__gte=criteria.paid_up_to_on_or_after)
    if criteria.born_on_or_before is not None:
        condition &= Q(date_of_birth__lte=criteria.born_on_or_before)
    return condition


def _insert_admitted(electorate: Electorate, members: QuerySet[Member]) -> int:
    """Enter the members the SQL criteria admit, in one INSERT … SELECT inside the database."""
    sql, params = members.values_list("pk").order_by().query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_ENTRIES} (electorate_id, member_id, eligible, reasons)"  # noqa: S608
                       f" SELECT %s, admitted.*, %s, '' FROM ({sql}) admitted", [electorate.pk, True, *params])
        return cursor.rowcount


def _insert(electorate: Electorate, rows: list[tuple[int, bool, str]]) -> None:
    values = [(electorate.pk, pk, eligible, reasons) for pk, eligible, reasons in rows]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fast way to load many rows
            sql = f"COPY {_ENTRIES} (electorate_id, member_id, eligible, reasons) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {_ENTRIES} (electorate_id, member_id, eligible, reasons)"  # noqa: S608
                               " VALUES (%s, %s, %s, %s)", values)


def _progress(electorate: Electorate, done: int) -> None:
    Electorate.objects.filter(pk=electorate.pk).update(done=done)


def entries_of(electorate: Electorate) -> QuerySet[ElectorateEntry]:
    return electorate.entries.select_related("member__branch").order_by("member__last_name", "member__first_name")
