"""In a real Chromium: the discipline stories played end to end through the pages people use.

Each person has their own browser context (their own session), so a case officer, the respondent
and panel members can act in turn without signing out; staff sign in with a TOTP code. Setup goes
through the services only where the story needs it (a complaint already received, a calendar that
moves on: `run_tick` on a later day); everything else is a form on a page, and every assertion is
text on the page that person sees.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from moot.conftest import PASSWORD, TOTP_SECRET, Org, make_person
from moot.core.rules.dates import long_date
from moot.discipline import services
from moot.discipline.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

SignIn = Callable[..., Page]


@pytest.fixture(autouse=True)
def _fresh_totp_cache() -> None:
    """allauth remembers used codes for 30 s in the process cache; a new test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sign_in(live_server: Any, new_context: Callable[..., BrowserContext]) -> SignIn:
    """A fresh browser session for one person, signed in (with a TOTP code when they are staff)."""

    def open_as(user: Any, *, totp: bool = False) -> Page:
        page = new_context().new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        if totp:
            if time.time() % 30 > 28:  # a code is good for its 30-second window only: don't straddle it
                time.sleep(2.5)
            counters = list(yield_hotp_counters_from_time())
            page.get_by_label("Code").fill(format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2])))
            page.get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("button", name=f"Sign out {user.name}")).to_be_visible()
        return page

    return open_as


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def messages(page: Page) -> Any:
    return page.locator(".messages")


def stage(page: Page) -> Any:
    return page.locator("#case-stage")


def status_on_my_membership(page: Page, base: str) -> Any:
    page.goto(f"{base}/me/")
    expect(page.get_by_role("heading", name="My membership")).to_be_visible()
    return page.locator("dl.facts dt:text-is('Status') + dd")


def record_decision(page: Page, *, finding: str, sanction: str, reasons: str) -> None:
    """Fill the case page's Decide form: allegation 1 upheld with its reasons, a sanction, and submit."""
    decide = page.locator("form").filter(has=page.get_by_role("heading", name="Decide"))
    decide.get_by_role("group", name="Allegation 1").get_by_label("Upheld", exact=True).check()
    decide.get_by_label("Reasons for this finding").fill(finding)
    decide.get_by_label("Sanction").select_option(sanction)
    decide.get_by_label("Reasons for the decision").fill(reasons)
    decide.get_by_role("button", name="Record the decision").click()


def lodge_and_triage(respondent: Any, complainant: Any, case_officer: Any, summary: str, today: date) -> Case:
    """The complaint is already in and taken on: the story starts from the case page."""
    case = services.lodge_complaint(
        respondent=respondent.member, summary=summary, source=Case.Source.MEMBER, by=complainant, today=today
    )
    return services.triage(case=case, by=case_officer, reasons="Serious enough to look into.", today=today)


# --- (a) an officer suspended pending a case; nobody renews; the suspension lapses ------------------------


def test_an_interim_suspension_nobody_renews_lapses_and_the_officer_is_restored(
    live_server: Any, sign_in: SignIn, org: Org, branch_officer: Any, complainant: Any, case_officer: Any
) -> None:
    from moot.tick import run_tick

    base, today = live_server.url, timezone.localdate()
    case = lodge_and_triage(
        branch_officer,
        complainant,
        case_officer,
        "As chair, allowed a debate on a motion the party had ruled out of order.",
        today,
    )
    review_by = today + timedelta(days=28)

    officer = sign_in(case_officer, totp=True)
    officer.goto(f"{base}/discipline/cases/{case.pk}/")
    expect(officer.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    form = officer.locator("form").filter(has=officer.get_by_role("heading", name="Interim suspension"))
    form.get_by_label("Reasons (the member is told them)").fill(
        "Chairing further meetings while the case is pending risks repeating the breach."
    )
    form.get_by_role("button", name="Suspend pending the case").click()
    expect(messages(officer)).to_contain_text("Done: impose interim suspension.")
    interim = officer.get_by_role("region", name="Interim suspension")
    expect(interim).to_contain_text(f"imposed {long_date(today)}")
    expect(interim).to_contain_text(f"Review by {long_date(review_by)}")
    shot(officer, "discipline-a-interim-imposed")

    member = sign_in(branch_officer)
    expect(status_on_my_membership(member, base)).to_have_text("Suspended")
    shot(member, "discipline-a-member-suspended")

    done = run_tick(review_by)  # the review date itself: still in force, at most a reminder
    assert not any("lapse" in kind for kind in done), done
    expect(status_on_my_membership(member, base)).to_have_text("Suspended")

    done = run_tick(review_by + timedelta(days=1))  # nobody renewed: it lapses the day after
    assert done["interim suspensions: lapse"] == 1, done
    member = sign_in(branch_officer)  # signs in afresh, some weeks later
    expect(status_on_my_membership(member, base)).to_have_text("Active")
    member.goto(f"{base}/discipline/me/cases/")
    letters = member.locator("ul").filter(has=member.get_by_role("link", name="Your interim suspension has ended"))
    expect(letters).to_have_count(1)
    shot(member, "discipline-a-interim-lapsed-letters")

    officer.reload()
    expect(interim).to_contain_text("Lapsed")
    expect(interim).to_contain_text(f"Not renewed by {long_date(review_by)}")


# --- (b) a proscription judges only conduct after it; the case runs to appeal and is final ----------------


def test_a_proscription_case_runs_from_allegation_to_a_dismissed_appeal(
    live_server: Any,
    sign_in: SignIn,
    org: Org,
    respondent: Any,
    complainant: Any,
    case_officer: Any,
    investigator: Any,
    panel: list[Any],
) -> None:
    from moot.rulebook.models import Organisation
    from moot.rulebook.services import proscribe_organisation, register_organisation

    base, today = live_server.url, timezone.localdate()
    group = register_organisation(
        name="Red Dawn Front",
        kind=Organisation.Kind.OTHER_GROUP,
        description="Stands candidates against the party.",
        by=None,
    )
    proscribe_organisation(
        organisation=group,
        proscribed_from=date(2021, 7, 20),
        decided_by="National Executive",
        minute_reference="NEC/2021/31",
        reasons="Stands candidates against the party.",
        support_criteria="Membership, donations or campaigning.",
        by=None,
        today=date(2021, 7, 20),
    )
    case = lodge_and_triage(respondent, complainant, case_officer, "Campaigns for Red Dawn Front.", today)
    case_url = f"{base}/discipline/cases/{case.pk}/"

    officer = sign_in(case_officer, totp=True)
    officer.goto(case_url)

    def add_allegation(conduct_on: str) -> None:
        form = officer.locator("form").filter(has=officer.get_by_role("heading", name="Add an allegation"))
        form.get_by_label("What the member is alleged to have done").fill("Leafleted for Red Dawn Front.")
        form.get_by_label("Date of the conduct").fill(conduct_on)
        form.get_by_label("Rule or proscription breached").select_option(
            label="Proscription of Red Dawn Front (from 20 July 2021)"
        )
        form.get_by_role("button", name="Add allegation").click()

    add_allegation("2021-03-03")
    expect(messages(officer)).to_contain_text(
        "dated 3 March 2021, before Red Dawn Front was proscribed on 20 July 2021"
    )
    expect(officer.get_by_role("heading", name="Allegations")).to_have_count(0)
    shot(officer, "discipline-b-allegation-before-proscription-refused")

    add_allegation("2021-08-01")
    expect(messages(officer)).to_contain_text("Done: add allegation.")
    allegations = officer.locator("ol.allegations > li")
    expect(allegations).to_have_count(1)
    expect(allegations).to_contain_text("Conduct dated 1 August 2021")

    officer.get_by_label("Investigator's email address").fill(investigator.email)
    officer.get_by_role("button", name="Open investigation").click()
    expect(stage(officer)).to_have_text("under investigation")
    officer.get_by_role("button", name="Serve notice of the allegations, with the evidence").click()
    expect(stage(officer)).to_have_text("notice served")
    officer.get_by_label("Delivered on").fill(today.isoformat())
    officer.get_by_role("button", name="Record delivery").click()
    expect(stage(officer)).to_have_text("awaiting response")
    expect(officer.locator("#respond-by")).to_have_text(long_date(today + timedelta(days=14)))

    member = sign_in(respondent)
    member.goto(case_url)
    expect(member.get_by_text(f"You may respond until {long_date(today + timedelta(days=14))}")).to_be_visible()
    member.get_by_label("Your response to the allegations").fill("I handed out one leaflet for a friend.")
    member.get_by_label("Companion or representative (name, optional)").fill("Tom Friend")
    member.get_by_role("button", name="Send my response").click()
    expect(messages(member)).to_contain_text("Done: submit response.")
    expect(stage(member)).to_have_text("ready for a panel")

    officer.goto(case_url)
    expect(officer.get_by_text("Companion or representative: Tom Friend")).to_be_visible()
    officer.get_by_label("Panel members' email addresses (three or more)").fill("\n".join(p.email for p in panel[:3]))
    officer.get_by_role("button", name="Refer to panel").click()
    expect(stage(officer)).to_have_text("referred to panel")

    chair = sign_in(panel[0], totp=True)
    chair.goto(case_url)
    chair.get_by_label("Hearing date").fill(today.isoformat())
    chair.get_by_role("button", name="Open hearing").click()
    expect(stage(chair)).to_have_text("at hearing")
    record_decision(
        chair,
        finding="Photographs dated 1 August 2021 show the leafleting.",
        sanction="auto-exclusion",
        reasons="Support for a proscribed group after its proscription.",
    )
    expect(messages(chair)).to_contain_text("Done: decide.")
    expect(stage(chair)).to_have_text("decided")
    chair.get_by_role("button", name="Send the decision, with the right of appeal").click()
    expect(stage(chair)).to_have_text("in its appeal window")
    shot(chair, "discipline-b-decided")

    member.goto(case_url)
    expect(member.get_by_text("Sanction: auto-exclusion")).to_be_visible()
    expect(member.get_by_text("Upheld.")).to_be_visible()
    member.get_by_label("Grounds of appeal").fill("The leaflet was a favour, not support.")
    member.get_by_role("button", name="Lodge my appeal").click()
    expect(stage(member)).to_have_text("appealed")

    officer.goto(case_url)
    officer.get_by_label("Appeal panel members' email addresses").fill("\n".join(p.email for p in panel[3:]))
    officer.get_by_role("button", name="Name the appeal panel").click()
    expect(messages(officer)).to_contain_text("Done: appoint appeal panel.")

    appeal = sign_in(panel[3], totp=True)
    appeal.goto(case_url)
    appeal.get_by_label("Dismiss: the decision stands").check()
    appeal.get_by_label("Reasons").fill("The panel weighed the favour and the photographs; its decision stands.")
    appeal.get_by_role("button", name="Decide the appeal").click()
    expect(stage(appeal)).to_have_text("final")
    expect(appeal.get_by_text("Dismissed")).to_be_visible()
    shot(appeal, "discipline-b-appeal-dismissed-final")

    member.goto(case_url)
    expect(stage(member)).to_have_text("final")
    expect(status_on_my_membership(member, base)).to_have_text("Excluded")
    shot(member, "discipline-b-member-excluded")


# --- (c) a local party suspended by the national executive, reviewed, restored --------------------------


def test_a_local_party_is_suspended_continued_and_restored(
    live_server: Any, sign_in: SignIn, org: Org, nec: Any, member: Any
) -> None:
    base, today = live_server.url, timezone.localdate()
    appointed = make_person("Olga Appointed")
    url = f"{base}/discipline/units/{org.lp_a.pk}/suspension/"

    executive = sign_in(nec, totp=True)
    executive.goto(url)
    expect(executive.locator("#not-suspended")).to_have_text("Local Party A is not suspended.")
    executive.get_by_label("Reasons (every member of the unit will read them)").fill(
        "Membership records falsified before the selection."
    )
    executive.get_by_label("Minute reference of the decision").fill("NEC/2025/14")
    executive.get_by_label("Appointed officer's email address").fill(appointed.email)
    executive.get_by_label("Review by").fill((today + timedelta(days=30)).isoformat())
    executive.get_by_label("Sunset (it lapses on this day)").fill((today + timedelta(days=180)).isoformat())
    executive.get_by_role("button", name="Suspend").click()
    expect(messages(executive)).to_contain_text("Local Party A is suspended.")
    shot(executive, "discipline-c-suspended-executive")

    reader = sign_in(member)
    reader.goto(url)
    expect(reader.get_by_role("heading", name="Suspended", exact=True)).to_be_visible()
    expect(reader.locator("#suspension-reasons")).to_have_text("Membership records falsified before the selection.")
    meetings = reader.get_by_role("region", name="Meetings")
    expect(meetings).to_contain_text("Meetings are suspended")
    expect(meetings).to_contain_text(f"lapses on {long_date(today + timedelta(days=180))}")
    expect(reader.get_by_role("heading", name="National executive")).to_have_count(0)
    shot(reader, "discipline-c-suspended-member")

    executive.reload()
    executive.get_by_label("New reasons").fill("The register is still being rebuilt by the appointed officer.")
    executive.get_by_label("Next review by").fill((today + timedelta(days=60)).isoformat())
    executive.get_by_role("button", name="Continue the suspension").click()
    expect(messages(executive)).to_contain_text("The suspension continues.")

    reader.reload()
    expect(reader.locator("#suspension-reasons")).to_have_text(
        "The register is still being rebuilt by the appointed officer."
    )
    expect(reader.locator("dl.facts")).to_contain_text(long_date(today + timedelta(days=60)))
    expect(reader.get_by_role("region", name="History")).to_contain_text(
        "continued — The register is still being rebuilt by the appointed officer."
    )

    executive.reload()
    executive.locator("form").filter(has=executive.get_by_role("heading", name="Restore")).get_by_label("Reasons").fill(
        "The register is rebuilt and checked."
    )
    executive.get_by_role("button", name="Restore Local Party A").click()
    expect(messages(executive)).to_contain_text("Local Party A is restored.")

    reader.reload()
    expect(reader.locator("#not-suspended")).to_have_text("Local Party A is not suspended.")
    expect(meetings).to_contain_text("The unit is not suspended; it may meet.")
    expect(reader.get_by_role("heading", name="Suspended", exact=True)).to_have_count(0)
    shot(reader, "discipline-c-restored-member")


# --- (d) no decision while the respondent may still respond ----------------------------------------------


def test_a_decision_before_the_response_window_closes_is_refused_with_the_date(
    live_server: Any, sign_in: SignIn, org: Org, respondent: Any, complainant: Any, case_officer: Any, investigator: Any
) -> None:
    base, today = live_server.url, timezone.localdate()

    def days(n: int) -> date:
        return today + timedelta(days=n)

    case = lodge_and_triage(respondent, complainant, case_officer, "Shouted down the chair.", days(-10))
    services.add_allegation(
        case=case,
        by=case_officer,
        text="Abused the chair at the branch meeting.",
        conduct_on=days(-30),
        rule_key="conduct",
        today=days(-10),
    )
    services.open_investigation(case=case, by=case_officer, investigator=investigator, today=days(-9))
    services.serve_notice(case=case, by=case_officer, today=days(-5))
    services.record_delivery(case=case, by=case_officer, delivered_on=days(-4), today=days(-4))
    case.refresh_from_db()
    assert case.stage == "awaiting_response" and case.respond_by == days(10)

    officer = sign_in(case_officer, totp=True)
    officer.goto(f"{base}/discipline/cases/{case.pk}/")
    expect(stage(officer)).to_have_text("awaiting response")
    record_decision(officer, finding="The minutes are clear.", sanction="warning", reasons="A first finding.")
    expect(messages(officer)).to_contain_text(
        f"No decision yet: the respondent may respond until {long_date(days(10))}"
    )
    expect(messages(officer)).to_contain_text("Only a member of the panel hearing this case may decide it.")
    expect(stage(officer)).to_have_text("awaiting response")
    shot(officer, "discipline-d-early-decision-refused")
    assert Case.objects.get(pk=case.pk).stage == "awaiting_response"
