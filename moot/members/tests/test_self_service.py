"""My membership: a member sees their own record and eligibility with reasons, and nobody else's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from moot.conftest import Org
from moot.members.models import Member
from moot.members.services import change_member_status

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_sees_why_they_can_or_cannot_vote(org: Org, member: Any) -> None:
    page = client_for(member).get("/me/").content.decode()
    assert "Yes</strong> — Vote in a selection in Local Party A" in page
    answers = client_for(member).get("/api/v1/me/eligibility").json()
    selection = next(a for a in answers if a["question"].startswith("Vote in a selection"))
    assert selection["allowed"] and "selection-vote@1" in selection["rule_version"]


def test_a_recent_joiner_is_told_the_date_the_rule_requires(org: Org) -> None:
    from moot.accounts.services import create_account
    from moot.members.services import NewMember, register_members

    joined = timezone.localdate() - timedelta(days=40)
    person = create_account(email="newbie@example.org", name="New Bie", password="x" * 12, by=None)
    register_members(
        new_members=[NewMember("N1", "New", "Bie", org.branch_a1, [(joined, None, "")], account=person)], by=None
    )
    answers = client_for(person).get("/api/v1/me/eligibility").json()
    selection = next(a for a in answers if a["question"].startswith("Vote in a selection"))
    assert not selection["allowed"]
    assert f"joined on {joined.day} {joined:%B %Y}" in " ".join(selection["reasons"])


def test_a_suspended_member_is_told_so(org: Org, member: Any) -> None:
    record = Member.objects.get(account=member)
    change_member_status(
        member=record, status="suspended", from_on=date(2026, 1, 5), reason="Interim suspension", by=None
    )
    answers = client_for(member).get("/api/v1/me/eligibility?on=2026-02-01").json()
    assert not any(a["allowed"] for a in answers)


def test_the_download_holds_everything_about_me_and_nothing_about_others(org: Org, member: Any, member_b: Any) -> None:
    response = client_for(member).get("/me/data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["member"]["first_name"] == "Mia"
    assert data["ledger_events"] and all(e["action"].startswith(("member.", "account.")) for e in data["ledger_events"])
    assert "Ben" not in response.content.decode()


def test_someone_not_on_the_register_gets_a_clear_404(org: Org, outsider: Any) -> None:
    assert client_for(outsider).get("/me/").status_code == 404
    assert client_for(outsider).get("/api/v1/me/eligibility").json()["detail"].startswith("Your account is not linked")


def test_officers_see_eligibility_in_their_scope_only(
    org: Org, local_officer_a: Any, member: Any, member_b: Any
) -> None:
    mine = Member.objects.get(account=member).pk
    theirs = Member.objects.get(account=member_b).pk
    client = client_for(local_officer_a)
    assert client.get(f"/api/v1/members/{mine}/eligibility").status_code == 200
    assert client.get(f"/api/v1/members/{theirs}/eligibility").status_code == 404
    assert client_for(member).get(f"/api/v1/members/{theirs}/eligibility").status_code == 404
    assert Client().get(f"/api/v1/members/{mine}/eligibility").status_code == 401
    assert Client().get("/me/").status_code == 302


def test_an_officer_sees_a_members_eligibility_on_their_page(org: Org, local_officer_a: Any, member: Any) -> None:
    record = Member.objects.get(account=member)
    page = client_for(local_officer_a).get(f"/members/{record.pk}/").content.decode()
    assert "Eligibility today" in page and "Yes</strong> — Vote in a selection in Local Party A" in page
