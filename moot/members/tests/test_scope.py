"""Every new register page and endpoint: officer of A sees nothing of B; a member sees only themself."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from moot.conftest import Org
from moot.members.models import Member
from moot.members.search import scoped_members
from moot.members.selectors import members_visible_to

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def number_of(user: Any) -> str:
    return Member.objects.get(account=user).membership_number


def exported_numbers(response: Any) -> set[str]:
    text = b"".join(response.streaming_content).decode()
    return {row["membership_number"] for row in csv.DictReader(io.StringIO(text))}


def test_officer_of_a_sees_nothing_of_b(org: Org, local_officer_a: Any, member: Any, member_b: Any) -> None:
    client, b = client_for(local_officer_a), Member.objects.get(account=member_b)
    page = client.get(reverse("member_search")).content.decode()
    assert "Member, Mia" in page and "Bmember" not in page
    assert client.get(reverse("member_search"), {"q": "Bmember"}).content.decode().count("No members match") == 1
    assert client.get(reverse("member_detail", args=[b.pk])).status_code == 404
    assert client.get(f"/api/v1/members/{b.pk}").status_code == 404
    numbers = {m["membership_number"] for m in client.get("/api/v1/members?limit=100").json()["items"]}
    assert numbers == {number_of(member), number_of(local_officer_a)}
    assert client.get("/api/v1/members", {"branch": org.branch_b1.pk}).json()["count"] == 0
    assert exported_numbers(client.get(reverse("member_export"))) == numbers
    assert exported_numbers(client.get("/api/v1/members/export.csv")) == numbers
    dashboard = client.get(reverse("member_dashboard")).content.decode()
    assert "Local Party A" in dashboard and "Local Party B" not in dashboard and "Region B" not in dashboard
    api = client.get("/api/v1/members/dashboard").json()
    assert [a["local_party"] for a in api["local_parties"]] == ["Local Party A"]


def test_a_member_sees_only_themself(org: Org, member: Any, member_b: Any, local_officer_a: Any) -> None:
    client, own = client_for(member), Member.objects.get(account=member)
    assert client.get(reverse("member_detail", args=[own.pk])).status_code == 200
    assert client.get(f"/api/v1/members/{own.pk}").json()["membership_number"] == own.membership_number
    for other in (member_b, local_officer_a):
        pk = Member.objects.get(account=other).pk
        assert client.get(reverse("member_detail", args=[pk])).status_code == 404
        assert client.get(f"/api/v1/members/{pk}").status_code == 404
    for url in (reverse("member_search"), reverse("member_dashboard"), reverse("member_import")):
        assert client.get(url).status_code == 403
    for url in ("/api/v1/members", "/api/v1/members/dashboard"):
        assert client.get(url).status_code == 403
    assert exported_numbers(client.get(reverse("member_export"))) == {own.membership_number}


def test_someone_with_no_role_sees_nobody(org: Org, outsider: Any, member: Any) -> None:
    client = client_for(outsider)
    assert client.get(reverse("member_search")).status_code == 403
    assert client.get(reverse("member_detail", args=[Member.objects.get(account=member).pk])).status_code == 404
    assert exported_numbers(client.get("/api/v1/members/export.csv")) == set()


def test_officers_cannot_import_and_staff_only_within_scope(
    org: Org, local_officer_a: Any, branch_officer: Any, regional_staff_a: Any
) -> None:
    data = b"membership_number,first_name,last_name,branch,joined_on\nQ1,Ann,Archer,branch-b1,2020-01-01\n"
    for officer in (local_officer_a, branch_officer):
        client = client_for(officer)
        assert client.get(reverse("member_import")).status_code == 403
        upload = io.BytesIO(data)
        upload.name = "m.csv"
        assert client.post("/api/v1/members/import", {"file": upload, "dry_run": "false"}).status_code == 403
    client = client_for(regional_staff_a)
    upload = io.BytesIO(data)
    upload.name = "m.csv"
    page = client.post(reverse("member_import"), {"file": upload}).content.decode()
    assert "line 2, column branch: there is no branch with the code &#x27;branch-b1&#x27; within your scope" in page
    upload = io.BytesIO(data)
    upload.name = "m.csv"
    response = client.post("/api/v1/members/import", {"file": upload, "dry_run": "false"})
    assert response.status_code == 400 and response.json()["problems"][0]["column"] == "branch"
    assert not Member.objects.filter(membership_number="Q1").exists()


def test_regional_staff_import_into_their_region(org: Org, regional_staff_a: Any) -> None:
    data = b"membership_number,first_name,last_name,branch,joined_on\nQ1,Ann,Archer,branch-a2,2020-01-01\n"
    upload = io.BytesIO(data)
    upload.name = "m.csv"
    response = client_for(regional_staff_a).post("/api/v1/members/import", {"file": upload, "dry_run": "false"})
    assert response.status_code == 200 and response.json()["imported"] == 1
    assert Member.objects.get(membership_number="Q1").branch == org.branch_a2


@pytest.mark.parametrize(
    "url", ["/members/", "/members/1/", "/members/export.csv", "/members/import/", "/members/dashboard/"]
)
def test_pages_ask_anonymous_visitors_to_sign_in(org: Org, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/members"),
        ("get", "/api/v1/members/1"),
        ("get", "/api/v1/members/export.csv"),
        ("get", "/api/v1/members/dashboard"),
        ("post", "/api/v1/members/import"),
    ],
)
def test_the_api_refuses_anonymous_callers(org: Org, method: str, url: str) -> None:
    assert getattr(Client(), method)(url).status_code == 401


def test_scoped_search_sees_exactly_what_members_visible_to_sees(
    org: Org,
    member: Any,
    member_b: Any,
    branch_officer: Any,
    local_officer_a: Any,
    local_officer_b: Any,
    regional_staff_a: Any,
    national_staff: Any,
    outsider: Any,
) -> None:
    for viewer in (
        member,
        member_b,
        branch_officer,
        local_officer_a,
        local_officer_b,
        regional_staff_a,
        national_staff,
        outsider,
    ):
        assert set(scoped_members(viewer)) == set(members_visible_to(viewer)), viewer
