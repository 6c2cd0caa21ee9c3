"""The rulebook: seeded, amended only forwards and only by the national executive, public to read."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from moot.accounts.services import grant_role
from moot.conftest import SINCE, Org, make_person
from moot.core.rules import Refused
from moot.ledger.models import Event
from moot.organisation.models import Body
from moot.organisation.services import create_body
from moot.rulebook.models import RuleVersion
from moot.rulebook.selectors import load_rulebook
from moot.rulebook.services import amend_rule

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def nec_member(org: Org) -> Any:
    nec = create_body(unit=org.national, kind=Body.Kind.NATIONAL_EXECUTIVE, name="NEC", seats=39, by=None)
    person = make_person("Nadia Nec", branch=org.branch_a1)
    grant_role(person=person, role="nec_member", body=nec, starts_on=SINCE, reason="elected", by=None)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return person


def _amend(effective_from: date, by: Any = None, **overrides: Any) -> RuleVersion:
    fields: dict[str, Any] = {
        "key": "selection-vote",
        "effective_from": effective_from,
        "text": "Twelve months now.",
        "parameters": {
            "continuous_months": 12,
            "minimum_age": 0,
            "provisional_allowed": False,
            "arrears_allowed": False,
        },
        "reason": "Conference 2026 decision",
        "decision_reference": "NEC 2026/41",
        "by": by,
        "today": TODAY,
    }
    return amend_rule(**(fields | overrides))


def test_a_fresh_database_holds_the_standing_rules_each_with_its_event(db: Any) -> None:
    rulebook = load_rulebook()
    assert rulebook.in_force("selection-vote", TODAY).integer("continuous_months") == 6
    assert Event.objects.filter(action="rule.version_made").count() == RuleVersion.objects.count() == 21


def test_an_amendment_governs_from_its_date_and_the_old_version_before_it(db: Any) -> None:
    row = _amend(TODAY + timedelta(days=30))
    rulebook = load_rulebook()
    assert row.version == 2
    assert rulebook.in_force("selection-vote", TODAY + timedelta(days=29)).version == 1
    assert rulebook.in_force("selection-vote", TODAY + timedelta(days=30)).integer("continuous_months") == 12
    event = Event.objects.get(action="rule.version_made", rule_version="selection-vote@2")
    assert event.data is not None and event.data["decision_reference"] == "NEC 2026/41"


def test_an_amendment_cannot_reach_back(db: Any) -> None:
    with pytest.raises(Refused, match="made on 23 November 2026 cannot take effect earlier, on 22 November 2026"):
        _amend(TODAY - timedelta(days=1))
    assert load_rulebook().history("selection-vote")[-1].version == 1


def test_an_amendment_needs_reasons_and_a_minute(db: Any) -> None:
    with pytest.raises(Refused, match="written reasons and the decision's minute reference"):
        _amend(TODAY, reason=" ")


def test_only_the_national_executive_amends_through_the_api(org: Org, national_staff: Any, nec_member: Any) -> None:
    body = {
        "effective_from": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "text": "Twelve months.",
        "parameters": {
            "continuous_months": 12,
            "minimum_age": 0,
            "provisional_allowed": False,
            "arrears_allowed": False,
        },
        "reason": "Conference",
        "decision_reference": "NEC 1",
    }
    staff = Client()
    staff.force_login(national_staff)
    assert staff.post("/api/v1/rules/selection-vote/versions", body, content_type="application/json").status_code == 403
    nec = Client()
    nec.force_login(nec_member)
    response = nec.post("/api/v1/rules/selection-vote/versions", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 2
    backdated = body | {"effective_from": "2020-01-01"}
    refused = nec.post("/api/v1/rules/selection-vote/versions", backdated, content_type="application/json")
    assert refused.status_code == 409 and "2020" in refused.json()["detail"]


def test_the_amend_page_refuses_anyone_but_the_executive(org: Org, local_officer_a: Any) -> None:
    client = Client()
    client.force_login(local_officer_a)
    assert client.post("/rules/selection-vote/amend/", {"effective_from": "2030-01-01"}).status_code == 403
    assert load_rulebook().history("selection-vote")[-1].version == 1


def test_anyone_can_read_the_rules_on_any_date(db: Any) -> None:
    _amend(TODAY + timedelta(days=10))
    later = (TODAY + timedelta(days=10)).isoformat()
    page = Client().get(f"/rules/?on={later}").content.decode()
    assert "Twelve months now." in page
    assert "Twelve months now." not in Client().get(f"/rules/?on={TODAY.isoformat()}").content.decode()
    assert [v["version"] for v in Client().get("/api/v1/rules/selection-vote").json()] == [1, 2]
    assert Client().get("/api/v1/rules/no-such-rule").status_code == 404


def test_an_amendment_without_a_date_is_refused_in_words(org: Org, nec_member: Any) -> None:
    client = Client()
    client.force_login(nec_member)
    response = client.post(
        "/rules/selection-vote/amend/",
        {"effective_from": "", "text": "t", "reason": "r", "decision_reference": "NEC 1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Give the date the amendment takes effect as a date" in page and "1 January 1" not in page
    assert RuleVersion.objects.filter(rule__key="selection-vote").count() == 1
