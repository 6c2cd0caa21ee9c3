"""Reads of the organisation with visibility built in."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from moot.organisation.models import Unit
from moot.permissions import home_paths, within_scope


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """The subtrees the user reaches through a role, plus the units above their own."""
    condition = within_scope(user)
    ancestors = {int(part) for path in home_paths(user) for part in path.split(".") if part}
    if ancestors:
        condition |= Q(pk__in=ancestors)
    return Unit.objects.filter(condition)


def children_visible_to(user: Any, unit: Unit) -> QuerySet[Unit]:
    return units_visible_to(user).filter(parent=unit).annotate(children_count=Count("children"))
