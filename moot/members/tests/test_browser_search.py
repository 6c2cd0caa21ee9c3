"""In a real Chromium: a local party officer searches the register, and the results update in place."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from moot.conftest import PASSWORD, Org
from moot.members.services import NewMember, register_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_an_officer_searches_members_in_scope(
    live_server: Any, page: Page, org: Org, local_officer_a: Any, member_b: Any
) -> None:
    register_members(
        new_members=[
            NewMember(
                membership_number=f"W{i:07d}",
                first_name=first,
                last_name=last,
                branch=org.branch_a1,
                postcode=postcode,
                periods=[(date(2020, 1, 1), None, "")],
            )
            for i, (first, last, postcode) in enumerate(
                [("Wendy", "Walker", "LS1 4AP"), ("Will", "Walsh", "LS2 9JT"), ("Xena", "Young", "YO1 7HH")]
            )
        ],
        by=None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(local_officer_a.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Members", exact=True).click()
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    expect(page.get_by_text("Bmember")).to_have_count(0)
    page.get_by_label("Name, membership number or postcode").fill("wal")
    expect(page.get_by_role("table").get_by_role("caption")).to_have_text("2 members found")
    expect(page.get_by_role("link", name="Walker, Wendy")).to_be_visible()
    page.get_by_label("Name, membership number or postcode").fill("YO1")
    expect(page.get_by_role("link", name="Young, Xena")).to_be_visible()
    expect(page.get_by_role("link", name="Walker, Wendy")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "member-search.png"), full_page=True)
    page.get_by_role("link", name="Young, Xena").click()
    expect(page.get_by_role("heading", name="Xena Young")).to_be_visible()
