"""An electorate equals eligibility() judged member by member, and only returning officers compile it."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from moot.conftest import Org
from moot.core.rules import Refused, eligibility
from moot.demo.builder import build_demo
from moot.electorate import judging, services
from moot.electorate.background import wait_for_compiling
from moot.electorate.judging import Judged, member_facts
from moot.electorate.models import Electorate, ElectorateEntry
from moot.electorate.services import compile_electorate, purpose_for, start_electorate
from moot.ledger.models import Event
from moot.members.eligibility import facts_of
from moot.members.models import Member
from moot.members.services import change_member_status
from moot.organisation.models import Unit
from moot.rulebook.selectors import load_rulebook

AS_OF = date(2026, 11, 1)


def _oracle(electorate: Electorate) -> dict[int, tuple[bool, str]]:
    """The slow, obvious answer: eligibility() for every member, one at a time."""
    rulebook, purpose = load_rulebook(), purpose_for(electorate)
    members = Member.objects.filter(local_party__path__startswith=electorate.unit.path)
    answers = {}
    for member in members:
        decision = eligibility(facts_of(member), rulebook, purpose, electorate.freeze_on)
        answers[member.pk] = (decision.allowed, "" if decision.allowed else "\n".join(decision.reasons))
    return answers


def _register_with_changes(freeze_on: date) -> None:
    """The demo register, with records changed after the freeze date and just before it."""
    build_demo(members=600, seed=11, as_of=AS_OF, progress=lambda _: None)
    unchanged = Member.objects.filter(status="active").exclude(
        status_changes__from_on__gte=freeze_on - timedelta(days=1)
    )
    some = list(unchanged.order_by("pk")[:24])
    assert len(some) == 24
    for member in some[:10]:  # records that changed after the freeze date, and some before it
        change_member_status(
            member=member,
            status="suspended",
            from_on=freeze_on + timedelta(days=1),
            reason="interim suspension",
            by=None,
        )
    for member in some[10:20]:
        change_member_status(
            member=member, status="lapsed", from_on=freeze_on - timedelta(days=1), reason="no payment", by=None
        )
    # Stored columns the SQL criteria cannot decide on (NULL): these members must still be judged.
    Member.objects.filter(pk__in=[m.pk for m in some[20:]]).update(continuous_since=None)


@pytest.mark.django_db
@pytest.mark.parametrize("freeze_on", [AS_OF, AS_OF - timedelta(days=400), date(2019, 6, 1)])
@pytest.mark.parametrize("kind", ["national", "selection"])
def test_the_electorate_matches_eligibility_member_by_member(freeze_on: date, kind: str) -> None:
    _register_with_changes(freeze_on)
    unit = Unit.objects.get(code="national") if kind == "national" else Unit.objects.get(code="lp-001")
    electorate = start_electorate(title="Test ballot", ballot_kind=kind, unit=unit, freeze_on=freeze_on, by=None)
    electorate = compile_electorate(electorate)
    stored = {e.member_id: (e.eligible, e.reasons) for e in ElectorateEntry.objects.filter(electorate=electorate)}
    assert stored == _oracle(electorate)
    assert electorate.status == "complete" and electorate.done == electorate.total == len(stored)
    assert electorate.eligible_count == sum(ok for ok, _ in stored.values()) > 0
    assert electorate.excluded_count > 0
    event = Event.objects.get(action="electorate.compiled", subject_id=str(electorate.pk))
    assert event.data is not None
    if freeze_on == AS_OF:  # nearly every record is unchanged since: the SQL criteria admit most voters
        assert event.data["admitted_by_criteria"] > 0.9 * electorate.eligible_count


@pytest.mark.django_db
@pytest.mark.parametrize("freeze_on", [AS_OF, date(2019, 6, 1)])
def test_judging_in_worker_processes_gives_the_same_electorate(freeze_on: date, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services, "JUDGING_PROCESSES", 3)
    _register_with_changes(freeze_on)
    electorate = compile_electorate(
        start_electorate(
            title="Test ballot",
            ballot_kind="national",
            unit=Unit.objects.get(code="national"),
            freeze_on=freeze_on,
            by=None,
        )
    )
    stored = {e.member_id: (e.eligible, e.reasons) for e in ElectorateEntry.objects.filter(electorate=electorate)}
    assert stored == _oracle(electorate)
    assert electorate.excluded_count == sum(not ok for ok, _ in stored.values()) > 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_facts_are_read_alongside_in_the_same_snapshot(monkeypatch: Any) -> None:
    """As in production: on PostgreSQL a second connection reads while the first enters the admitted."""
    monkeypatch.setattr(services, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services, "JUDGING_PROCESSES", 2)
    _register_with_changes(AS_OF - timedelta(days=400))
    electorate = compile_electorate(
        start_electorate(
            title="Test ballot",
            ballot_kind="national",
            unit=Unit.objects.get(code="national"),
            freeze_on=AS_OF - timedelta(days=400),
            by=None,
        )
    )
    stored = {e.member_id: (e.eligible, e.reasons) for e in ElectorateEntry.objects.filter(electorate=electorate)}
    assert stored == _oracle(electorate) and electorate.done == len(stored) > 500


@pytest.mark.django_db
def test_fact_rows_give_each_member_the_facts_the_register_gives() -> None:
    _register_with_changes(AS_OF)
    rejoined = Member.objects.filter(status="active", periods__ended_on__isnull=False).first()
    assert rejoined is not None  # two periods: with two status changes, four rows to fold into facts
    change_member_status(member=rejoined, status="suspended", from_on=AS_OF, reason="interim suspension", by=None)
    members = Member.objects.all()
    ranges = services._id_ranges(members, 3)
    assert len(ranges) == 3
    built = dict(member_facts([row for ids in ranges for row in services._fact_rows(members, ids)]))
    assert built.keys() == {m.pk for m in members}
    for member in members:
        assert built[member.pk] == replace(facts_of(member), affiliations=())  # affiliations never decide a vote
    assert len(built[rejoined.pk].periods) == 2 and len(built[rejoined.pk].status_history) >= 2


@pytest.mark.django_db
def test_a_national_ballot_leaves_out_members_of_another_tree(org: Org, member: Any, member_b: Any) -> None:
    from moot.members.services import NewMember, register_members
    from moot.organisation.services import create_unit

    other = create_unit(kind="national", name="Another Party", code="other", parent=None, by=None)
    region = create_unit(kind="region", name="Elsewhere", code="other-r", parent=other, by=None)
    party = create_unit(kind="local_party", name="Elsewhere LP", code="other-lp", parent=region, by=None)
    branch = create_unit(kind="branch", name="Elsewhere Branch", code="other-b", parent=party, by=None)
    stranger = register_members(
        new_members=[NewMember("X1", "Sam", "Stranger", branch, [(date(2019, 1, 1), None, "")])], by=None
    )[0]
    electorate = compile_electorate(
        start_electorate(title="National ballot", ballot_kind="national", unit=org.national, freeze_on=AS_OF, by=None)
    )
    stored = {e.member_id: (e.eligible, e.reasons) for e in ElectorateEntry.objects.filter(electorate=electorate)}
    assert stored == _oracle(electorate) and len(stored) >= 2 and stranger.pk not in stored


@pytest.mark.django_db
def test_reasons_are_stored_exactly_whatever_characters_they_hold(org: Org, member: Any) -> None:
    electorate = start_electorate(title="x", ballot_kind="selection", unit=org.lp_a, freeze_on=AS_OF, by=None)
    reasons = "Not eligible: a \\ backslash,\ta tab;\r\nand lines\nof 'quotes' and \\N"
    record = Member.objects.get(account=member)
    services._insert_judged(electorate, [Judged([(record.pk, False, reasons)], 1, 1, "")])
    assert ElectorateEntry.objects.get(electorate=electorate, member=record).reasons == reasons


@pytest.mark.django_db
@pytest.mark.parametrize("parallel", [False, True])
def test_a_compile_that_fails_leaves_a_failed_electorate_with_the_reason_and_no_entries(
    org: Org, member: Any, parallel: bool, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "PARALLEL_FROM", 1 if parallel else 10**9)
    monkeypatch.setattr(services, "JUDGING_PROCESSES", 2)
    record = Member.objects.get(account=member)
    Member.objects.filter(pk=record.pk).update(continuous_since=None)  # judged by eligibility(), not SQL
    monkeypatch.setattr(judging, "_STATUS", {})  # and judging fails, in a worker process or here
    electorate = start_electorate(
        title="Selection 2027", ballot_kind="selection", unit=org.lp_a, freeze_on=AS_OF, by=None
    )
    with pytest.raises(KeyError):
        compile_electorate(electorate)
    electorate.refresh_from_db()
    assert electorate.status == "failed" and electorate.failure == repr(record.status)
    assert not ElectorateEntry.objects.filter(electorate=electorate).exists()  # none entered, not half


@pytest.mark.django_db
def test_a_judging_process_that_dies_fails_the_compile(org: Org, member: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services, "JUDGING_PROCESSES", 2)
    Member.objects.filter(account=member).update(continuous_since=None)
    monkeypatch.setattr(judging, "judge", lambda batch: os._exit(3))
    electorate = start_electorate(
        title="Selection 2027", ballot_kind="selection", unit=org.lp_a, freeze_on=AS_OF, by=None
    )
    with pytest.raises(RuntimeError, match="exit code 3"):
        compile_electorate(electorate)
    assert Electorate.objects.get(pk=electorate.pk).status == "failed"


@pytest.mark.django_db
def test_a_selection_is_a_local_party_and_a_national_ballot_the_party(org: Org) -> None:
    with pytest.raises(Refused, match="local party's members"):
        start_electorate(title="x", ballot_kind="selection", unit=org.national, freeze_on=AS_OF, by=None)
    with pytest.raises(Refused, match="whole party"):
        start_electorate(title="x", ballot_kind="national", unit=org.lp_a, freeze_on=AS_OF, by=None)


@pytest.mark.django_db(transaction=True)
def test_a_returning_officer_starts_and_watches_it_others_are_refused(
    org: Org,
    returning_officer: Any,
    local_officer_a: Any,
    auditor: Any,
    member: Any,
    member_b: Any,
) -> None:
    client = Client()
    client.force_login(returning_officer)
    response = client.post(
        "/electorates/",
        {"title": "Selection 2027", "ballot_kind": "selection", "unit": org.lp_a.pk, "freeze_on": "2026-11-01"},
    )
    wait_for_compiling()  # it compiles in the background after the request
    electorate = Electorate.objects.get()
    assert response["Location"] == f"/electorates/{electorate.pk}/"
    assert electorate.status == "complete", electorate.failure
    assert "eligible" in client.get(f"/electorates/{electorate.pk}/").content.decode()
    api = client.get(f"/api/v1/electorates/{electorate.pk}/entries?eligible=true").json()
    assert {e["name"] for e in api["items"]} >= {"Mia Member"}

    officer = Client()
    officer.force_login(local_officer_a)
    assert officer.get("/electorates/").status_code == 403
    assert officer.get(f"/electorates/{electorate.pk}/").status_code == 404
    assert officer.get(f"/api/v1/electorates/{electorate.pk}").status_code == 404
    refused = officer.post(
        "/api/v1/electorates",
        {"title": "x", "ballot_kind": "selection", "unit_id": org.lp_a.pk, "freeze_on": "2026-11-01"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    reader = Client()
    reader.force_login(auditor)
    assert reader.get(f"/electorates/{electorate.pk}/").status_code == 200
    assert (
        reader.post(
            "/electorates/", {"title": "x", "ballot_kind": "selection", "unit": org.lp_a.pk, "freeze_on": "2026-11-01"}
        ).status_code
        == 403
    )
    assert Electorate.objects.count() == 1


@pytest.mark.django_db
def test_members_see_their_place_on_each_compiled_electorate(org: Org, member: Any) -> None:
    from moot.accounts.services import create_account
    from moot.members.services import NewMember, register_members

    newcomer = create_account(email="new@example.org", name="Nia Newcomer", password="x" * 12, by=None)
    register_members(
        new_members=[
            NewMember(
                "N9", "Nia", "Newcomer", org.branch_a1, [(AS_OF - timedelta(days=30), None, "")], account=newcomer
            )
        ],
        by=None,
    )
    compile_electorate(
        start_electorate(title="Selection 2027", ballot_kind="selection", unit=org.lp_a, freeze_on=AS_OF, by=None)
    )
    for person, expected in ((member, "On the electorate"), (newcomer, "Not on the electorate")):
        client = Client()
        client.force_login(person)
        page = client.get("/me/").content.decode()
        assert f"{expected}</strong> — Selection 2027" in page
    assert "requires continuous membership since" in page
