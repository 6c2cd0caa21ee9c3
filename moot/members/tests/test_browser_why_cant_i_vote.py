"""In a real Chromium: a member who joined recently asks "why can't I vote?" and reads the answer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from moot.conftest import PASSWORD, Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_a_new_member_learns_why_they_cannot_vote_in_the_selection(live_server: Any, page: Page, org: Org) -> None:
    from moot.accounts.services import create_account
    from moot.members.services import NewMember, register_members

    joined = timezone.localdate() - timedelta(days=100)  # past the 8 provisional weeks, short of 6 months
    person = create_account(email="newbie@example.org", name="Nell Newbie", password=PASSWORD, by=None)
    register_members(
        new_members=[NewMember("N0001", "Nell", "Newbie", org.branch_a1, [(joined, None, "")], account=person)], by=None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="My membership").click()
    refusal = page.locator("li.question.refused").filter(has_text="Vote in a selection in Local Party A")
    expect(refusal).to_contain_text("No")
    expect(refusal).to_contain_text(f"joined on {joined.day} {joined:%B %Y}")
    expect(refusal).to_contain_text("rule 'selection vote' (version 1")
    allowed = page.locator("li.question.allowed").filter(has_text="Vote at a meeting of Branch A1")
    expect(allowed).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "why-cant-i-vote.png"), full_page=True)
