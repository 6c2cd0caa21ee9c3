"""An officer of local party A sees and changes nothing of local party B, through any page or endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from moot.conftest import Org
from moot.ledger.models import Event

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officer_of_a_cannot_open_anything_of_b(org: Org, local_officer_a: Any, member_b: Any) -> None:
    client = client_for(local_officer_a)
    for unit in (org.lp_b, org.branch_b1, org.region_b):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 404
        assert client.get(f"/api/v1/units/{unit.pk}").status_code == 404
    listing = client.get(reverse("unit_list")).content.decode()
    assert "Local Party A" in listing and "Branch A2" in listing
    assert "Local Party B" not in listing and "Branch B1" not in listing and "Region B" not in listing
    api_names = {u["name"] for u in client.get("/api/v1/units?limit=100").json()["items"]}
    assert {"Local Party A", "Branch A1", "Region A", "National Party"} <= api_names
    assert api_names.isdisjoint({"Local Party B", "Branch B1", "Region B"})


def test_officer_sees_member_numbers_of_own_unit_only(org: Org, local_officer_a: Any, member: Any) -> None:
    client = client_for(local_officer_a)
    own = client.get(f"/api/v1/units/{org.lp_a.pk}").json()
    assert own["member_count"] == 2  # the member in A1 and the officer herself in A2
    above = client.get(f"/api/v1/units/{org.national.pk}").json()
    assert above["member_count"] is None  # the party above is visible by name, not its register


def test_a_member_sees_the_units_above_their_branch_but_not_their_neighbours(org: Org, member: Any) -> None:
    client = client_for(member)
    for unit in (org.branch_a1, org.lp_a, org.region_a, org.national):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200
    for unit in (org.branch_a2, org.lp_b, org.branch_b1):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 404
    assert client.get(f"/api/v1/units/{org.branch_a1.pk}").json()["member_count"] is None


def test_regional_staff_reach_their_region_only(org: Org, regional_staff_a: Any) -> None:
    client = client_for(regional_staff_a)
    assert client.get(reverse("unit_detail", args=[org.branch_a2.pk])).status_code == 200
    assert client.get(reverse("unit_detail", args=[org.branch_b1.pk])).status_code == 404


def test_national_staff_reach_every_unit(org: Org, national_staff: Any) -> None:
    client = client_for(national_staff)
    for unit in (org.lp_a, org.lp_b, org.branch_b1):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200


def test_someone_with_no_role_sees_no_unit(org: Org, outsider: Any) -> None:
    client = client_for(outsider)
    assert client.get(reverse("unit_detail", args=[org.national.pk])).status_code == 404
    assert client.get("/api/v1/units").json()["count"] == 0


@pytest.mark.parametrize("url", ["/", "/units/", "/units/1/", "/ledger/", "/ledger/1/", "/account/api-tokens/"])
def test_pages_ask_anonymous_visitors_to_sign_in(org: Org, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/units", "/api/v1/units/1", "/api/v1/ledger/events"])
def test_the_api_refuses_anonymous_callers(org: Org, url: str) -> None:
    assert Client().get(url).status_code == 401


def test_ledger_is_closed_to_everyone_but_auditors_and_administrators(
    org: Org,
    member: Any,
    local_officer_a: Any,
    national_staff: Any,
    case_officer: Any,
    auditor: Any,
    administrator: Any,
) -> None:
    seq = Event.objects.order_by("seq").values_list("seq", flat=True).first()
    for refused in (member, local_officer_a, national_staff, case_officer):
        client = client_for(refused)
        assert client.get(reverse("ledger_events")).status_code == 403
        assert client.get(reverse("ledger_event", args=[seq])).status_code == 403
        assert client.post(reverse("ledger_verify")).status_code == 403
        assert client.get("/api/v1/ledger/events").status_code == 403
        assert client.get(f"/api/v1/ledger/events/{seq}").status_code == 403
        assert client.post("/api/v1/ledger/verify", content_type="application/json").status_code == 403
    for allowed in (auditor, administrator):
        client = client_for(allowed)
        assert client.get(reverse("ledger_events")).status_code == 200
        assert "ledger intact" in client.post(reverse("ledger_verify")).content.decode()
        assert client.get(f"/api/v1/ledger/events/{seq}").json()["action"] == "rule.version_made"


def test_a_regional_auditor_is_not_a_national_auditor(org: Org) -> None:
    from moot.accounts.services import grant_role
    from moot.conftest import SINCE, make_person

    person = make_person("Reg Auditor")
    grant_role(person=person, role="auditor", unit=org.region_a, starts_on=SINCE, reason="test", by=None)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert client_for(person).get(reverse("ledger_events")).status_code == 403


def test_an_ended_role_grants_nothing(org: Org) -> None:
    from datetime import date

    from moot.accounts.services import end_role, grant_role
    from moot.conftest import make_person

    person = make_person("Ex Officer")
    grant = grant_role(
        person=person,
        role="local_party_officer",
        unit=org.lp_b,
        starts_on=date(2020, 1, 1),
        reason="elected at AGM",
        by=None,
    )
    end_role(grant=grant, ends_on=date(2021, 1, 1), reason="stood down", by=None)
    assert client_for(person).get(reverse("unit_detail", args=[org.lp_b.pk])).status_code == 404
