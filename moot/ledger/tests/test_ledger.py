"""The ledger in the database: one writer, append-only by model and by trigger, verified by command."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from moot.ledger import triggers
from moot.ledger.models import AppendOnlyError, Event, Payload
from moot.ledger.services import Entry, erase_payload, record, record_bulk, record_many
from moot.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


def _existing() -> int:
    """Events already present (migrate seeds the default rulebook, each version an event)."""
    return Event.objects.count()


def _write(n: int) -> list[Event]:
    with transaction.atomic():
        return [record("test.happened", ("test.thing", i), {"i": i, "name": f"Person {i}"}, by=None) for i in range(n)]


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_write_outside_a_transaction() -> None:
    before = _existing()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record("test.happened", ("test.thing", 1), {}, by=None)
    assert Event.objects.count() == before


def test_events_are_numbered_and_chained() -> None:
    before = _existing()
    events = _write(3)
    assert [e.seq for e in events] == [before + 1, before + 2, before + 3]
    assert verify_ledger().ok and verify_ledger().verified == before + 3
    assert Event.objects.get(seq=before + 2).data == {"i": 1, "name": "Person 1"}


def test_a_failed_change_leaves_no_event() -> None:
    before = _existing()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record("test.happened", ("test.thing", 1), {}, by=None)
        _ = 1 / 0
    assert Event.objects.count() == before


def test_the_model_refuses_change_and_deletion() -> None:
    event = _write(1)[0]
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_event SET action = 'x' WHERE seq = 1",
        "DELETE FROM ledger_event WHERE seq = 1",
        "UPDATE ledger_payload SET body = '{}' WHERE event_id = 1",
    ],
)
def test_the_database_refuses_change_and_deletion(sql: str) -> None:
    _write(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert verify_ledger().ok


def _tamper(sql: str, params: list[Any]) -> None:
    """What someone with database access could do: drop the triggers, then rewrite rows."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)


@pytest.mark.parametrize("how", [[], ["--independent"]])
@pytest.mark.parametrize(
    ("sql", "params", "bad"),
    [
        ("UPDATE ledger_event SET subject_id = %s WHERE seq = 4", ["999"], 4),
        ("DELETE FROM ledger_event WHERE seq = 3", [], 3),
        ("UPDATE ledger_event SET seq = seq + 100 WHERE seq = 2", [], 2),
        ("DELETE FROM ledger_payload WHERE event_id = 5", [], 5),
        ("UPDATE ledger_event SET payload_digest = %s WHERE seq = 1", ["0" * 64], 1),
    ],
)
def test_audit_verify_exits_1_naming_the_first_tampered_event(
    sql: str, params: list[Any], bad: int, how: list[str]
) -> None:
    """On PostgreSQL the default walk is in SQL and --independent walks in Python; both must agree."""
    _write(6)
    _tamper(sql, params)
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", *how)
    assert refused.value.returncode == 1
    assert f"broken at event {bad}:" in str(refused.value)


def test_audit_verify_reports_the_count(capsys: pytest.CaptureFixture[str]) -> None:
    before = _existing()
    _write(7)
    call_command("audit", "verify")
    assert f"{before + 7} events verified" in capsys.readouterr().out


@pytest.mark.parametrize("independent", [False, True])
def test_erasure_removes_personal_data_but_the_chain_still_verifies(independent: bool) -> None:
    before = _existing()
    erased = _write(3)[1].seq
    erase_payload(seq=erased, by=None, reason="Subject's erasure request of 1 March")
    assert not Payload.objects.filter(event_id=erased).exists()
    assert Event.objects.get(seq=erased).data is None
    result = verify_ledger(independent=independent)
    assert result.ok and result.verified == before + 4
    assert result.head_hash == Event.objects.order_by("-seq").first().hash  # type: ignore[union-attr]


def test_a_rewritten_chain_is_caught_by_a_published_checkpoint(capsys: pytest.CaptureFixture[str]) -> None:
    head = _write(3)[-1].seq
    call_command("audit", "checkpoint")
    checkpoint = capsys.readouterr().out.strip()
    assert checkpoint.startswith(f"{head}:")
    _tamper("DELETE FROM ledger_payload", [])
    _tamper("DELETE FROM ledger_event", [])
    _write(head)  # a forger rebuilds a self-consistent chain of the same length
    assert verify_ledger().ok
    with pytest.raises(CommandError, match=f"event {head} no longer has the published hash"):
        call_command("audit", "verify", "--checkpoint", checkpoint)


def test_a_malformed_checkpoint_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="is not SEQ:HASH") as refused:
        call_command("audit", "verify", "--checkpoint", "three:abc")
    assert refused.value.returncode == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [1, 3])
def test_walking_in_parallel_finds_the_same_first_bad_event(workers: int) -> None:
    """On PostgreSQL (and SQLite files) ranges are walked in separate processes and joined."""
    with transaction.atomic():
        record_many([Entry("test.happened", ("test.thing", i), {"i": i}, by=None) for i in range(30)])
    total = Event.objects.count()
    assert verify_ledger(workers=workers, independent=True).verified == total
    _tamper("UPDATE ledger_event SET subject_id = %s WHERE seq = %s", ["tampered", total - 5])
    result = verify_ledger(workers=workers, independent=True)
    assert not result.ok and result.first_bad_seq == total - 5 and result.verified == total - 6


def _entries(n: int, by: Any = None) -> list[Entry]:
    return [Entry("test.bulk", ("test.thing", i), {"i": i, "name": f"Zoë {i}"}, by) for i in range(n)]


def _stored(after: int) -> list[tuple[Any, ...]]:
    """Events after `after` as stored, with their payloads, minus the moment (record_many and record_bulk differ)."""
    return [
        (e.seq, e.actor_id, e.action, e.subject_type, e.subject_id, e.rule_version, e.payload_digest, e.data)
        for e in Event.objects.filter(seq__gt=after).order_by("seq")
    ]


def test_record_bulk_writes_what_record_many_writes_and_the_chain_verifies() -> None:
    """On PostgreSQL record_bulk streams with COPY; the events must be those record_many would write."""
    before = _existing()
    with transaction.atomic():
        assert record_bulk(iter(_entries(25))) == 25
        record("test.after", ("test.thing", "x"), {}, by=None)  # the chain goes on from the bulk's last event
    bulk = _stored(before)
    assert [row[0] for row in bulk] == list(range(before + 1, before + 27))
    assert verify_ledger().ok and verify_ledger(independent=True).verified == before + 26
    with transaction.atomic():
        record_many(_entries(25))
    assert [row[2:] for row in _stored(before + 26)] == [row[2:] for row in bulk[:25]]
    assert verify_ledger().ok


def test_record_bulk_keeps_the_actor(member: Any) -> None:
    with transaction.atomic():
        record_bulk(_entries(2, by=member))
    assert list(Event.objects.filter(action="test.bulk").values_list("actor_id", flat=True)) == [member.pk] * 2


@pytest.mark.django_db(transaction=True)
def test_record_bulk_refuses_to_write_outside_a_transaction() -> None:
    before = _existing()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_bulk(_entries(3))
    assert Event.objects.count() == before


def test_a_failed_bulk_write_leaves_no_event() -> None:
    before = _existing()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record_bulk(_entries(5))
        _ = 1 / 0
    assert Event.objects.count() == before and Payload.objects.filter(event_id__gt=before).count() == 0
