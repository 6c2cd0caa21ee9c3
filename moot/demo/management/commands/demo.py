from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from moot.demo.builder import build_demo, demo_exists, personas_with_secrets
from moot.demo.personas import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Build the demo organisation (deterministic for a seed); re-running reuses an existing one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=5000, help="number of members (default 5000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="the demo's 'today' as YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, members: int, seed: int, as_of: date | None, **options: Any) -> None:
        if members < 100:
            raise CommandError("--members must be at least 100, so that every role has something to show.")
        if demo_exists():
            self.stdout.write("The demo organisation already exists; reusing it.")
        else:
            started = time.monotonic()
            summary = build_demo(
                members=members,
                seed=seed,
                as_of=as_of or timezone.localdate(),
                progress=lambda line: self.stdout.write(f"  {line}"),
            )
            self.stdout.write(
                f"Built {summary.members} members in {summary.local_parties} local parties and "
                f"{summary.branches} branches in {time.monotonic() - started:.1f} s."
            )
        self._print_logins(seed)

    def _print_logins(self, seed: int) -> None:
        self.stdout.write(
            f"\nOpen http://127.0.0.1:8000 and sign in as any of these (password for all: {DEMO_PASSWORD}):"
        )
        for persona, secret in personas_with_secrets(seed):
            extra = f"  TOTP secret {secret} (or run: moot totp-code {persona.email})" if secret else ""
            self.stdout.write(f"  {persona.role.label:<28} {persona.email}{extra}")
