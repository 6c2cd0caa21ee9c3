"""Only the parties see a case, each as far as their part allows; every read is logged; all else is 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from moot.conftest import make_person
from moot.discipline.models import Case, CaseRead, Evidence, Notice
from moot.discipline.tests.conftest import CaseBuilder, _grant

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "outsider",
    "member",
    "member_b",
    "branch_officer",
    "local_officer_a",
    "local_officer_b",
    "regional_staff_a",
    "national_staff",
    "auditor",
    "administrator",
    "panel_member",
    "returning_officer",
    "nec",
]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decided_case(case_at: CaseBuilder) -> Case:
    return case_at("appeal_window")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_staff_and_members_outside_the_case_get_404_everywhere(persona: str, request: Any, decided_case: Case) -> None:
    user = request.getfixturevalue(persona)
    client = _client(user)
    evidence = Evidence.objects.get(case=decided_case)
    notice = Notice.objects.filter(case=decided_case).first()
    assert notice is not None
    for url in [
        reverse("case_detail", args=[decided_case.pk]),
        reverse("evidence_file", args=[decided_case.pk, evidence.pk]),
        reverse("notice_pdf", args=[notice.pk]),
        reverse("case_action", args=[decided_case.pk, "withdraw"]),
    ]:
        response = client.post(url, {"reasons": "x"}) if "act" in url else client.get(url)
        assert response.status_code == 404, (persona, url, response.status_code)
    assert decided_case.reference not in client.get(reverse("case_list")).content.decode()
    assert not CaseRead.objects.filter(reader=user).exists()


def test_anonymous_visitors_are_sent_to_log_in(decided_case: Case) -> None:
    response = Client().get(reverse("case_detail", args=[decided_case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_case_officer_of_another_region_cannot_open_it(org: Any, decided_case: Case) -> None:
    other = _grant(make_person("Olga Othercase"), "case_officer", unit=org.region_b)
    assert _client(other).get(reverse("case_detail", args=[decided_case.pk])).status_code == 404


def test_the_respondent_sees_allegations_and_shown_evidence_but_not_withheld(
    case_at: CaseBuilder, case_officer: Any, respondent: Any
) -> None:
    from moot.discipline import services

    case = case_at("under_investigation")
    services.add_evidence(
        case=case,
        by=case_officer,
        content=b"witness statement",
        filename="w.txt",
        description="Statement of a frightened witness",
        dated_on=date(2024, 12, 3),
        shown_to_respondent=False,
        withheld_reason="Protects the witness.",
    )
    services.serve_notice(case=case, by=case_officer, today=date(2025, 1, 20))
    page = _client(respondent).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Abused the chair" in page and "Branch minutes" in page
    assert "frightened witness" not in page and "Shouted down the chair" not in page
    withheld = Evidence.objects.get(case=case, shown_to_respondent=False)
    assert _client(respondent).get(reverse("evidence_file", args=[case.pk, withheld.pk])).status_code == 404
    shown = Evidence.objects.get(case=case, shown_to_respondent=True)
    assert _client(respondent).get(reverse("evidence_file", args=[case.pk, shown.pk])).status_code == 200
    assert "Your response to the allegations" in page


def test_the_complainant_sees_progress_not_the_evidence(decided_case: Case, complainant: Any) -> None:
    client = _client(complainant)
    page = client.get(reverse("case_detail", args=[decided_case.pk])).content.decode()
    assert "In its appeal window" in page or "in its appeal window" in page
    assert "Branch minutes" not in page and "Abused the chair" not in page and "apologised" not in page
    evidence = Evidence.objects.get(case=decided_case)
    assert client.get(reverse("evidence_file", args=[decided_case.pk, evidence.pk])).status_code == 404


@pytest.mark.parametrize(
    "who,sees",
    [
        ("case_officer", "case officer"),
        ("investigator", "investigator"),
        ("respondent", "respondent"),
        ("complainant", "complainant"),
    ],
)
def test_each_party_reads_as_their_part_and_the_read_is_logged(
    who: str, sees: str, request: Any, decided_case: Case
) -> None:
    user = request.getfixturevalue(who)
    response = _client(user).get(reverse("case_detail", args=[decided_case.pk]))
    assert response.status_code == 200
    assert f"reading this case as: {sees}" in response.content.decode()
    assert CaseRead.objects.filter(case=decided_case, reader=user, as_part=sees).count() == 1


def test_the_panel_reads_the_whole_file(decided_case: Case, panel: list[Any]) -> None:
    page = _client(panel[0]).get(reverse("case_detail", args=[decided_case.pk])).content.decode()
    assert "reading this case as: panel" in page and "Branch minutes" in page and "apologised" in page
    assert _client(panel[4]).get(reverse("case_detail", args=[decided_case.pk])).status_code == 404


def test_the_case_officer_sees_who_read_the_case(decided_case: Case, respondent: Any, case_officer: Any) -> None:
    _client(respondent).get(reverse("case_detail", args=[decided_case.pk]))
    page = _client(case_officer).get(reverse("case_detail", args=[decided_case.pk])).content.decode()
    assert "Who has read this case" in page and "Rhea Respondent" in page


def test_a_party_cannot_act_beyond_their_part(decided_case: Case, complainant: Any) -> None:
    response = _client(complainant).post(
        reverse("case_action", args=[decided_case.pk, "withdraw"]), {"reasons": "changed my mind"}, follow=True
    )
    assert "Only a case officer" in response.content.decode()
    assert Case.objects.get(pk=decided_case.pk).stage == "appeal_window"


def test_the_public_form_returns_a_reference_and_confirms_nobody_is_a_member(org: Any) -> None:
    response = Client().post(
        reverse("public_complaint"),
        {"about": "Someone Unknown", "name": "Pat Public", "email": "pat@example.net", "summary": "Rude at a stall."},
    )
    case = Case.objects.get()
    assert case.reference in response.content.decode() and case.respondent is None
    bad = Client().post(reverse("public_complaint"), {"about": "X", "summary": "y"})
    assert bad.status_code == 400 and "name and email" in bad.content.decode()
    assert Case.objects.count() == 1


def test_oversight_shows_counts_to_the_committee_and_auditors_only(
    decided_case: Case, auditor: Any, panel_member: Any, national_staff: Any, respondent: Any
) -> None:
    for allowed in (auditor, panel_member):
        page = _client(allowed).get(reverse("oversight")).content.decode()
        assert "Cases by stage" in page and "Rhea Respondent" not in page
    for refused in (national_staff, respondent):
        assert _client(refused).get(reverse("oversight")).status_code == 403
