"""`moot tick`: the daily jobs of every app, run in the order they were registered.

Each app registers its job in its AppConfig.ready(); a job does what is due on a day, each item
in its own transaction, and counts what it did by kind. Every job is idempotent and catches up,
so running twice on a day does nothing the second time and a missed day is made good.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from django.utils import timezone

DailyJob = Callable[[date, Counter[str]], None]

_JOBS: dict[str, DailyJob] = {}


def register(name: str, job: DailyJob) -> None:
    """Add an app's daily job; registering a name again replaces it (apps are loaded once)."""
    _JOBS[name] = job


def run_tick(today: date | None = None) -> Counter[str]:
    """Do everything due on `today`; returns what was done, by kind, for the command's report."""
    today = today or timezone.localdate()
    done: Counter[str] = Counter()
    for job in _JOBS.values():
        job(today, done)
    return done
