"""Request types for views behind login_required (healthchecks' AuthenticatedHttpRequest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from moot.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
