from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Verify the ledger's hash chain, or print a checkpoint to publish outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="walk the whole chain; exit 1 naming the first bad event")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a published checkpoint the chain must still contain (repeatable)",
        )
        verify.add_argument(
            "--workers", type=int, default=None, help="processes walking the chain side by side (default: one per core)"
        )
        verify.add_argument(
            "--independent",
            action="store_true",
            help="on PostgreSQL, walk the chain in Python instead of in the database",
        )
        sub.add_parser("checkpoint", help="print SEQ:HASH of the newest event, to publish")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "checkpoint":
            head = Event.objects.order_by("-seq").first()
            if head is None:
                raise CommandError("The ledger is empty.")
            self.stdout.write(f"{head.seq}:{head.hash}")
            return
        checkpoints = [_parse_checkpoint(text) for text in options["checkpoint"]]
        started = time.monotonic()
        result = verify_ledger(workers=options["workers"], independent=options["independent"])
        if not result.ok:
            raise CommandError(result.message(), returncode=1)
        for seq, expected in checkpoints:
            found = Event.objects.filter(seq=seq).values_list("hash", flat=True).first()
            if found != expected:
                raise CommandError(
                    f"ledger rewritten: event {seq} no longer has the published hash {expected[:16]}…", returncode=1
                )
        self.stdout.write(f"{result.message()} ({time.monotonic() - started:.2f} s)")


def _parse_checkpoint(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError(f"checkpoint {text!r} is not SEQ:HASH (a number, a colon, 64 hex digits)", returncode=2)
    return int(seq), digest
