"""The discipline API refuses as the pages do: outsiders get 404, refusals 409 with every reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from moot.discipline.models import Case, CaseRead
from moot.discipline.tests.conftest import CaseBuilder

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_public_complaint_gets_a_reference(org: Any) -> None:
    response = _post(
        Client(),
        "/api/v1/discipline/complaints",
        {"about": "A councillor", "summary": "Abusive on a doorstep.", "name": "Pat", "email": "p@x.org"},
    )
    assert response.status_code == 201
    assert response.json()["reference"] == Case.objects.get().reference


def test_an_incomplete_public_complaint_is_refused_and_nothing_is_kept(org: Any) -> None:
    response = _post(Client(), "/api/v1/discipline/complaints", {"about": "A councillor", "summary": ""})
    assert response.status_code == 400 and "written account" in response.json()["detail"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "persona", ["outsider", "member", "national_staff", "auditor", "panel_member", "local_officer_a", "administrator"]
)
def test_outsiders_get_404_for_the_case_and_its_actions(persona: str, request: Any, case_at: CaseBuilder) -> None:
    case = case_at("awaiting_response")
    client = _client(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/discipline/cases/{case.pk}").status_code == 404
    assert _post(client, f"/api/v1/discipline/cases/{case.pk}/actions/withdraw", {"reasons": "x"}).status_code == 404
    assert client.get("/api/v1/discipline/cases").json()["items"] == []
    assert Case.objects.get(pk=case.pk).stage == "awaiting_response"


def test_anonymous_callers_are_refused(case_at: CaseBuilder) -> None:
    case = case_at("received")
    assert Client().get(f"/api/v1/discipline/cases/{case.pk}").status_code == 401


def test_the_respondent_reads_the_allegations_and_the_read_is_logged(case_at: CaseBuilder, respondent: Any) -> None:
    case = case_at("awaiting_response")
    body = _client(respondent).get(f"/api/v1/discipline/cases/{case.pk}").json()
    assert body["read_as"] == "respondent" and body["allegations"][0]["text"].startswith("Abused the chair")
    assert body["next_actions"] == ["submit_response"]
    assert CaseRead.objects.filter(case=case, reader=respondent, what="API read").exists()


def test_the_complainant_reads_progress_only(case_at: CaseBuilder, complainant: Any) -> None:
    case = case_at("appeal_window")
    body = _client(complainant).get(f"/api/v1/discipline/cases/{case.pk}").json()
    assert body["read_as"] == "complainant" and body["allegations"] == [] and body["evidence"] == []
    assert body["response"] is None and body["sanction"] is None


def test_an_early_decision_is_refused_with_the_reason(case_at: CaseBuilder, case_officer: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from moot.core.rules.dates import long_date

    case = case_at("awaiting_response")
    open_until = timezone.localdate() + timedelta(days=5)
    Case.objects.filter(pk=case.pk).update(respond_by=open_until)  # the window is still open today
    response = _post(
        _client(case_officer),
        f"/api/v1/discipline/cases/{case.pk}/actions/decide",
        {"findings": [{"allegation": 1, "upheld": True, "reasons": "Proven."}], "sanction": "warning"},
    )
    assert response.status_code == 409
    assert f"the respondent may respond until {long_date(open_until)}" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).stage == "awaiting_response"


def test_the_respondent_responds_through_the_api(case_at: CaseBuilder, respondent: Any) -> None:
    from django.utils import timezone

    case = case_at("awaiting_response")
    Case.objects.filter(pk=case.pk).update(respond_by=timezone.localdate())  # the window is open today
    response = _post(
        _client(respondent),
        f"/api/v1/discipline/cases/{case.pk}/actions/submit_response",
        {"response": "I apologised the next day.", "companion": "Tom Friend"},
    )
    assert response.status_code == 200 and response.json()["stage"] == "ready_for_panel"


def test_oversight_is_for_the_committee_and_auditors(case_at: CaseBuilder, auditor: Any, national_staff: Any) -> None:
    case_at("awaiting_response")
    body = _client(auditor).get("/api/v1/discipline/oversight").json()
    assert body["by_stage"]["awaiting response"] == 1
    assert _client(national_staff).get("/api/v1/discipline/oversight").status_code == 403
