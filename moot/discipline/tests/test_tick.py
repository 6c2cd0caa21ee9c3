"""`moot tick`: lapses, endings, escalations and reminders, each once, caught up after missed days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from moot.discipline import services, suspensions
from moot.discipline.models import InterimSuspension, Notice, UnitSuspension
from moot.discipline.services import ProposedFinding
from moot.discipline.tests.conftest import CaseBuilder, member_of
from moot.ledger.models import Event
from moot.organisation.models import Unit
from moot.tick import run_tick

pytestmark = pytest.mark.django_db

IMPOSED = date(2025, 1, 10)
REVIEW_BY = date(2025, 2, 7)
ENDS_BY = date(2025, 7, 10)


def _interim(s: InterimSuspension) -> InterimSuspension:
    return InterimSuspension.objects.get(pk=s.pk)


@pytest.fixture
def interim(case_at: CaseBuilder, case_officer: Any) -> InterimSuspension:
    case = case_at("under_investigation")
    return suspensions.impose_interim_suspension(
        case=case, by=case_officer, reasons="Threats to the branch chair.", today=IMPOSED
    )


# --- interim suspensions -------------------------------------------------------------------------


def test_tick_lapses_an_unrenewed_suspension_the_day_after_review_and_restores_the_member(
    interim: InterimSuspension, respondent: Any, case_officer: Any
) -> None:
    run_tick(date(2025, 1, 31))  # the reminder, so the review date itself has nothing left to do
    assert not run_tick(REVIEW_BY)
    assert _interim(interim).stage == "imposed" and member_of(respondent).status == "suspended"
    assert run_tick(date(2025, 2, 8)) == {"interim suspensions: lapse": 1}
    s = _interim(interim)
    assert (s.stage, s.ended_on) == ("lapsed", date(2025, 2, 8))
    member = member_of(respondent)
    assert member.status == "active"
    assert member.status_changes.order_by("-id").first().from_on == date(2025, 2, 8)  # type: ignore[union-attr]
    letter = Notice.objects.get(interim=interim, kind="interim_ended", recipient=respondent)
    assert "Not renewed by 7 February 2025" in letter.body and "restored from 8 February 2025" in letter.body
    assert not run_tick(date(2025, 2, 8))  # re-running the same day does nothing
    assert Notice.objects.filter(interim=interim, kind="interim_ended", recipient=respondent).count() == 1
    assert Notice.objects.filter(interim=interim, kind="interim_ended", recipient=case_officer).count() == 1


def test_a_tick_that_missed_days_catches_up_from_the_right_date(interim: InterimSuspension, respondent: Any) -> None:
    assert run_tick(date(2025, 2, 20)) == {"interim suspensions: lapse": 1}
    assert _interim(interim).ended_on == date(2025, 2, 8)
    last = member_of(respondent).status_changes.order_by("-id").first()
    assert last is not None and (last.status, last.from_on) == ("active", date(2025, 2, 8))
    assert not run_tick(date(2025, 2, 21))


def test_a_reminder_goes_seven_days_before_the_review_once(
    interim: InterimSuspension, respondent: Any, national_staff: Any
) -> None:
    assert not run_tick(date(2025, 1, 30))
    assert run_tick(date(2025, 1, 31)) == {"interim suspensions: remind": 1}
    assert not run_tick(date(2025, 1, 31))
    assert not run_tick(date(2025, 2, 3))
    letter = Notice.objects.get(interim=interim, kind="interim_reminder", recipient=respondent)
    assert "due for review by 7 February 2025" in letter.body
    assert _interim(interim).reminded_for == REVIEW_BY
    # The member cannot renew it; those who can are told too.
    told = Notice.objects.filter(interim=interim, kind="interim_reminder").values_list("recipient", flat=True)
    assert sorted(told) == sorted([respondent.pk, national_staff.pk])


def test_a_renewal_gets_its_own_reminder(interim: InterimSuspension, national_staff: Any) -> None:
    run_tick(date(2025, 1, 31))
    suspensions.renew_interim_suspension(
        suspension=interim, by=national_staff, reasons="Witnesses to interview.", today=date(2025, 2, 5)
    )
    assert not run_tick(date(2025, 2, 25))
    assert run_tick(date(2025, 2, 26)) == {"interim suspensions: remind": 1}  # 7 days before 5 March


def _renew_to_the_maximum(s: InterimSuspension, by: Any) -> InterimSuspension:
    """Renew on every review date, with new reasons each time, until the review date is the maximum end."""
    n = 0
    while _interim(s).review_by < ENDS_BY:
        n += 1
        s = suspensions.renew_interim_suspension(
            suspension=s, by=by, reasons=f"Investigation continues ({n}).", today=_interim(s).review_by
        )
    return s


def test_the_maximum_ends_the_suspension_and_escalates_to_the_committee(
    interim: InterimSuspension, national_staff: Any, respondent: Any, panel: list[Any]
) -> None:
    from moot.core.rules import Refused

    s = _renew_to_the_maximum(interim, national_staff)
    assert _interim(s).review_by == ENDS_BY
    with pytest.raises(Refused, match="maximum of 6 months on 10 July 2025 and cannot be renewed"):
        suspensions.renew_interim_suspension(
            suspension=s, by=national_staff, reasons="Once more.", today=date(2025, 7, 8)
        )
    assert run_tick(date(2025, 7, 9)) == {"interim suspensions: remind": 1}
    assert member_of(respondent).status == "suspended"
    assert run_tick(ENDS_BY) == {"interim suspensions: escalate": 1}
    assert (_interim(s).stage, _interim(s).ended_on) == ("ended", ENDS_BY)
    assert member_of(respondent).status == "active"
    told = set(
        Notice.objects.filter(interim=s, subject__contains="must now be decided").values_list("recipient", flat=True)
    )
    assert {p.pk for p in panel} <= told
    assert Event.objects.filter(action="interim.escalated", subject_id=str(s.pk)).count() == 1
    assert not run_tick(ENDS_BY)


def test_a_decided_case_ends_the_suspension(
    case_at: CaseBuilder, case_officer: Any, panel: list[Any], respondent: Any
) -> None:
    case = case_at("hearing")  # the hearing was fixed on 11 February
    s = suspensions.impose_interim_suspension(case=case, by=case_officer, reasons="Threats.", today=date(2025, 2, 11))
    services.decide(
        case=case,
        by=panel[0],
        today=date(2025, 2, 20),
        sanction="warning",
        findings=[ProposedFinding(1, True, "The minutes agree.")],
        reasons="A first finding.",
    )
    assert suspensions.interim_in_force(member_of(respondent), date(2025, 2, 20)) is None
    assert run_tick(date(2025, 2, 20)) == {"interim suspensions: end": 1}
    assert (_interim(s).stage, _interim(s).ended_on) == ("ended", date(2025, 2, 20))
    assert member_of(respondent).status == "active"


def test_a_withdrawn_case_ends_its_suspension(interim: InterimSuspension, case_officer: Any, respondent: Any) -> None:
    services.withdraw(case=interim.case, by=case_officer, reasons="The complainant retracted.", today=date(2025, 1, 15))
    assert suspensions.interim_in_force(member_of(respondent), date(2025, 1, 15)) is None
    assert run_tick(date(2025, 1, 15)) == {"interim suspensions: end": 1}
    assert (_interim(interim).stage, member_of(respondent).status) == ("ended", "active")
    letter = Notice.objects.get(interim=interim, kind="interim_ended", recipient=respondent)
    assert "closed on 15 January 2025 without a decision" in letter.body


def test_a_suspension_sanction_outlives_the_interim_suspension(
    case_at: CaseBuilder, case_officer: Any, panel: list[Any], respondent: Any
) -> None:
    """The decision becomes final before the job ends the interim suspension: the sanction must stand."""
    case = case_at("hearing")
    suspensions.impose_interim_suspension(case=case, by=case_officer, reasons="Threats.", today=date(2025, 2, 11))
    services.decide(
        case=case,
        by=panel[0],
        today=date(2025, 2, 20),
        sanction="suspension",
        sanction_months=6,
        findings=[ProposedFinding(1, True, "The minutes agree.")],
        reasons="Serious.",
    )
    services.notify_decision(case=case, by=case_officer, today=date(2025, 2, 21))
    services.close_appeal_window(case=case, by=case_officer, today=date(2025, 3, 8))
    run_tick(date(2025, 3, 8))
    assert member_of(respondent).status == "suspended"  # serving the six months, not restored by the interim's end
    run_tick(date(2025, 9, 8))
    assert member_of(respondent).status == "active"


# --- unit suspensions ----------------------------------------------------------------------------

SUSPENDED_ON = date(2025, 3, 3)
UNIT_REVIEW = date(2025, 5, 30)
SUNSET = date(2025, 9, 1)


@pytest.fixture
def unit_suspension(org: Any, nec: Any) -> UnitSuspension:
    from moot.conftest import make_person

    return suspensions.suspend_unit(
        unit=org.lp_a,
        by=nec,
        reasons="Membership records falsified.",
        minute_reference="NEC 2025/14",
        appointed_officer=make_person("Ola Appointed"),
        review_by=UNIT_REVIEW,
        sunset_on=SUNSET,
        today=SUSPENDED_ON,
    )


def _unit(s: UnitSuspension) -> UnitSuspension:
    return UnitSuspension.objects.get(pk=s.pk)


def test_the_executive_is_reminded_fourteen_days_before_the_review_once(
    unit_suspension: UnitSuspension, nec: Any
) -> None:
    assert not run_tick(date(2025, 5, 15))
    assert run_tick(date(2025, 5, 16)) == {"unit suspensions: remind": 1}
    assert not run_tick(date(2025, 5, 16))
    reminded = set(
        Notice.objects.filter(unit_suspension=unit_suspension, kind="unit_reminder").values_list("recipient", flat=True)
    )
    assert reminded == {unit_suspension.appointed_officer_id, nec.pk}


def test_an_overdue_review_is_escalated_once(unit_suspension: UnitSuspension, nec: Any) -> None:
    run_tick(date(2025, 5, 16))
    assert not run_tick(UNIT_REVIEW)
    assert run_tick(date(2025, 5, 31)) == {"unit suspensions: escalate": 1}
    assert not run_tick(date(2025, 5, 31)) and not run_tick(date(2025, 6, 15))
    assert _unit(unit_suspension).escalated_for == UNIT_REVIEW
    assert Event.objects.filter(action="unit_suspension.escalate", subject_id=str(unit_suspension.pk)).count() == 1
    # Overdue is not over: the suspension stays in force until its sunset.
    assert not suspensions.meetings_allowed(Unit.objects.get(code="local-party-a"), date(2025, 6, 15))


def test_the_suspension_lapses_at_its_sunset_and_meetings_resume(unit_suspension: UnitSuspension, org: Any) -> None:
    assert not suspensions.meetings_allowed(org.branch_a1, date(2025, 8, 31))
    assert suspensions.meetings_allowed(org.branch_a1, SUNSET)  # by the dates, before the job runs
    assert run_tick(date(2025, 9, 3))["unit suspensions: lapse"] == 1  # two days late
    s = _unit(unit_suspension)
    assert (s.stage, s.ended_on) == ("lapsed", SUNSET)
    assert Unit.objects.get(pk=org.lp_a.pk).status == "active"
    assert Notice.objects.filter(unit_suspension=s, kind="unit_restored").count() == 1
    assert not run_tick(date(2025, 9, 3))


def test_a_continued_suspension_is_reminded_again_for_its_new_review(unit_suspension: UnitSuspension, nec: Any) -> None:
    run_tick(date(2025, 5, 16))
    suspensions.continue_unit_suspension(
        suspension=unit_suspension,
        by=nec,
        reasons="Audit not finished.",
        review_by=date(2025, 8, 1),
        today=date(2025, 5, 28),
    )
    assert not run_tick(date(2025, 5, 31))  # the old review date is no longer overdue
    assert run_tick(date(2025, 7, 18)) == {"unit suspensions: remind": 1}


def test_the_tick_command_reports_what_it_did_and_refuses_a_bad_date(interim: InterimSuspension) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("tick", on=str(interim.review_by + timedelta(days=1)), stdout=out)
    assert "interim suspensions: lapse: 1" in out.getvalue()
    again = StringIO()
    call_command("tick", on=str(interim.review_by + timedelta(days=1)), stdout=again)
    assert again.getvalue().strip() == "Nothing was due."
    with pytest.raises(CommandError, match="is not a date like"):
        call_command("tick", on="31/12/2025")
