"""Benchmark: compile a national electorate over the whole register (issue 4: 500,000 members ≤ 5 s).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/moot_bench_members   # built as in bench/members
    .venv/bin/python bench/electorate/compile.py --freeze-on 2025-06-01 [--same-as ID] [--keep]

Every member gets an entry: eligible, or excluded with the sentences of the Decision. The compile
logs how long each phase took; they are printed before the total. `--same-as ID` then compares the
new electorate with electorate ID (say, one compiled by an earlier version of moot) member by
member. The new electorate is deleted afterwards, unless `--keep`: otherwise every run would add
500,000 entries to the table, and the next runs would be timed against a growing table and a
pending autovacuum.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--freeze-on", type=date.fromisoformat, required=True)
    parser.add_argument("--same-as", type=int, help="an electorate to compare the new one with, entry by entry")
    parser.add_argument("--keep", action="store_true", help="keep the compiled electorate")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")
    import django

    django.setup()
    phases = logging.getLogger("moot.electorate")
    phases.addHandler(logging.StreamHandler(sys.stdout))
    phases.setLevel(logging.INFO)
    phases.propagate = False
    from moot.electorate.services import compile_electorate, start_electorate
    from moot.organisation.models import Unit

    national = Unit.objects.get(code="national")
    electorate = start_electorate(
        title="Benchmark national ballot", ballot_kind="national", unit=national, freeze_on=args.freeze_on, by=None
    )
    started = time.perf_counter()
    electorate = compile_electorate(electorate)
    elapsed = time.perf_counter() - started
    print(
        f"compiled {electorate.done:,} members in {elapsed:.2f} s: {electorate.eligible_count:,} eligible, "
        f"{electorate.excluded_count:,} excluded with reasons ({electorate.rule_version}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if args.same_as:
        _compare(electorate.pk, args.same_as)
    if not args.keep:
        _discard(electorate)


def _compare(new: int, old: int) -> None:
    """Members on one electorate and not the other, or with another verdict or other reasons."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE o.member_id IS NULL OR n.member_id IS NULL),"
            " count(*) FILTER (WHERE o.eligible <> n.eligible OR o.reasons <> n.reasons), count(*)"
            " FROM (SELECT * FROM electorate_entry WHERE electorate_id = %s) o"
            " FULL JOIN (SELECT * FROM electorate_entry WHERE electorate_id = %s) n USING (member_id)",
            [old, new],
        )
        missing, different, members = cursor.fetchone()
    print(
        f"compared with electorate {old}: {members:,} members, {missing:,} on only one of them, "
        f"{different:,} with another verdict or other reasons"
    )


def _discard(electorate: object) -> None:
    from django.db import connection

    from moot.electorate.models import Electorate

    assert isinstance(electorate, Electorate)
    electorate.delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM electorate_entry")  # the space is reused by the next run, as it would be


if __name__ == "__main__":
    main()
