"""Discipline fixtures: a respondent, six panel members, a national executive member, and a case builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from moot.conftest import SINCE, TOTP_SECRET, Org, make_person
from moot.discipline import services
from moot.discipline.models import Case
from moot.members.models import Member

# The case's own calendar: conduct in 2024, the complaint in January 2025.
RECEIVED = date(2025, 1, 6)


def member_of(person: Any) -> Member:
    """The register entry of a persona."""
    return Member.objects.get(account=person)


def _grant(person: Any, role: str, **where: Any) -> Any:
    from allauth.mfa.totp.internal.auth import TOTP

    from moot.accounts.services import grant_role

    grant_role(person=person, role=role, starts_on=SINCE, reason="test persona", by=None, **where)
    TOTP.activate(person, TOTP_SECRET)
    return person


@pytest.fixture
def respondent(org: Org) -> Any:
    return make_person("Rhea Respondent", branch=org.branch_a1)


@pytest.fixture
def complainant(org: Org) -> Any:
    return make_person("Cora Complainant", branch=org.branch_a2)


@pytest.fixture
def panel(org: Org) -> list[Any]:
    """Six members of the disciplinary committee: three to hear, three for an appeal."""
    return [
        _grant(make_person(f"Panel Person{n}"), "panel_member", body=org.disciplinary_committee) for n in range(1, 7)
    ]


@pytest.fixture
def nec(org: Org) -> Any:
    from moot.organisation import services as organisation
    from moot.organisation.models import Body

    body = organisation.create_body(
        unit=org.national, kind=Body.Kind.NATIONAL_EXECUTIVE, name="National Executive Committee", seats=30, by=None
    )
    return _grant(make_person("Nora Executive"), "nec_member", body=body)


@pytest.fixture
def investigator(org: Org) -> Any:
    return make_person("Ivo Investigator")


CaseBuilder = Callable[..., Case]


@pytest.fixture
def case_at(respondent: Any, complainant: Any, case_officer: Any, investigator: Any, panel: list[Any]) -> CaseBuilder:
    """Build a case through the services up to a stage, on the case's calendar (January to March 2025)."""

    def build(stage: str, *, sanction: str = "warning") -> Case:
        from moot.discipline.services import ProposedFinding

        case = services.lodge_complaint(
            respondent=respondent.member,
            summary="Shouted down the chair.",
            source=Case.Source.MEMBER,
            by=complainant,
            today=RECEIVED,
        )
        if stage == "received":
            return case
        services.triage(case=case, by=case_officer, reasons="Serious enough to look into.", today=date(2025, 1, 7))
        if stage == "triaged":
            return case
        services.add_allegation(
            case=case,
            by=case_officer,
            text="Abused the chair at the branch meeting.",
            conduct_on=date(2024, 12, 2),
            rule_key="conduct",
            today=date(2025, 1, 7),
        )
        services.add_evidence(
            case=case,
            by=case_officer,
            content=b"minutes of 2 December",
            filename="minutes.txt",
            description="Branch minutes",
            dated_on=date(2024, 12, 2),
        )
        services.open_investigation(case=case, by=case_officer, investigator=investigator, today=date(2025, 1, 8))
        if stage == "under_investigation":
            return case
        services.serve_notice(case=case, by=case_officer, today=date(2025, 1, 20))
        if stage == "notice_served":
            return case
        services.record_delivery(case=case, by=case_officer, delivered_on=date(2025, 1, 21), today=date(2025, 1, 21))
        if stage == "awaiting_response":
            return case
        services.submit_response(
            case=case,
            by=respondent,
            response="I raised my voice; I apologised.",
            companion="Tom Friend",
            today=date(2025, 1, 30),
        )
        if stage == "ready_for_panel":
            return case
        services.refer_to_panel(case=case, by=case_officer, panel=panel[:3], today=date(2025, 2, 10))
        if stage == "referred_to_panel":
            return case
        services.open_hearing(case=case, by=panel[0], hearing_on=date(2025, 2, 20), today=date(2025, 2, 11))
        if stage == "hearing":
            return case
        services.decide(
            case=case,
            by=panel[0],
            today=date(2025, 2, 20),
            sanction=sanction,
            sanction_months=6 if sanction == "suspension" else None,
            findings=[ProposedFinding(1, True, "The minutes and two accounts agree.")],
            reasons="Proportionate to a first finding.",
        )
        if stage == "decided":
            return case
        services.notify_decision(case=case, by=case_officer, today=date(2025, 2, 21))
        if stage == "appeal_window":
            return case
        services.lodge_appeal(case=case, by=respondent, grounds="Too harsh.", today=date(2025, 3, 1))
        assert stage == "appealed", stage
        return case

    return build
