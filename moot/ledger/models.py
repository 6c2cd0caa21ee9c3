"""The ledger: every change of state in moot, append-only and hash-chained.

The payload lives in its own table so personal data can be erased later without breaking the
chain: the chain covers the payload's digest, which stays on the event.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models

from moot.ledger.chain import moment


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a ledger event."""


class Event(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    # Whole microseconds since 1970 UTC: exact and identical on every database, so the hash
    # covers the same number however it is read back. `at` gives it as a datetime.
    at_us = models.BigIntegerField()
    # No FK constraint: an account may be anonymised or merged; the event keeps the id it had.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # nothing looks events up by actor; an index would only slow bulk writes
        related_name="+",
    )
    action = models.CharField(max_length=80)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    rule_version = models.CharField(max_length=200, blank=True, default="")
    payload_digest = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        # Indexes compared byte by byte (pattern ops) rather than by the locale: that serves equality
        # and prefix filters alike at less cost per write. No index on hash (migration 0005): the
        # chain makes every hash unique by construction and nothing looks an event up by it.
        indexes = [
            # Identifiers compared byte by byte, not by locale (migration 0004).
            models.Index(
                fields=["subject_type", "subject_id", "seq"],
                name="ledger_event_subject",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["action"], name="ledger_event_action", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the ledger is append-only: events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("the ledger is append-only: events cannot be deleted")

    @property
    def at(self) -> datetime:
        return moment(self.at_us)

    @property
    def data(self) -> dict[str, Any] | None:
        """The payload, or None once erased."""
        payload = Payload.objects.filter(event_id=self.seq).first()
        return json.loads(payload.body) if payload else None


class Payload(models.Model):
    """What changed, as canonical JSON whose SHA-256 is the event's payload_digest."""

    event = models.OneToOneField(
        Event, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="payload"
    )
    body = models.TextField()

    def __str__(self) -> str:
        return f"payload of #{self.event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("ledger payloads cannot be changed, only erased")
        super().save(*args, **kwargs)
