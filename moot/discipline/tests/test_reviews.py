"""Bulk review after a proscription is lifted or a rule amended, and the executive's decision on each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from moot.core.rules import Refused
from moot.discipline import reviews, services, suspensions
from moot.discipline.models import Case, Notice, Review
from moot.discipline.services import ProposedFinding
from moot.discipline.tests.conftest import CaseBuilder, member_of
from moot.ledger.models import Event
from moot.rulebook.models import Proscription
from moot.rulebook.services import amend_rule, lift_proscription, proscribe_organisation, register_organisation

pytestmark = pytest.mark.django_db

PROSCRIBED = date(2024, 6, 1)
LIFTED = date(2025, 4, 1)
AMENDED = date(2025, 4, 1)


@pytest.fixture
def proscription(org: Any) -> Proscription:
    group = register_organisation(name="Example Platform", kind="other_group", description="", by=None)
    return proscribe_organisation(
        organisation=group,
        proscribed_from=PROSCRIBED,
        decided_by="NEC",
        minute_reference="NEC 2024/6",
        reasons="Stands candidates against ours.",
        support_criteria="Speaking at its rallies.",
        by=None,
        today=PROSCRIBED,
    )


@pytest.fixture
def citing(complainant: Any, case_officer: Any, investigator: Any, panel: list[Any], proscription: Proscription) -> Any:
    """A case alleging support of the proscribed group, built through the services to a stage."""

    def build(person: Any, stage: str) -> Case:
        case = services.lodge_complaint(
            respondent=member_of(person),
            summary="Spoke at its rally.",
            source=Case.Source.MEMBER,
            by=complainant,
            today=date(2025, 1, 6),
        )
        services.triage(case=case, by=case_officer, reasons="Documented.", today=date(2025, 1, 7))
        allegation = services.add_allegation(
            case=case,
            by=case_officer,
            text="Spoke at its rally.",
            conduct_on=date(2024, 9, 1),
            proscription=proscription,
            today=date(2025, 1, 7),
        )
        services.add_evidence(
            case=case,
            by=case_officer,
            content=b"rally video",
            filename="rally.txt",
            description="Video of the rally",
            dated_on=date(2024, 9, 1),
            allegation=allegation,
        )
        services.open_investigation(case=case, by=case_officer, investigator=investigator, today=date(2025, 1, 8))
        if stage == "under_investigation":
            return case
        services.serve_notice(case=case, by=case_officer, today=date(2025, 1, 20))
        services.record_delivery(case=case, by=case_officer, delivered_on=date(2025, 1, 21), today=date(2025, 1, 21))
        services.submit_response(case=case, by=person, response="I went as a journalist.", today=date(2025, 1, 30))
        services.refer_to_panel(case=case, by=case_officer, panel=panel[:3], today=date(2025, 2, 10))
        services.open_hearing(case=case, by=panel[0], hearing_on=date(2025, 2, 20), today=date(2025, 2, 11))
        services.decide(
            case=case,
            by=panel[0],
            today=date(2025, 2, 20),
            sanction="auto-exclusion",
            findings=[ProposedFinding(1, True, "The video shows a speech of support.")],
            reasons="Support proven.",
        )
        services.notify_decision(case=case, by=case_officer, today=date(2025, 2, 21))
        if stage == "appeal_window":
            return case
        assert stage == "final", stage
        services.close_appeal_window(case=case, by=case_officer, today=date(2025, 3, 8))
        return case

    return build


def _lift(proscription: Proscription, by: Any) -> None:
    lift_proscription(
        proscription=proscription,
        lifted_on=LIFTED,
        minute_reference="NEC 2025/9",
        reasons="The group has dissolved.",
        by=by,
        today=LIFTED,
    )


# --- opening -------------------------------------------------------------------------------------


def test_lifting_a_proscription_opens_a_review_for_an_open_case_and_a_final_exclusion(
    citing: Any, respondent: Any, member_b: Any, nec: Any
) -> None:
    open_case = citing(respondent, "under_investigation")
    excluded = citing(member_b, "final")
    assert member_of(member_b).status == "excluded"
    _lift(open_case.allegations.get().proscription, nec)
    opened = Review.objects.order_by("case_id")
    assert [(r.case_id, r.trigger, r.opened_on, r.outcome) for r in opened] == [
        (open_case.pk, "proscription_lifted", LIFTED, "open"),
        (excluded.pk, "proscription_lifted", LIFTED, "open"),
    ]
    for review in opened:
        assert Event.objects.filter(action="review.opened", subject_id=str(review.pk)).count() == 1
    letter = Notice.objects.get(kind="review", case=excluded)
    assert letter.recipient == member_b and "The group has dissolved." in letter.body


def test_cases_that_no_longer_rely_on_it_are_not_reviewed(
    citing: Any, respondent: Any, member_b: Any, case_officer: Any, nec: Any
) -> None:
    withdrawn = citing(respondent, "under_investigation")
    services.withdraw(case=withdrawn, by=case_officer, reasons="Mistaken identity.", today=date(2025, 1, 9))
    excluded = citing(member_b, "final")
    p = withdrawn.allegations.get().proscription
    assert p is not None
    assert reviews.open_reviews_for_lifted_proscription(p, by=nec, today=date(2025, 3, 9))[0].case == excluded
    assert not Review.objects.filter(case=withdrawn).exists()


def test_opening_reviews_again_changes_nothing(citing: Any, respondent: Any, nec: Any) -> None:
    case = citing(respondent, "under_investigation")
    proscription = case.allegations.get().proscription
    _lift(proscription, nec)
    events, letters = Event.objects.count(), Notice.objects.count()
    assert reviews.open_reviews_for_lifted_proscription(proscription, by=nec, today=date(2025, 4, 2)) == []
    assert Review.objects.filter(case=case).count() == 1
    assert (Event.objects.count(), Notice.objects.count()) == (events, letters)


def test_amending_a_rule_opens_reviews_for_cases_citing_the_superseded_version(
    case_at: CaseBuilder, case_officer: Any, nec: Any
) -> None:
    relying = case_at("under_investigation")  # cites conduct@1
    closed = case_at("under_investigation")
    services.withdraw(case=closed, by=case_officer, reasons="Duplicate complaint.", today=date(2025, 1, 9))
    row = amend_rule(
        key="conduct",
        effective_from=AMENDED,
        parameters={},
        by=nec,
        today=AMENDED,
        text="A member must not engage in conduct grossly detrimental to the party.",
        reason="Harassment moves to its own rule.",
        decision_reference="NEC 2025/11",
    )
    review = Review.objects.get()
    assert (review.case, review.trigger, review.trigger_reference) == (relying, "rule_amended", "conduct@2")
    opened = Event.objects.get(action="review.opened", subject_id=str(review.pk))
    assert opened.rule_version == "conduct@2"
    assert reviews.open_reviews_for_amended_rule(row, by=nec, today=AMENDED) == []


def test_amending_another_rule_opens_no_review(case_at: CaseBuilder, nec: Any) -> None:
    case_at("under_investigation")
    amend_rule(
        key="readmission",
        effective_from=AMENDED,
        parameters={"years": 3},
        by=nec,
        today=AMENDED,
        text="Three years.",
        reason="Conference 2025.",
        decision_reference="NEC 2025/12",
    )
    assert not Review.objects.exists()


# --- deciding ------------------------------------------------------------------------------------


def test_reinstating_after_a_final_exclusion_restores_membership(citing: Any, member_b: Any, nec: Any) -> None:
    case = citing(member_b, "final")
    _lift(case.allegations.get().proscription, nec)
    review = Review.objects.get(case=case)
    reviews.decide_review(
        review=review, by=nec, reinstate=True, reasons="The group was never a rival party.", today=date(2025, 4, 15)
    )
    review.refresh_from_db()
    assert (review.outcome, review.decided_on, review.decided_by) == ("reinstated", date(2025, 4, 15), nec)
    member = member_of(member_b)
    assert member.status == "active"
    assert list(member.periods.order_by("joined_on").values_list("joined_on", "ended_on", "end_reason")) == [
        (date(2019, 5, 1), date(2025, 3, 8), "excluded"),
        (date(2025, 4, 15), None, ""),
    ]
    decided = Event.objects.get(action="review.reinstated", subject_id=str(review.pk))
    assert decided.actor_id == nec.pk
    letter = Notice.objects.filter(kind="review", case=case).order_by("-id").first()
    assert letter is not None and "you are reinstated" in letter.body


def test_reinstating_an_open_case_withdraws_it_and_ends_its_interim_suspension(
    citing: Any, respondent: Any, case_officer: Any, nec: Any
) -> None:
    case = citing(respondent, "under_investigation")
    suspensions.impose_interim_suspension(
        case=case, by=case_officer, reasons="Organising for the group.", today=date(2025, 3, 20)
    )
    _lift(case.allegations.get().proscription, nec)
    reviews.decide_review(
        review=Review.objects.get(case=case),
        by=nec,
        reinstate=True,
        reasons="Support of a group no longer proscribed is no ground to go on.",
        today=date(2025, 4, 2),
    )
    case.refresh_from_db()
    assert case.stage == "withdrawn" and case.closed_on == date(2025, 4, 2)
    assert Event.objects.filter(action="case.withdraw", subject_id=str(case.pk)).count() == 1
    assert case.interim_suspensions.get().stage == "ended"
    assert member_of(respondent).status == "active"


def test_upholding_changes_nothing_but_is_recorded(citing: Any, member_b: Any, nec: Any) -> None:
    case = citing(member_b, "final")
    _lift(case.allegations.get().proscription, nec)
    review = reviews.decide_review(
        review=Review.objects.get(case=case),
        by=nec,
        reinstate=False,
        reasons="The support was given while the group was proscribed.",
        today=date(2025, 4, 15),
    )
    assert review.outcome == "upheld" and member_of(member_b).status == "excluded"
    assert Event.objects.filter(action="review.upheld", subject_id=str(review.pk)).count() == 1


def test_only_the_executive_decides_and_with_reasons_and_only_once(
    citing: Any, member_b: Any, nec: Any, national_staff: Any
) -> None:
    case = citing(member_b, "final")
    _lift(case.allegations.get().proscription, nec)
    review = Review.objects.get(case=case)
    with pytest.raises(Refused) as refused:
        reviews.decide_review(review=review, by=national_staff, reinstate=True, reasons="", today=date(2025, 4, 15))
    assert "decided by the national executive" in str(refused.value)
    assert "must give its reasons in writing" in str(refused.value)
    assert Review.objects.get(pk=review.pk).outcome == "open" and member_of(member_b).status == "excluded"
    reviews.decide_review(review=review, by=nec, reinstate=False, reasons="Stands.", today=date(2025, 4, 15))
    with pytest.raises(Refused, match="already decided on 15 April 2025: upheld"):
        reviews.decide_review(
            review=review, by=nec, reinstate=True, reasons="Changed our minds.", today=date(2025, 4, 16)
        )
    assert member_of(member_b).status == "excluded"


def test_a_decided_case_awaiting_appeal_is_not_withdrawn_on_review(citing: Any, member_b: Any, nec: Any) -> None:
    case = citing(member_b, "appeal_window")
    _lift(case.allegations.get().proscription, nec)
    with pytest.raises(Refused, match="a decided case cannot be withdrawn"):
        reviews.decide_review(
            review=Review.objects.get(case=case),
            by=nec,
            reinstate=True,
            reasons="No longer proscribed.",
            today=date(2025, 4, 2),
        )
    assert Review.objects.get(case=case).outcome == "open"
