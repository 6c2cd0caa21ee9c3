"""The JSON API under /api/v1/: session (with CSRF) or bearer-token authentication."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from moot.accounts.services import person_for_api_key


class SessionAuth(APIKeyCookie):
    """The browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = person_for_api_key(token)
        if person is not None:
            request.user = person
        return person


api = NinjaAPI(
    title="moot API",
    version="1",
    description="Membership, discipline and internal democracy. Every endpoint applies the same "
    "permission rules as the pages: an object outside your scope answers 404.",
    auth=[SessionAuth(), TokenAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> Any:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def register_routers() -> None:
    from moot.discipline.api import router as discipline_router
    from moot.electorate.api import router as electorate_router
    from moot.ledger.api import router as ledger_router
    from moot.members.api import router as members_router
    from moot.members.self_service_api import router as self_service_router
    from moot.organisation.api import router as organisation_router
    from moot.rulebook.api import router as rulebook_router

    api.add_router("/", organisation_router)
    api.add_router("/ledger", ledger_router)
    api.add_router("/", electorate_router)
    api.add_router("/", rulebook_router)
    api.add_router("/", self_service_router)
    api.add_router("/", members_router)
    api.add_router("/", discipline_router)


register_routers()
