"""`moot tick [--on DATE]`: apply what every app has due (moot/tick.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moot.core.rules import Refused
from moot.tick import run_tick


class Command(BaseCommand):
    help = "Apply every deadline due today: run at least daily; safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The day to act as (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError:
            raise CommandError(f"--on {options['on']!r} is not a date like 2026-11-23.") from None
        try:
            done = run_tick(on)
        except Refused as refused:
            raise CommandError(f"Stopped: {refused}") from None
        if not done:
            self.stdout.write("Nothing was due.")
        for what, count in sorted(done.items()):
            self.stdout.write(f"{what}: {count}")
