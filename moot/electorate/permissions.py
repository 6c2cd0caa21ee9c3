"""Who runs electorates (returning officers) and who may read them (returning officers, auditors)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from moot.electorate.models import Electorate
from moot.organisation.models import Unit
from moot.permissions import in_scope, within_scope
from moot.roles import Role

RUNNERS = frozenset({Role.RETURNING_OFFICER})
READERS = frozenset({Role.RETURNING_OFFICER, Role.AUDITOR})


def can_run_electorate(user: Any, unit: Unit) -> bool:
    return in_scope(user, unit.path, RUNNERS)


def electorates_visible_to(user: Any) -> QuerySet[Electorate]:
    return Electorate.objects.filter(within_scope(user, READERS, path="unit__path")).select_related("unit")


def units_for_electorates(user: Any) -> QuerySet[Unit]:
    kinds = (Unit.Kind.NATIONAL, Unit.Kind.LOCAL_PARTY)
    return Unit.objects.filter(within_scope(user, RUNNERS), kind__in=kinds).order_by("path")


def get_electorate_for(user: Any, electorate_id: int) -> Electorate:
    electorate = electorates_visible_to(user).filter(pk=electorate_id).first()
    if electorate is None:
        raise Http404("No such electorate.")
    return electorate
