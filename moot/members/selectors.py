"""Reads of the register with visibility built in."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from moot.members.models import Member
from moot.organisation.models import Unit
from moot.permissions import within_scope


def members_within(unit: Unit) -> QuerySet[Member]:
    """Members whose branch lies in the unit's subtree (no visibility check: callers check)."""
    if unit.kind == Unit.Kind.BRANCH:
        return Member.objects.filter(branch=unit)
    if unit.kind == Unit.Kind.LOCAL_PARTY:
        return Member.objects.filter(local_party=unit)
    return Member.objects.filter(local_party__path__startswith=unit.path)


def members_visible_to(user: Any) -> QuerySet[Member]:
    """Members in the user's scope, and the user's own record."""
    own = Q(account_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    reach = within_scope(user, path="local_party__path") | within_scope(user, path="branch__path")
    return Member.objects.filter(own | reach)
