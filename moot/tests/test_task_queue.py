"""The task queue: work enqueued in a transaction runs only once it commits, on a worker, exactly once."""

from __future__ import annotations

import pytest
from django.db import transaction

from moot.conftest import run_queued_tasks
from moot.ledger.models import Event
from moot.tests.tasks import note_in_ledger

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_task_waits_for_a_worker_and_runs_once() -> None:
    with transaction.atomic():
        note_in_ledger.enqueue("hello")
    assert not Event.objects.filter(action="test.task_ran").exists()  # nothing runs in the web process
    assert run_queued_tasks() == 1
    assert Event.objects.filter(action="test.task_ran", subject_id="hello").count() == 1
    assert run_queued_tasks() == 0


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        note_in_ledger.enqueue("undone")
        raise RuntimeError("the request failed")
    assert run_queued_tasks() == 0
    assert not Event.objects.filter(action="test.task_ran").exists()
