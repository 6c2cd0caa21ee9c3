"""`moot import-members FILE [--dry-run] [--partial]`: a members CSV into the register, with ledger events."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from moot.members.importer import report_lines
from moot.members.imports import import_members


class Command(BaseCommand):
    help = (
        "Import members from a UTF-8 CSV (columns in docs/members-import.md). All or nothing unless "
        "--partial; --dry-run checks every row and writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check every row; write nothing")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="import the good rows and skip the bad ones (default: all or nothing)",
        )

    def handle(self, *args: Any, file: str, dry_run: bool, partial: bool, **options: Any) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None
        started = time.monotonic()
        try:
            result = import_members(data=data, by=None, dry_run=dry_run, partial=partial, progress=_progress)
        except DatabaseError as exc:  # the transaction rolled back: say so instead of a traceback
            raise CommandError(
                f"{file}: the database refused the import ({exc}); nothing was imported. "
                "Check that `moot migrate` has been run."
            ) from None
        sys.stderr.write("\n")
        if result.file_error:
            raise CommandError(f"{file}: {result.file_error}")
        for line in report_lines(result.problems):
            self.stderr.write(f"{file}: {line}")
        took = time.monotonic() - started
        summary = f"{result.rows} rows read, {len(result.problems)} problems"
        if dry_run:
            self.stdout.write(
                f"Dry run: {summary}; {result.importable} rows would be imported ({took:.1f} s). Nothing was written."
            )
        elif result.imported:
            self.stdout.write(f"Imported {result.imported} members ({summary}) in {took:.1f} s.")
        if result.problems and not partial:
            raise CommandError(
                f"{file}: {len(result.problems)} problems; nothing was imported "
                "(fix the rows above, or use --partial to import only the good rows)."
            )


def _progress(phase: str, done: int, total: int) -> None:
    if total:
        filled = round(30 * done / total)
        sys.stderr.write(f"\r{phase:<6} [{'#' * filled}{'.' * (30 - filled)}] {done:>9,} of {total:,} rows")
    else:
        sys.stderr.write(f"\r{phase:<6} {done:>9,} rows")
    sys.stderr.flush()
