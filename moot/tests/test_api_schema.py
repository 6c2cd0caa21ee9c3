"""The API publishes its OpenAPI schema, and every operation in it requires a caller unless public."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# (method, path) open to anyone: the rulebook and the proscription register are published, and
# anyone may make a complaint (it returns only a reference number).
PUBLIC = {
    ("get", "/api/v1/rules"),
    ("get", "/api/v1/rules/{key}"),
    ("get", "/api/v1/proscriptions"),
    ("post", "/api/v1/discipline/complaints"),
}


def test_the_schema_lists_every_endpoint_with_its_security() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    assert {"/api/v1/me", "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/ledger/verify"} <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            secured = bool(operation.get("security"))
            assert secured != ((method, path) in PUBLIC), f"{method.upper()} {path}"
