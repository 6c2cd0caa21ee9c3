"""Officers' member search: prefix and equality lookups the indexes serve, inside the viewer's scope.

The scope is resolved to local party and branch ids first (there are at most a few thousand), so the
search itself touches only the members table: no join to units, no OR over path prefixes.
Visibility equals `members_visible_to` (moot/members/tests/test_search.py holds them equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Collate, Upper
from django.db.models.sql import Query

from moot.members.models import Member
from moot.organisation.models import Unit
from moot.permissions import scope_paths, within_scope

_NUMBER = re.compile(r"^[A-Za-z]{0,3}\d{3,}$")  # A0001234, T000012, 1234567
_POSTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?( ?\d[A-Za-z]{0,2})?$")  # SW1A 1AA, M1, EH12 5


@dataclass(frozen=True)
class MemberQuery:
    """What an officer asked for; every field optional."""

    q: str = ""
    status: str = ""
    arrears: bool = False
    branch_id: int | None = None


def scoped_members(viewer: Any) -> QuerySet[Member]:
    """Members the viewer may see, filtered by ids rather than by joins (same rows as members_visible_to)."""
    condition = Q(account_id=viewer.pk) if viewer.is_authenticated else Q(pk__in=[])
    paths = scope_paths(viewer)
    if any(p.count(".") == 1 for p in paths):  # the national unit: the whole register
        return Member.objects.all()
    if paths:
        units = Unit.objects.filter(within_scope(viewer), kind__in=(Unit.Kind.LOCAL_PARTY, Unit.Kind.BRANCH))
        rows = list(units.values_list("pk", "kind", "parent_id"))
        local_parties = {pk for pk, kind, _ in rows if kind == Unit.Kind.LOCAL_PARTY}
        # A branch officer reaches one branch; a branch whose local party is reached adds nothing.
        branches = [pk for pk, kind, parent in rows if kind == Unit.Kind.BRANCH and parent not in local_parties]
        condition |= Q(local_party_id__in=local_parties) | Q(branch_id__in=branches)
    return Member.objects.filter(condition)


# Past this many matches nobody reads the exact total; counting every one of 40,000 "s…" names is
# what made broad searches slow (docs/benchmarks.md), so the count stops here.
COUNT_CAP = 1000


def capped_count(members: QuerySet[Member]) -> int:
    """The number of matches, or COUNT_CAP + 1 when there are more than COUNT_CAP."""
    return members.order_by()[: COUNT_CAP + 1].count()


class CappedPaginator(Paginator[Member]):
    """Pages over a search whose total is counted only up to COUNT_CAP."""

    @cached_property
    def count(self) -> int:
        return capped_count(cast(QuerySet[Member], self.object_list))

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def text_condition(q: str) -> Q:
    """Number → equality or prefix; postcode → prefix; otherwise names by prefix ('jo sm' = Jo Smith)."""
    branches = _text_branches(q)
    condition = Q()
    for branch in branches:
        condition |= branch
    return condition


def _text_branches(q: str) -> list[Q]:
    """The text condition as disjoint parts; for names, the last-name prefix first, then the rest.

    Apart, each part can be read from the name index in order (docs/benchmarks.md): the last-name
    prefix is one range of it, and the other part is spread evenly over it.
    """
    q = " ".join(q.split())
    if not q:
        return [Q()]
    if _NUMBER.match(q):
        return [Q(membership_number=q.upper()) | Q(membership_number__startswith=q.upper())]
    if _POSTCODE.match(q) and any(c.isdigit() for c in q):
        return [Q(postcode__startswith=q.upper())]
    terms = q.split(" ")
    last = Q(last_name__istartswith=q)
    if len(terms) == 1:
        return [last, Q(first_name__istartswith=q) & ~last]
    first, rest = terms[0], " ".join(terms[1:])
    return [last, Q(first_name__istartswith=first, last_name__istartswith=rest) & ~last]


def name_order() -> tuple[Collate, Collate, str]:
    """Search results in the order of the index member_name_order: upper-case names byte by byte, then id.

    Byte order (collation "C", SQLite's BINARY) is what lets the index serve both the prefix
    ranges and the order, so PostgreSQL reads 25 rows instead of sorting every match.
    """
    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    return Collate(Upper("last_name"), collation), Collate(Upper("first_name"), collation), "id"


class _MergedQuery(Query):
    """A UNION ALL of ordered parts, each given the slice's end as its own LIMIT.

    The page of rows 26 to 50 needs at most 50 rows from each part, already in order; PostgreSQL
    merges them (Merge Append) instead of sorting every match.
    """

    def set_limits(self, low: int | None = None, high: int | None = None) -> None:
        super().set_limits(low, high)
        for part in self.combined_queries:
            part.clear_limits()
            part.set_limits(None, self.high_mark)

    def get_count(self, using: str) -> int:
        """A count needs neither the parts' order nor their branches."""
        counted = self.clone()
        for part in counted.combined_queries:
            part.clear_ordering(force=True)
            part.select_related = False
        return Query.get_count(counted, using)


def _merged(parts: list[QuerySet[Member]]) -> QuerySet[Member]:
    """The parts, each in name order, as one queryset in name order (PostgreSQL)."""
    keyed = [
        part.annotate(_last=name_order()[0], _first=name_order()[1]).order_by("_last", "_first", "id") for part in parts
    ]
    union = keyed[0].union(*keyed[1:], all=True).order_by("_last", "_first", "id")
    union.query = union.query.chain(klass=_MergedQuery)
    return union


def search_members(viewer: Any, query: MemberQuery, *, today: date) -> QuerySet[Member]:
    """Members in the viewer's scope matching the query, in name_order."""
    members = scoped_members(viewer)
    if query.status in Member.Status.values:
        members = members.filter(status=query.status)
    if query.arrears:
        members = members.filter(paid_up_to__lt=today)
    if query.branch_id is not None:
        members = members.filter(branch_id=query.branch_id)
    members = members.select_related("branch")
    branches = _text_branches(query.q)
    if len(branches) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return _merged([members.filter(branch) for branch in branches])
    return members.filter(text_condition(query.q)).order_by(*name_order())


def branches_for_filter(viewer: Any) -> QuerySet[Unit]:
    """Branches the viewer may filter by: those in their scope."""
    return Unit.objects.filter(within_scope(viewer), kind=Unit.Kind.BRANCH).order_by("name")
