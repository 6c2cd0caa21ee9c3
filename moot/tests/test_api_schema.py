"""The API publishes its OpenAPI schema, and every operation in it requires a caller unless public."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC = {"/api/v1/rules", "/api/v1/rules/{key}", "/api/v1/proscriptions"}


def test_the_schema_lists_every_endpoint_with_its_security() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    assert {"/api/v1/me", "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/ledger/verify"} <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            secured = bool(operation.get("security"))
            assert secured != (path in PUBLIC and method == "get"), f"{method.upper()} {path}"
