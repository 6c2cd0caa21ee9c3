"""In a real Chromium: people sign in and see the dashboard their roles give them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import Page, expect

from moot.conftest import PASSWORD, TOTP_SECRET, Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_member_sees_their_membership(live_server: Any, page: Page, org: Org, member: Any) -> None:
    sign_in(page, live_server.url, member.email)
    expect(page.get_by_role("heading", name="My membership")).to_be_visible()
    expect(page.get_by_text("Branch A1")).to_be_visible()
    expect(page.get_by_role("heading", name="Where you act")).to_have_count(0)
    shot(page, "dashboard-member")
    page.get_by_role("link", name="Units").click()
    expect(page.get_by_role("link", name="Local Party A")).to_be_visible()
    expect(page.get_by_role("link", name="Local Party B")).to_have_count(0)


def test_a_local_party_officer_sees_their_local_party(
    live_server: Any, page: Page, org: Org, local_officer_a: Any, member: Any, member_b: Any
) -> None:
    sign_in(page, live_server.url, local_officer_a.email)
    expect(page.get_by_role("heading", name="Where you act")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Local Party A")
    expect(row).to_contain_text("Local party officer")
    expect(row.get_by_role("cell").nth(2)).to_have_text("2")
    shot(page, "dashboard-local-party-officer")
    page.goto(f"{live_server.url}/units/{org.lp_b.pk}/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_an_auditor_signs_in_with_a_code_and_verifies_the_ledger(
    live_server: Any, page: Page, org: Org, auditor: Any
) -> None:
    sign_in(page, live_server.url, auditor.email)
    counters = list(yield_hotp_counters_from_time())
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2])))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Audit", exact=True)).to_be_visible()
    page.get_by_role("link", name="Ledger").first.click()
    page.get_by_role("button", name="Verify the whole chain").click()
    expect(page.get_by_role("status").filter(has_text="ledger intact")).to_be_visible()
    shot(page, "ledger-verified")
