"""Large imports on PostgreSQL: the member keys are checked once at the end, and never left unchecked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from moot.bulk import RegisterBusy, foreign_keys_checked_at_end
from moot.conftest import Org
from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger
from moot.members.imports import import_members
from moot.members.models import Member, MembershipPeriod, MemberStatusChange
from moot.members.tests.test_import import GOOD, csv, snapshot

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loading is PostgreSQL's"),
]

CHILDREN = [MembershipPeriod, MemberStatusChange]


def keys_to_members() -> list[tuple[str, str, str]]:
    """Every foreign key that points at the members table: table, name, definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = 'members_member'::regclass ORDER BY 1, 2"
        )
        return list(cursor.fetchall())


@pytest.fixture
def table_in_use() -> Iterator[Any]:
    """Another session reading the membership periods, as a long report would."""
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
    )
    other.execute("LOCK TABLE members_membershipperiod IN ACCESS SHARE MODE")
    yield other
    other.close()


def test_the_keys_come_back_with_their_names_and_definitions(member: Any) -> None:
    before = keys_to_members()
    mia = Member.objects.get(account=member)
    with transaction.atomic(), foreign_keys_checked_at_end(Member, CHILDREN):
        during = {table for table, _, _ in keys_to_members()}
        assert "members_membershipperiod" not in during and "members_memberstatuschange" not in during
        MembershipPeriod.objects.create(
            member=mia, joined_on=date(2024, 1, 1), ended_on=date(2024, 2, 1), end_reason="lapsed"
        )
    assert keys_to_members() == before
    assert mia.periods.count() == 2


def test_a_row_that_breaks_a_key_undoes_the_whole_load(member: Any) -> None:
    before, periods = keys_to_members(), MembershipPeriod.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic(), foreign_keys_checked_at_end(Member, CHILDREN):
        MembershipPeriod.objects.create(member_id=10**9, joined_on=date(2024, 1, 1))
    assert keys_to_members() == before and MembershipPeriod.objects.count() == periods


def test_an_error_caught_inside_the_transaction_cannot_commit_it_without_its_keys(member: Any) -> None:
    before = keys_to_members()
    with transaction.atomic():
        with pytest.raises(ValueError), foreign_keys_checked_at_end(Member, CHILDREN):
            raise ValueError("a bug in the loader")
        assert transaction.get_rollback()
    assert keys_to_members() == before


def test_a_table_in_use_is_waited_for_only_so_long(member: Any, table_in_use: Any) -> None:
    before = keys_to_members()
    with (
        pytest.raises(RegisterBusy, match="members_membershipperiod"),
        transaction.atomic(),
        foreign_keys_checked_at_end(Member, CHILDREN, lock_timeout_s=1),
    ):
        pytest.fail("the block ran without the lock")
    assert keys_to_members() == before


def test_a_bulk_import_writes_every_row_and_leaves_the_keys_in_place(org: Org, settings: Any) -> None:
    settings.MOOT_IMPORT_BULK_ROWS = 3
    before = keys_to_members()
    result = import_members(data=csv(*GOOD), by=None)
    assert result.ok and result.imported == 3
    bea = Member.objects.get(membership_number="N0000002")
    assert list(bea.periods.values_list("joined_on", "ended_on")) == [(date(2021, 6, 1), date(2023, 4, 30))]
    assert list(bea.status_changes.values_list("status", flat=True)) == ["resigned"]
    assert keys_to_members() == before and verify_ledger().ok


def test_a_bulk_import_that_cannot_lock_the_register_imports_nothing(
    org: Org, settings: Any, table_in_use: Any
) -> None:
    settings.MOOT_IMPORT_BULK_ROWS, settings.MOOT_IMPORT_LOCK_WAIT_S = 3, 1
    before, events = snapshot(), Event.objects.count()
    result = import_members(data=csv(*GOOD), by=None)
    assert result.imported == 0 and "in use by another task" in result.file_error
    assert snapshot() == before and Event.objects.count() == events and keys_to_members()


def test_a_small_import_leaves_the_register_open(org: Org, settings: Any, table_in_use: Any) -> None:
    """Below the threshold nothing is locked: the import goes ahead while others read."""
    settings.MOOT_IMPORT_BULK_ROWS, settings.MOOT_IMPORT_LOCK_WAIT_S = 4, 1
    assert import_members(data=csv(*GOOD), by=None).imported == 3
