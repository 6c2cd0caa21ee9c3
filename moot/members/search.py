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
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

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


class CappedPaginator(Paginator):
    """Pages over a search whose total is counted only up to COUNT_CAP."""

    @cached_property
    def count(self) -> int:
        return capped_count(cast(QuerySet[Member], self.object_list))

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def text_condition(q: str) -> Q:
    """Number → equality or prefix; postcode → prefix; otherwise names by prefix ('jo sm' = Jo Smith)."""
    q = " ".join(q.split())
    if not q:
        return Q()
    if _NUMBER.match(q):
        return Q(membership_number=q.upper()) | Q(membership_number__startswith=q.upper())
    if _POSTCODE.match(q) and any(c.isdigit() for c in q):
        return Q(postcode__startswith=q.upper())
    terms = q.split(" ")
    if len(terms) == 1:
        return Q(last_name__istartswith=q) | Q(first_name__istartswith=q)
    first, last = terms[0], " ".join(terms[1:])
    return Q(first_name__istartswith=first, last_name__istartswith=last) | Q(last_name__istartswith=q)


def search_members(viewer: Any, query: MemberQuery, *, today: date) -> QuerySet[Member]:
    """Members in the viewer's scope matching the query, in register order."""
    members = scoped_members(viewer).filter(text_condition(query.q))
    if query.status in Member.Status.values:
        members = members.filter(status=query.status)
    if query.arrears:
        members = members.filter(paid_up_to__lt=today)
    if query.branch_id is not None:
        members = members.filter(branch_id=query.branch_id)
    if query.q.strip():
        # Ordering by an expression no index serves makes PostgreSQL fetch the (few) prefix matches
        # through the prefix indexes and sort them, instead of walking the whole name index in
        # order and filtering 500,000 rows (docs/benchmarks.md has both plans).
        return members.select_related("branch").order_by(Lower("last_name"), Lower("first_name"), "membership_number")
    return members.select_related("branch").order_by("last_name", "first_name", "membership_number")


def branches_for_filter(viewer: Any) -> QuerySet[Unit]:
    """Branches the viewer may filter by: those in their scope."""
    return Unit.objects.filter(within_scope(viewer), kind=Unit.Kind.BRANCH).order_by("name")
