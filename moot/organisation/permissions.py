"""Permission-checking fetchers: the object, or 404 for whoever may not see it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from moot.organisation.models import Unit


def get_unit_for(user: Any, unit_id: int, perm: str = "organisation.view_unit") -> Unit:
    """The unit if `user` has `perm` on it; otherwise 404, so existence is not disclosed."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not user.has_perm(perm, unit):
        raise Http404("No such unit.")
    return unit
