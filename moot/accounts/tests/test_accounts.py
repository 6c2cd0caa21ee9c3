"""Accounts: no self sign-up, TOTP required for staff roles, API tokens bound to their person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from moot.accounts.models import ApiToken
from moot.accounts.services import grant_role, issue_api_token
from moot.conftest import PASSWORD, SINCE, Org, make_person
from moot.core.rules import Refused
from moot.ledger.models import Event

pytestmark = pytest.mark.django_db


def test_self_sign_up_is_closed(org: Org) -> None:
    response = Client().post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "Sign Up Closed" in response.content.decode()


def test_a_member_signs_in_with_email_and_password(member: Any) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "My membership" in client.get("/").content.decode()


def test_staff_without_a_second_factor_are_sent_to_set_one_up(org: Org) -> None:
    person = make_person("New Staffer")
    grant_role(person=person, role="case_officer", unit=org.national, starts_on=SINCE, reason="hired", by=None)
    client = Client()
    client.force_login(person)
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/api/v1/me").status_code == 403


def test_staff_with_totp_must_give_the_code_at_sign_in(national_staff: Any) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": national_staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in until the code is given


def test_officers_are_not_asked_for_a_second_factor(local_officer_a: Any) -> None:
    client = Client()
    client.force_login(local_officer_a)
    assert client.get("/units/").status_code == 200


def test_a_token_acts_as_its_person_and_stops_when_revoked(local_officer_a: Any) -> None:
    client = Client()
    client.force_login(local_officer_a)
    page = client.post(reverse("api_tokens"), {"name": "membership spreadsheet"}).content.decode()
    key = page.split('id="new-token">')[1].split("<")[0]
    bearer = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/v1/me", headers=bearer).json()["email"] == local_officer_a.email
    token = ApiToken.objects.get(person=local_officer_a)
    client.post(reverse("revoke_api_token", args=[token.pk]))
    assert Client().get("/api/v1/me", headers=bearer).status_code == 401
    assert Event.objects.filter(action__in=["api_token.issued", "api_token.revoked"]).count() == 2


def test_nobody_can_revoke_someone_elses_token(local_officer_a: Any, local_officer_b: Any) -> None:
    token, _ = issue_api_token(person=local_officer_b, name="b's token", by=local_officer_b)
    client = Client()
    client.force_login(local_officer_a)
    assert client.post(reverse("revoke_api_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_wrong_token_is_refused(member: Any) -> None:
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer moot_nonsense").status_code == 401


def test_the_member_role_cannot_be_granted_by_hand(org: Org, outsider: Any) -> None:
    with pytest.raises(Refused, match="membership register"):
        grant_role(person=outsider, role="member", unit=org.branch_a1, starts_on=SINCE, reason="x", by=None)


def test_an_officer_role_fits_its_kind_of_unit(org: Org, outsider: Any) -> None:
    with pytest.raises(Refused, match="Branch officer is a role on a branch, not on a local party"):
        grant_role(person=outsider, role="branch_officer", unit=org.lp_a, starts_on=SINCE, reason="x", by=None)
