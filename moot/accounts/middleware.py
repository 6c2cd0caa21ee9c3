"""Staff roles must use a second factor: until they have set up TOTP they can do nothing else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from moot.permissions import needs_second_factor

_OPEN_PREFIXES = ("/accounts/", "/static/", "/public/")


class RequireStaffMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Staff roles must set up two-factor authentication before using moot."}, status=403
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        user = request.user
        if not settings.MOOT_REQUIRE_STAFF_MFA or not user.is_authenticated:
            return False
        if request.path.startswith(_OPEN_PREFIXES):
            return False
        if not needs_second_factor(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
