"""Benchmark: compile a national electorate over the whole register (issue 4: 500,000 members ≤ 5 s).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/moot_bench_members   # built as in bench/members
    .venv/bin/python bench/electorate/compile.py --freeze-on 2025-06-01

Every member gets an entry: eligible, or excluded with the sentences of the Decision. The compile
logs how long each phase took; they are printed before the total.
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
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")
    import django

    django.setup()
    logging.basicConfig(format="  %(message)s")
    logging.getLogger("moot.electorate").setLevel(logging.INFO)
    from moot.electorate.services import compile_electorate, start_electorate
    from moot.organisation.models import Unit

    national = Unit.objects.get(code="national")
    electorate = start_electorate(title="Benchmark national ballot", ballot_kind="national", unit=national,
                                  freeze_on=args.freeze_on, by=None)
    started = time.perf_counter()
    electorate = compile_electorate(electorate)
    elapsed = time.perf_counter() - started
    print(f"compiled {electorate.done:,} members in {elapsed:.2f} s: {electorate.eligible_count:,} eligible, "
          f"{electorate.excluded_count:,} excluded with reasons ({electorate.rule_version})")


if __name__ == "__main__":
    main()
