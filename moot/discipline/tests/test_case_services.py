"""The case services end to end, and every guard refusing its shortcut with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from moot.core.rules import Refused
from moot.discipline import services
from moot.discipline.models import Case, CaseParty, Evidence, Notice
from moot.discipline.services import ProposedFinding
from moot.discipline.tests.conftest import CaseBuilder
from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger
from moot.members.models import Member

pytestmark = pytest.mark.django_db


def _stage(case: Case) -> str:
    return Case.objects.get(pk=case.pk).stage


def test_a_case_runs_from_complaint_to_final_with_every_step_in_the_ledger(
    case_at: CaseBuilder, case_officer: Any, respondent: Any, panel: list[Any]
) -> None:
    case = case_at("appeal_window", sanction="expulsion")
    assert case.appeal_by == date(2025, 3, 7)  # 14 days from notification on 21 February
    services.close_appeal_window(case=case, by=case_officer, today=date(2025, 3, 8))
    case.refresh_from_db()
    assert case.stage == "final" and case.sanction_applied_on == date(2025, 3, 8)
    member = Member.objects.get(pk=respondent.member.pk)
    assert member.status == "expelled"
    assert member.periods.get(ended_on=date(2025, 3, 8)).end_reason == "expelled"
    actions = list(
        Event.objects.filter(subject_type="discipline.case", subject_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    for action in [
        "case.received",
        "case.triage",
        "case.open_investigation",
        "case.serve_notice",
        "case.record_delivery",
        "case.receive_response",
        "case.refer_to_panel",
        "case.open_hearing",
        "case.decide",
        "case.notify_decision",
        "case.close_appeal_window",
        "case.final",
    ]:
        assert action in actions
    decided = Event.objects.get(subject_id=str(case.pk), action="case.decide")
    assert decided.rule_version.startswith("sanctions@1")
    assert verify_ledger(workers=1).ok


def test_evidence_is_hashed_into_the_ledger(case_at: CaseBuilder) -> None:
    case = case_at("under_investigation")
    item = Evidence.objects.get(case=case)
    import hashlib

    assert item.sha256 == hashlib.sha256(b"minutes of 2 December").hexdigest()
    event = Event.objects.get(subject_id=str(case.pk), action="case.evidence_added")
    assert event.data is not None and event.data["sha256"] == item.sha256
    with item.file.open("rb") as stored:
        assert stored.read() == b"minutes of 2 December"


def test_no_decision_before_the_response_window_closes(
    case_at: CaseBuilder, case_officer: Any, panel: list[Any]
) -> None:
    case = case_at("awaiting_response")
    with pytest.raises(Refused) as refused:
        services.decide(case=case, by=case_officer, findings=[ProposedFinding(1, True, "x")], today=date(2025, 2, 1))
    assert "the respondent may respond until 4 February 2025" in str(refused.value)
    assert "cannot be 'decided'" in str(refused.value)
    assert "Only a member of the panel" in str(refused.value)
    with pytest.raises(Refused, match="respond until 4 February 2025"):
        services.close_response_window(case=case, by=case_officer, today=date(2025, 2, 4))
    services.close_response_window(case=case, by=case_officer, today=date(2025, 2, 5))
    assert _stage(case) == "ready_for_panel"


def test_late_delivery_moves_the_respond_by_date(case_at: CaseBuilder, case_officer: Any) -> None:
    case = case_at("notice_served")
    assert case.respond_by == date(2025, 2, 3)
    services.record_delivery(case=case, by=case_officer, delivered_on=date(2025, 1, 27), today=date(2025, 1, 28))
    assert Case.objects.get(pk=case.pk).respond_by == date(2025, 2, 10)


def test_an_allegation_citing_a_rule_before_it_existed_is_refused(case_at: CaseBuilder, case_officer: Any) -> None:
    case = case_at("triaged")
    with pytest.raises(Refused, match="no version of rule 'conduct' was in force on 1 June 2009"):
        services.add_allegation(
            case=case,
            by=case_officer,
            text="Old conduct",
            conduct_on=date(2009, 6, 1),
            rule_key="conduct",
            today=date(2025, 1, 7),
        )
    assert not case.allegations.exists()


def test_the_investigator_and_actors_never_sit_on_the_panel(
    case_at: CaseBuilder, case_officer: Any, org: Any, investigator: Any, panel: list[Any]
) -> None:
    from moot.discipline.tests.conftest import _grant

    _grant(investigator, "panel_member", body=org.disciplinary_committee)
    case = case_at("ready_for_panel")
    with pytest.raises(Refused, match=r"Ivo Investigator \(#\d+\) cannot sit on the panel: investigated the case"):
        services.refer_to_panel(
            case=case, by=case_officer, panel=[investigator, panel[1], panel[2]], today=date(2025, 2, 10)
        )
    assert _stage(case) == "ready_for_panel"
    assert not case.parties.filter(part=CaseParty.Part.PANEL).exists()


def test_a_panel_member_who_declared_an_interest_is_refused(
    case_at: CaseBuilder, case_officer: Any, panel: list[Any]
) -> None:
    case = case_at("ready_for_panel")
    services.declare_interest(case=case, person=panel[1], interest="Same branch as the complainant's partner.")
    with pytest.raises(Refused, match="declared"):
        services.refer_to_panel(case=case, by=case_officer, panel=panel[:3], today=date(2025, 2, 10))


def test_a_decision_needs_reasons_for_each_allegation_and_an_allowed_sanction(
    case_at: CaseBuilder, panel: list[Any]
) -> None:
    case = case_at("hearing")
    with pytest.raises(Refused, match="reasons"):
        services.decide(
            case=case, by=panel[0], findings=[ProposedFinding(1, True, "")], sanction="warning", today=date(2025, 2, 20)
        )
    with pytest.raises(Refused, match="auto-exclusion"):
        services.decide(
            case=case,
            by=panel[0],
            findings=[ProposedFinding(1, True, "Proven.")],
            sanction="auto-exclusion",
            today=date(2025, 2, 20),
        )
    with pytest.raises(Refused, match="24"):
        services.decide(
            case=case,
            by=panel[0],
            findings=[ProposedFinding(1, True, "Proven.")],
            sanction="suspension",
            sanction_months=36,
            today=date(2025, 2, 20),
        )
    assert _stage(case) == "hearing"


def test_only_the_panel_decides(case_at: CaseBuilder, case_officer: Any, panel: list[Any]) -> None:
    case = case_at("hearing")
    with pytest.raises(Refused, match="panel hearing this case"):
        services.decide(
            case=case,
            by=case_officer,
            findings=[ProposedFinding(1, True, "Proven.")],
            sanction="warning",
            today=date(2025, 2, 20),
        )
    with pytest.raises(Refused, match="panel hearing this case"):
        services.decide(
            case=case,
            by=panel[4],
            findings=[ProposedFinding(1, True, "Proven.")],
            sanction="warning",
            today=date(2025, 2, 20),
        )


def test_an_appeal_after_the_window_is_refused(case_at: CaseBuilder, respondent: Any) -> None:
    case = case_at("appeal_window")
    with pytest.raises(Refused, match="after the appeal window closed on 7 March 2025"):
        services.lodge_appeal(case=case, by=respondent, grounds="Too harsh.", today=date(2025, 3, 8))
    assert _stage(case) == "appeal_window"


def test_the_appeal_panel_excludes_everyone_who_acted_before(
    case_at: CaseBuilder, case_officer: Any, panel: list[Any]
) -> None:
    case = case_at("appealed")
    services.appoint_appeal_panel(case=case, by=case_officer, panel=[panel[0], panel[4], panel[5]])
    with pytest.raises(Refused, match=r"first panel|sat on"):
        services.decide_appeal(
            case=case, by=panel[4], outcome="dismissed", reasons="Proportionate.", today=date(2025, 3, 20)
        )
    services.appoint_appeal_panel(case=case, by=case_officer, panel=panel[3:6])
    services.decide_appeal(
        case=case, by=panel[4], outcome="allowed", reasons="The warning was not warranted.", today=date(2025, 3, 20)
    )
    case.refresh_from_db()
    assert case.stage == "final" and case.appeal_outcome == "allowed" and case.sanction_applied_on is None


def test_parties_cannot_administer_their_own_case(case_at: CaseBuilder, case_officer: Any, respondent: Any) -> None:
    case = case_at("received")
    services.add_witness(case=case, by=case_officer, person=case_officer)
    with pytest.raises(Refused, match="no part in the case"):
        services.triage(case=case, by=case_officer, today=date(2025, 1, 7))
    with pytest.raises(Refused, match="no part in the case"):
        services.triage(case=case, by=respondent, today=date(2025, 1, 7))


def test_a_suspension_sanction_is_served_and_the_member_restored_by_tick(
    case_at: CaseBuilder, case_officer: Any, respondent: Any
) -> None:
    from moot.tick import run_tick

    case = case_at("appeal_window", sanction="suspension")
    assert run_tick(date(2025, 3, 7))["cases: decision final"] == 0  # the last day of the window
    assert run_tick(date(2025, 3, 8))["cases: decision final"] == 1
    assert Member.objects.get(pk=respondent.member.pk).status == "suspended"
    assert Case.objects.get(pk=case.pk).sanction_ends_on == date(2025, 9, 8)
    assert not run_tick(date(2025, 9, 7))
    assert run_tick(date(2025, 9, 8))["sanctions: suspension served"] == 1
    assert Member.objects.get(pk=respondent.member.pk).status == "active"
    assert not run_tick(date(2025, 9, 8))  # idempotent


def test_letters_are_rendered_to_pdf_emailed_and_logged(
    case_at: CaseBuilder, respondent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail
    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        case = case_at("notice_served")
    notice = Notice.objects.get(case=case, kind="allegations")
    with notice.pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Abused the chair" in text and case.reference in text
    rendered = Event.objects.get(action="notice.rendered", subject_id=str(notice.pk))
    assert rendered.data == {"pdf_sha256": notice.pdf_sha256}
    assert set(notice.deliveries.values_list("channel", "outcome")) == {("portal", "delivered"), ("email", "sent")}
    sent = [m for m in mail.outbox if m.subject == notice.subject]
    assert sent[0].to == [respondent.email] and sent[0].attachments[0][2] == "application/pdf"
