"""Interim suspensions, unit suspensions and readmission, through the services only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from moot.core.rules import Refused
from moot.discipline import suspensions
from moot.discipline.models import InterimSuspension, Notice, ReadmissionApplication, UnitSuspension
from moot.discipline.tests.conftest import CaseBuilder
from moot.ledger.models import Event
from moot.members.models import Member
from moot.organisation.models import Unit

pytestmark = pytest.mark.django_db

IMPOSED = date(2025, 1, 10)
REVIEW_BY = date(2025, 2, 7)  # 28 days after imposition
ENDS_BY = date(2025, 7, 10)  # 6 months after imposition


def _status(person: Any) -> str:
    return Member.objects.get(account=person).status


def _stage(s: InterimSuspension | UnitSuspension) -> str:
    return type(s).objects.get(pk=s.pk).stage


@pytest.fixture
def interim(case_at: CaseBuilder, case_officer: Any) -> InterimSuspension:
    case = case_at("under_investigation")
    return suspensions.impose_interim_suspension(
        case=case, by=case_officer, reasons="Threats to the branch chair.", today=IMPOSED
    )


# --- interim suspension: imposing ----------------------------------------------------------------


def test_imposing_sets_the_rulebook_dates_suspends_the_member_and_tells_them(
    interim: InterimSuspension, respondent: Any
) -> None:
    assert (interim.review_by, interim.ends_by) == (REVIEW_BY, ENDS_BY)
    assert interim.rule_version == "interim-suspension@1"
    assert _status(respondent) == "suspended"
    letter = Notice.objects.get(interim=interim, kind="interim_imposed")
    assert letter.recipient == respondent and "7 February 2025" in letter.body
    assert Event.objects.filter(action="interim.imposed", subject_id=str(interim.pk)).count() == 1


def test_imposing_without_reasons_is_refused(case_at: CaseBuilder, case_officer: Any, respondent: Any) -> None:
    case = case_at("under_investigation")
    with pytest.raises(Refused, match="must give its reasons in writing"):
        suspensions.impose_interim_suspension(case=case, by=case_officer, reasons="  ", today=IMPOSED)
    assert _status(respondent) == "active" and not InterimSuspension.objects.exists()


def test_a_member_without_the_role_cannot_impose(case_at: CaseBuilder, member: Any, respondent: Any) -> None:
    case = case_at("under_investigation")
    with pytest.raises(Refused, match="'no role' may not impose an interim suspension; case_officer, national_staff"):
        suspensions.impose_interim_suspension(case=case, by=member, reasons="I dislike them.", today=IMPOSED)
    assert _status(respondent) == "active"


def test_a_member_is_not_suspended_twice(interim: InterimSuspension, case_officer: Any) -> None:
    with pytest.raises(Refused, match="already suspended pending a case"):
        suspensions.impose_interim_suspension(
            case=interim.case, by=case_officer, reasons="Again.", today=date(2025, 1, 12)
        )
    assert InterimSuspension.objects.count() == 1


# --- interim suspension: renewing ----------------------------------------------------------------


def test_renewal_on_the_review_date_with_new_reasons_sets_a_new_review(
    interim: InterimSuspension, national_staff: Any, respondent: Any
) -> None:
    renewed = suspensions.renew_interim_suspension(
        suspension=interim, by=national_staff, reasons="Witnesses still being interviewed.", today=REVIEW_BY
    )
    assert renewed.stage == "renewed" and renewed.review_by == date(2025, 3, 7)
    assert InterimSuspension.objects.get(pk=interim.pk).review_by == date(2025, 3, 7)
    assert interim.renewals.get().reasons == "Witnesses still being interviewed."
    assert Notice.objects.filter(interim=interim, kind="interim_renewed", recipient=respondent).count() == 1
    assert suspensions.interim_in_force(respondent.member, date(2025, 3, 7)) is not None


def test_renewal_repeating_the_old_reasons_is_refused(interim: InterimSuspension, national_staff: Any) -> None:
    with pytest.raises(Refused, match="must give new reasons"):
        suspensions.renew_interim_suspension(
            suspension=interim, by=national_staff, reasons="Threats to the branch chair.", today=REVIEW_BY
        )
    assert _stage(interim) == "imposed"


def test_renewal_after_the_review_date_is_refused(interim: InterimSuspension, national_staff: Any) -> None:
    with pytest.raises(Refused, match="lapsed after 7 February 2025 without renewal"):
        suspensions.renew_interim_suspension(
            suspension=interim, by=national_staff, reasons="Too late.", today=date(2025, 2, 8)
        )
    assert _stage(interim) == "imposed"


def test_only_national_staff_renews(interim: InterimSuspension, case_officer: Any) -> None:
    with pytest.raises(Refused, match="only national_staff may renew"):
        suspensions.renew_interim_suspension(
            suspension=interim, by=case_officer, reasons="Fresh reasons.", today=REVIEW_BY
        )
    assert _stage(interim) == "imposed" and not interim.renewals.exists()


def test_in_force_is_judged_by_the_dates_before_the_job_runs(interim: InterimSuspension, respondent: Any) -> None:
    assert suspensions.interim_in_force(respondent.member, IMPOSED) == interim
    assert suspensions.interim_in_force(respondent.member, REVIEW_BY) == interim
    assert suspensions.interim_in_force(respondent.member, date(2025, 2, 8)) is None
    assert _stage(interim) == "imposed"  # nothing recorded the lapse yet; the dates still decide


def test_lifting_early_restores_the_member(interim: InterimSuspension, case_officer: Any, respondent: Any) -> None:
    with pytest.raises(Refused, match="must give its reasons"):
        suspensions.lift_interim_suspension(suspension=interim, by=case_officer, reasons="", today=date(2025, 1, 20))
    suspensions.lift_interim_suspension(
        suspension=interim, by=case_officer, reasons="The threats were withdrawn.", today=date(2025, 1, 20)
    )
    assert _stage(interim) == "ended" and _status(respondent) == "active"


# --- unit suspension -----------------------------------------------------------------------------

SUSPENDED_ON = date(2025, 3, 3)
UNIT_REVIEW = date(2025, 5, 30)
SUNSET = date(2025, 9, 1)


@pytest.fixture
def officer(org: Any) -> Any:
    from moot.conftest import make_person

    return make_person("Ola Appointed")


def _suspend(org: Any, nec: Any, officer: Any, **changes: Any) -> UnitSuspension:
    values: dict[str, Any] = {
        "unit": org.lp_a,
        "by": nec,
        "reasons": "Membership records falsified.",
        "minute_reference": "NEC 2025/14",
        "appointed_officer": officer,
        "review_by": UNIT_REVIEW,
        "sunset_on": SUNSET,
        "today": SUSPENDED_ON,
    }
    return suspensions.suspend_unit(**{**values, **changes})


def test_the_executive_suspends_a_unit_and_its_meetings_are_blocked_with_reasons(
    org: Any, nec: Any, officer: Any
) -> None:
    s = _suspend(org, nec, officer)
    assert Unit.objects.get(pk=org.lp_a.pk).status == "suspended"
    for unit in (org.lp_a, org.branch_a1):  # a branch below the suspended local party too
        refused = suspensions.meetings_allowed(unit, SUSPENDED_ON)
        assert not refused
        assert "Membership records falsified." in refused.explain() and "1 September 2025" in refused.explain()
    assert suspensions.meetings_allowed(org.lp_b, SUSPENDED_ON)
    assert suspensions.meetings_allowed(org.lp_a, date(2025, 3, 2))  # the day before
    assert Notice.objects.get(unit_suspension=s, kind="unit_suspended").recipient == officer


def test_suspending_a_unit_names_every_missing_safeguard(org: Any, nec: Any) -> None:
    with pytest.raises(Refused) as refused:
        suspensions.suspend_unit(
            unit=org.lp_a,
            by=nec,
            reasons="",
            minute_reference="",
            appointed_officer=None,
            review_by=None,
            sunset_on=None,
            today=SUSPENDED_ON,
        )
    said = str(refused.value)
    for missing in (
        "written reasons",
        "An officer must be appointed",
        "A review date is required",
        "A sunset date is required",
        "minute reference",
    ):
        assert missing in said
    assert Unit.objects.get(pk=org.lp_a.pk).status == "active" and not UnitSuspension.objects.exists()


def test_a_review_date_or_sunset_too_far_ahead_is_refused(org: Any, nec: Any, officer: Any) -> None:
    with pytest.raises(Refused, match="no later than 1 June 2025"):
        _suspend(org, nec, officer, review_by=date(2025, 6, 2))
    with pytest.raises(Refused, match="no later than 3 March 2026"):
        _suspend(org, nec, officer, sunset_on=date(2026, 3, 4))


def test_national_staff_cannot_suspend_a_unit(org: Any, national_staff: Any, officer: Any) -> None:
    with pytest.raises(Refused, match="may not suspend a unit; nec_member may"):
        _suspend(org, national_staff, officer)
    assert Unit.objects.get(pk=org.lp_a.pk).status == "active"


def test_continuing_needs_new_reasons_and_never_moves_the_sunset(org: Any, nec: Any, officer: Any) -> None:
    s = _suspend(org, nec, officer)
    with pytest.raises(Refused, match="new reasons"):
        suspensions.continue_unit_suspension(
            suspension=s,
            by=nec,
            reasons="Membership records falsified.",
            review_by=date(2025, 8, 1),
            today=date(2025, 5, 28),
        )
    with pytest.raises(Refused, match="never past the sunset 1 September 2025"):
        suspensions.continue_unit_suspension(
            suspension=s, by=nec, reasons="Audit not finished.", review_by=date(2025, 9, 2), today=date(2025, 5, 28)
        )
    suspensions.continue_unit_suspension(
        suspension=s, by=nec, reasons="Audit not finished.", review_by=date(2025, 8, 1), today=date(2025, 5, 28)
    )
    s.refresh_from_db()
    assert (s.review_by, s.sunset_on, s.reasons) == (date(2025, 8, 1), SUNSET, "Audit not finished.")
    assert s.reviews.get().outcome == "continued"
    assert "Audit not finished." in suspensions.meetings_allowed(org.lp_a, date(2025, 6, 1)).explain()


def test_the_executive_restores_a_unit_and_its_meetings(org: Any, nec: Any, national_staff: Any, officer: Any) -> None:
    s = _suspend(org, nec, officer)
    with pytest.raises(Refused, match="may not decide on a unit suspension"):
        suspensions.restore_unit(suspension=s, by=national_staff, reasons="Audit done.", today=date(2025, 4, 1))
    with pytest.raises(Refused, match="reasons in writing"):
        suspensions.restore_unit(suspension=s, by=nec, reasons="", today=date(2025, 4, 1))
    suspensions.restore_unit(
        suspension=s, by=nec, reasons="The audit found the records corrected.", today=date(2025, 4, 1)
    )
    assert _stage(s) == "restored" and Unit.objects.get(pk=org.lp_a.pk).status == "active"
    assert suspensions.meetings_allowed(org.branch_a1, date(2025, 4, 1))
    assert Notice.objects.filter(unit_suspension=s, kind="unit_restored").count() == 1


# --- readmission ---------------------------------------------------------------------------------

EXPELLED_ON = date(2025, 3, 8)  # the appeal window of case_at("appeal_window") closes on 7 March


@pytest.fixture
def expelled(case_at: CaseBuilder, case_officer: Any, respondent: Any) -> Any:
    from moot.discipline import services

    case = case_at("appeal_window", sanction="expulsion")
    services.close_appeal_window(case=case, by=case_officer, today=EXPELLED_ON)
    assert _status(respondent) == "expelled"
    return respondent


def _apply(person: Any, on: date) -> ReadmissionApplication:
    member = Member.objects.get(account=person)
    return suspensions.apply_for_readmission(member=member, by=person, statement="I have changed.", today=on)


def test_readmission_before_five_years_is_refused_citing_the_date(expelled: Any, nec: Any) -> None:
    application = _apply(expelled, date(2030, 3, 7))
    with pytest.raises(
        Refused, match="Readmission is possible from 8 March 2030, 5 years after the expulsion on 8 March 2025"
    ):
        suspensions.decide_readmission(
            application=application, by=nec, grant=True, reasons="Sincere.", today=date(2030, 3, 20)
        )
    assert _status(expelled) == "expelled"
    suspensions.decide_readmission(
        application=application, by=nec, grant=False, reasons="Applied too early.", today=date(2030, 3, 20)
    )
    assert ReadmissionApplication.objects.get(pk=application.pk).stage == "refused"


def test_readmission_granted_after_the_waiting_period_starts_a_new_membership(expelled: Any, nec: Any) -> None:
    application = _apply(expelled, date(2030, 3, 8))
    suspensions.decide_readmission(
        application=application,
        by=nec,
        grant=True,
        reasons="Five years of community work; the branch supports it.",
        today=date(2030, 4, 2),
    )
    member = Member.objects.get(account=expelled)
    assert member.status == "active"
    assert list(member.periods.order_by("joined_on").values_list("joined_on", "ended_on")) == [
        (date(2019, 5, 1), EXPELLED_ON),
        (date(2030, 4, 2), None),
    ]
    assert Event.objects.filter(action="readmission.grant", subject_id=str(application.pk)).count() == 1
    assert Notice.objects.filter(kind="readmission", recipient=expelled).count() == 1


def test_only_the_executive_decides_readmission_and_with_reasons(expelled: Any, nec: Any, national_staff: Any) -> None:
    application = _apply(expelled, date(2030, 3, 8))
    with pytest.raises(Refused, match="decided by the national executive"):
        suspensions.decide_readmission(
            application=application, by=national_staff, grant=True, reasons="Fine.", today=date(2030, 4, 2)
        )
    with pytest.raises(Refused, match="must give its reasons"):
        suspensions.decide_readmission(application=application, by=nec, grant=True, reasons=" ", today=date(2030, 4, 2))
    assert _status(expelled) == "expelled"
    assert ReadmissionApplication.objects.get(pk=application.pk).stage == "applied"


def test_a_new_suspension_first_records_the_lapse_of_an_overdue_one(case_at: CaseBuilder, case_officer: Any) -> None:
    s = suspensions
    case = case_at("under_investigation")
    old = s.impose_interim_suspension(
        case=case, by=case_officer, reasons="Risk to volunteers.", today=date(2025, 1, 10)
    )
    # Review by 7 February; nobody renewed and the daily job has not run since.
    new = s.impose_interim_suspension(
        case=case, by=case_officer, reasons="A fresh threat on 20 February.", today=date(2025, 2, 20)
    )
    assert InterimSuspension.objects.get(pk=old.pk).stage == "lapsed"
    assert new.stage == "imposed" and new.status_before == "active"
