"""The suspension, readmission and review pages: who may act, who may only read, who gets nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from moot.discipline import suspensions
from moot.discipline.models import InterimSuspension, UnitSuspension
from moot.discipline.tests.conftest import CaseBuilder
from moot.organisation.models import Unit

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _suspend(org: Any, nec: Any, officer: Any) -> UnitSuspension:
    today = timezone.localdate()
    return suspensions.suspend_unit(
        unit=org.lp_a,
        by=nec,
        reasons="Membership irregularities.",
        minute_reference="NEC 2026/14",
        appointed_officer=officer,
        review_by=today + timedelta(days=30),
        sunset_on=today + timedelta(days=180),
    )


def test_only_the_national_executive_may_suspend_a_unit(
    org: Any, national_staff: Any, nec: Any, local_officer_a: Any
) -> None:
    form = {
        "reasons": "x",
        "minute_reference": "NEC 1",
        "appointed_officer": national_staff.email,
        "review_by": str(timezone.localdate() + timedelta(days=10)),
        "sunset_on": str(timezone.localdate() + timedelta(days=100)),
    }
    for refused in (national_staff, local_officer_a):
        assert _client(refused).post(reverse("suspend_unit", args=[org.lp_a.pk]), form).status_code == 403
    assert Unit.objects.get(pk=org.lp_a.pk).status == "active"
    _client(nec).post(reverse("suspend_unit", args=[org.lp_a.pk]), form)
    assert Unit.objects.get(pk=org.lp_a.pk).status == "suspended"


def test_a_suspension_without_its_safeguards_is_refused_naming_each(org: Any, nec: Any) -> None:
    response = _client(nec).post(reverse("suspend_unit", args=[org.lp_a.pk]), {"reasons": ""}, follow=True)
    page = response.content.decode()
    for missing in (
        "written reasons",
        "officer must be appointed",
        "review date is required",
        "sunset date is required",
        "minute reference",
    ):
        assert missing in page, missing
    assert not UnitSuspension.objects.exists()


def test_members_of_the_unit_see_the_suspension_and_outsiders_do_not(
    org: Any, nec: Any, member: Any, member_b: Any, national_staff: Any
) -> None:
    _suspend(org, nec, national_staff)
    page = _client(member).get(reverse("unit_suspension", args=[org.lp_a.pk])).content.decode()
    assert "Membership irregularities." in page and "Meetings are suspended" in page
    branch_page = _client(member).get(reverse("unit_suspension", args=[org.branch_a1.pk])).content.decode()
    assert "Meetings are suspended" in branch_page  # a branch of a suspended local party cannot meet either
    assert _client(member_b).get(reverse("unit_suspension", args=[org.lp_a.pk])).status_code == 404


def test_restoring_lets_the_unit_meet_again(org: Any, nec: Any, member: Any, national_staff: Any) -> None:
    s = _suspend(org, nec, national_staff)
    _client(nec).post(reverse("review_unit_suspension", args=[s.pk, "restore"]), {"reasons": "Audit complete."})
    page = _client(member).get(reverse("unit_suspension", args=[org.lp_a.pk])).content.decode()
    assert "is not suspended" in page and "it may meet" in page
    assert Unit.objects.get(pk=org.lp_a.pk).status == "active"


def test_interim_suspensions_are_listed_in_scope_and_renewed_only_by_national_staff(
    org: Any, case_at: CaseBuilder, case_officer: Any, national_staff: Any, regional_staff_a: Any, local_officer_a: Any
) -> None:
    from moot.conftest import make_person
    from moot.discipline.tests.conftest import _grant

    case = case_at("under_investigation")
    s = suspensions.impose_interim_suspension(case=case, by=case_officer, reasons="Risk of repeated abuse.")
    assert "Risk of repeated abuse." in _client(national_staff).get(reverse("interim_list")).content.decode()
    for refused in (regional_staff_a, local_officer_a):
        assert _client(refused).get(reverse("interim_list")).status_code == 403
    elsewhere = _grant(make_person("Bea Bstaff"), "national_staff", unit=org.region_b)
    assert "Risk of repeated abuse." not in _client(elsewhere).get(reverse("interim_list")).content.decode()
    assert (
        _client(elsewhere)
        .post(reverse("interim_action", args=[s.pk, "renew"]), {"reasons": "Still a risk."})
        .status_code
        == 404
    )
    response = _client(case_officer).post(
        reverse("interim_action", args=[s.pk, "renew"]), {"reasons": "Still a risk."}, follow=True
    )
    assert "may not renew" in response.content.decode() or "national_staff" in response.content.decode()
    assert InterimSuspension.objects.get(pk=s.pk).stage == "imposed"
    _client(national_staff).post(reverse("interim_action", args=[s.pk, "renew"]), {"reasons": "Still a risk."})
    assert InterimSuspension.objects.get(pk=s.pk).stage == "renewed"


def test_readmission_and_reviews_are_decided_by_the_national_executive_only(
    national_staff: Any, nec: Any, member: Any
) -> None:
    assert _client(nec).get(reverse("review_list")).status_code == 200
    for refused in (national_staff, member):
        assert _client(refused).get(reverse("review_list")).status_code == 403
        assert _client(refused).post(reverse("decide_readmission", args=[1]), {}).status_code == 403
