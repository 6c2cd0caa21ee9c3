"""Benchmark: build a ledger of N events and time `moot audit verify`'s walk over it.

    .venv/bin/python bench/ledger/verify_1m.py --events 1000000     # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moot_bench \
        .venv/bin/python bench/ledger/verify_1m.py --events 1000000

The events are written in bulk through moot.ledger.services.record_many (the real writer), in
batches of 50,000, into a fresh database; then verify_ledger() walks the whole chain.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="verify the ledger left by the last run")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        if not args.reuse:
            (bench_dir / "ledger.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / 'ledger.sqlite3'}"
    elif not args.reuse:
        _recreate_postgres_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")
    import django

    django.setup()
    from django.db import connection

    from moot.ledger.verify import verify_ledger

    if not args.reuse:
        _write(args.events)
    ways = [("in SQL", {})] if connection.vendor == "postgresql" else []
    ways += [
        ("in Python, 1 process", {"workers": 1, "independent": True}),
        (f"in Python, {os.cpu_count()} processes", {"workers": os.cpu_count(), "independent": True}),
    ]
    for label, options in ways:
        started = time.perf_counter()
        result = verify_ledger(**options)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        print(
            f"verify {label} ({connection.vendor}): {elapsed:.2f} s for {result.verified:,} events "
            f"({result.verified / elapsed:,.0f} events/s) — {result.message()[:40]}"
        )


def _write(events: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from moot.ledger import triggers
    from moot.ledger.services import Entry, record_many

    call_command("migrate", verbosity=0)
    triggers.remove(connection)
    with connection.cursor() as cursor:  # a fresh chain: migrate seeded the rulebook's events
        cursor.execute("DELETE FROM ledger_payload")
        cursor.execute("DELETE FROM ledger_event")
    triggers.install(connection)
    started = time.perf_counter()
    for start in range(0, events, 50_000):
        with transaction.atomic():
            record_many(
                [
                    Entry(
                        "member.status_changed",
                        ("members.member", i),
                        {"from": "active", "to": "lapsed", "reason": f"no payment since {i % 28 + 1} May"},
                    )
                    for i in range(start, min(start + 50_000, events))
                ]
            )
    print(f"wrote {events:,} events in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    with connection.cursor() as cursor:  # what autovacuum would do soon after a bulk load
        cursor.execute("ANALYZE")


def _recreate_postgres_database(url: str) -> None:
    """A benchmark starts from an empty database, so every run measures the same thing."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
