"""CSV export of exactly the members a viewer may see, streamed in chunks (the import's own columns)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from moot.members.importer import COLUMNS
from moot.members.models import Member, MembershipPeriod

# The import's columns, so an export can be re-imported elsewhere; continuous_since is derived.
EXPORT_COLUMNS = (*COLUMNS, "continuous_since")


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def export_rows(members: QuerySet[Member]) -> Iterator[str]:
    """The CSV, line by line: header first, then one row per member, read 2,000 at a time."""
    latest = MembershipPeriod.objects.filter(member=OuterRef("pk")).order_by("-joined_on")
    members = (
        members.annotate(
            last_joined_on=Subquery(latest.values("joined_on")[:1]),
            last_left_on=Subquery(latest.values("ended_on")[:1]),
        )
        .select_related("branch")
        .order_by("membership_number")
    )
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for m in members.iterator(chunk_size=2000):
        yield writer.writerow(_row(m))


def _row(m: Any) -> list[str]:
    values = {
        "membership_number": m.membership_number,
        "first_name": m.first_name,
        "last_name": m.last_name,
        "branch": m.branch.code,
        "joined_on": _iso(m.last_joined_on),
        "email": m.email,
        "phone": m.phone,
        "postcode": m.postcode,
        "date_of_birth": _iso(m.date_of_birth),
        "status": m.status,
        "paid_up_to": _iso(m.paid_up_to),
        "left_on": _iso(m.last_left_on),
        "continuous_since": _iso(m.continuous_since),
    }
    return [_safe(values[c]) for c in EXPORT_COLUMNS]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection): quote it,
    # but leave phone numbers such as +44 20 7946 0000 as they are.
    risky = value[:1] in ("=", "@") or (value[:1] in ("+", "-") and not value[1:2].isdigit())
    return "'" + value if risky else value
