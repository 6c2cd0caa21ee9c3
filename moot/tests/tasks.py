"""A task for the queue's own tests: it leaves a ledger event, so a test can see it ran once."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from moot.ledger.services import record


@task()
def note_in_ledger(text: str) -> str:
    with transaction.atomic():
        record("test.task_ran", ("test", text), {"text": text}, by=None)
    return text
