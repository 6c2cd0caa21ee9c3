"""Each due-process guard of a case: the shortcut is tried and refused, with the reason shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from moot.core.rules.decision import Refused
from moot.core.workflows.case import (
    Allegation,
    CaseAction,
    CaseFacts,
    CaseStage,
    Declaration,
    Finding,
    attempt,
)
from moot.core.workflows.tests.case_fixtures import good_facts, support_for_group_x

St, Ac = CaseStage, CaseAction


def refused(stage: CaseStage, action: CaseAction, facts: CaseFacts) -> str:
    """The refusal's reasons as one text; fails the test if the move was allowed."""
    with pytest.raises(Refused) as caught:
        attempt(stage, action, facts)
    return caught.value.decision.explain()


# --- no decision before notice with evidence and a response (issue 5, story d) -------------


def test_deciding_before_the_response_window_closes_is_refused_naming_respond_by() -> None:
    facts = replace(good_facts(), response_received_on=None, today=date(2021, 8, 26))
    assert refused(St.HEARING, Ac.DECIDE, facts) == (
        "No decision yet: the respondent may respond until 26 August 2021 and no response has been received."
    )


def test_deciding_the_day_after_respond_by_without_a_response_is_allowed() -> None:
    facts = replace(good_facts(), response_received_on=None, today=date(2021, 8, 27))
    move = attempt(St.HEARING, Ac.DECIDE, facts)
    assert "The response window closed after 26 August 2021." in move.decision.reasons


def test_deciding_once_a_response_is_in_is_allowed_before_respond_by() -> None:
    facts = replace(good_facts(), today=date(2021, 8, 21))
    assert attempt(St.HEARING, Ac.DECIDE, facts).to_stage == St.DECIDED


def test_deciding_without_a_notice_is_refused() -> None:
    facts = replace(good_facts(), notice_served_on=None)
    assert "No notice of the allegations has been served" in refused(St.HEARING, Ac.DECIDE, facts)


def test_deciding_when_the_evidence_bundle_was_not_served_is_refused() -> None:
    facts = replace(good_facts(), evidence_bundle_served=False)
    assert refused(St.HEARING, Ac.DECIDE, facts).startswith(
        "The notice served on 10 August 2021 did not include the evidence bundle"
    )


def test_serving_notice_without_the_evidence_bundle_is_refused() -> None:
    facts = replace(good_facts(), evidence_bundle_served=False)
    assert "did not include the evidence bundle" in refused(St.UNDER_INVESTIGATION, Ac.SERVE_NOTICE, facts)


def test_serving_notice_without_a_respond_by_date_is_refused() -> None:
    facts = replace(good_facts(), respond_by=None)
    assert "must state the date by which the respondent may respond" in refused(
        St.UNDER_INVESTIGATION, Ac.SERVE_NOTICE, facts
    )


def test_a_respond_by_date_too_soon_after_delivery_is_refused() -> None:
    facts = replace(good_facts(), respond_by=date(2021, 8, 25))  # delivered 12 August + 14 = 26
    assert refused(St.NOTICE_SERVED, Ac.RECORD_DELIVERY, facts) == (
        "The notice was delivered on 12 August 2021; the respondent must have 14 days to "
        "respond, so the respond-by date must be 26 August 2021 or later (it is 25 August 2021)."
    )


def test_recording_delivery_that_has_not_happened_is_refused() -> None:
    facts = replace(good_facts(), notice_delivered_on=None)
    assert "delivery of the notice has not been recorded" in refused(St.NOTICE_SERVED, Ac.RECORD_DELIVERY, facts)


def test_receiving_a_response_that_is_not_there_is_refused() -> None:
    facts = replace(good_facts(), response_received_on=None)
    assert "No response from the respondent has been recorded." in refused(
        St.AWAITING_RESPONSE, Ac.RECEIVE_RESPONSE, facts
    )


@pytest.mark.parametrize(("today", "allowed"), [(25, False), (26, False), (27, True)])
def test_the_response_window_closes_only_after_respond_by(today: int, allowed: bool) -> None:
    facts = replace(good_facts(), today=date(2021, 8, today))
    if allowed:
        assert attempt(St.AWAITING_RESPONSE, Ac.CLOSE_RESPONSE_WINDOW, facts).decision.allowed
    else:
        assert refused(St.AWAITING_RESPONSE, Ac.CLOSE_RESPONSE_WINDOW, facts) == (
            "The respondent may respond until 26 August 2021; the window can close from 27 August 2021."
        )


def test_referring_to_a_panel_before_the_respondent_is_heard_is_refused() -> None:
    facts = replace(good_facts(), response_received_on=None, today=date(2021, 8, 20))
    assert "No decision yet" in refused(St.READY_FOR_PANEL, Ac.REFER_TO_PANEL, facts)


# --- no retroactivity (issue 5, story b) --------------------------------------------------


def test_an_allegation_of_conduct_before_the_proscription_is_refused_citing_both_dates() -> None:
    facts = replace(good_facts(), allegations=(support_for_group_x(date(2021, 3, 3)),))
    assert refused(St.UNDER_INVESTIGATION, Ac.SERVE_NOTICE, facts) == (
        "Allegation A1 cannot proceed: the conduct is dated 3 March 2021, before the proscription "
        "of Group X took effect on 20 July 2021; conduct is judged only by the rules in force "
        "when it happened."
    )


@pytest.mark.parametrize(("day", "allowed"), [(19, False), (20, True), (21, True)])
def test_conduct_dated_at_the_effective_date_boundary(day: int, allowed: bool) -> None:
    facts = replace(good_facts(), allegations=(support_for_group_x(date(2021, 7, day)),))
    if allowed:
        assert attempt(St.TRIAGED, Ac.OPEN_INVESTIGATION, facts).to_stage == St.UNDER_INVESTIGATION
    else:
        assert "before the proscription of Group X took effect on 20 July 2021" in refused(
            St.TRIAGED, Ac.OPEN_INVESTIGATION, facts
        )


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (St.TRIAGED, Ac.OPEN_INVESTIGATION),
        (St.UNDER_INVESTIGATION, Ac.SERVE_NOTICE),
        (St.READY_FOR_PANEL, Ac.REFER_TO_PANEL),
        (St.HEARING, Ac.DECIDE),
    ],
)
def test_a_retroactive_allegation_is_refused_at_every_step(stage: CaseStage, action: CaseAction) -> None:
    early = support_for_group_x(date(2021, 3, 3), id="A2")
    facts = replace(good_facts(), allegations=(*good_facts().allegations, early))
    assert "Allegation A2 cannot proceed: the conduct is dated 3 March 2021" in refused(stage, action, facts)


def test_conduct_after_a_proscription_was_lifted_is_refused() -> None:
    lifted = replace(support_for_group_x(date(2022, 2, 1)), cited_until=date(2022, 1, 1))
    facts = replace(good_facts(), allegations=(lifted,))
    assert "after the proscription of Group X ceased to apply on 1 January 2022" in refused(
        St.TRIAGED, Ac.OPEN_INVESTIGATION, facts
    )


def test_a_case_with_no_allegations_cannot_be_investigated() -> None:
    facts = replace(good_facts(), allegations=())
    assert "The case has no allegations" in refused(St.TRIAGED, Ac.OPEN_INVESTIGATION, facts)


# --- impartiality of investigator, panel and appeal panel --------------------------------


def test_an_investigator_who_complained_is_refused() -> None:
    facts = replace(good_facts(), investigator_id="m-complainant")
    assert refused(St.TRIAGED, Ac.OPEN_INVESTIGATION, facts) == (
        "m-complainant cannot investigate the case: made the complaint."
    )


def test_investigating_without_an_investigator_is_refused() -> None:
    facts = replace(good_facts(), investigator_id=None)
    assert "No investigator has been appointed." in refused(St.TRIAGED, Ac.OPEN_INVESTIGATION, facts)


@pytest.mark.parametrize(
    ("person", "why"),
    [
        ("s-investigator", "investigated the case; acted in the case"),
        ("m-complainant", "made the complaint"),
        ("m-witness", "is a witness"),
        ("s-triage", "acted in the case"),
        ("m-branch-secretary", "is an officer of the respondent's branch"),
        ("m-respondent", "is the respondent"),
        ("p-friend", "declared an interest (friend of the respondent)"),
    ],
)
@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (St.READY_FOR_PANEL, Ac.REFER_TO_PANEL),
        (St.REFERRED_TO_PANEL, Ac.OPEN_HEARING),
        (St.HEARING, Ac.DECIDE),
    ],
)
def test_nobody_involved_sits_on_the_panel(person: str, why: str, stage: CaseStage, action: CaseAction) -> None:
    facts = replace(
        good_facts(),
        panel_ids=frozenset({"p-1", "p-2", person}),
        declarations=(Declaration("p-friend", "friend of the respondent"),),
    )
    assert refused(stage, action, facts) == f"{person} cannot sit on the panel: {why}."


def test_every_conflicted_panel_member_is_named_at_once() -> None:
    facts = replace(good_facts(), panel_ids=frozenset({"p-1", "m-witness", "s-investigator"}))
    assert refused(St.HEARING, Ac.DECIDE, facts) == (
        "m-witness cannot sit on the panel: is a witness. "
        "s-investigator cannot sit on the panel: investigated the case; acted in the case."
    )


def test_a_panel_below_the_rulebook_size_is_refused() -> None:
    facts = replace(good_facts(), panel_ids=frozenset({"p-1", "p-2"}))
    assert refused(St.READY_FOR_PANEL, Ac.REFER_TO_PANEL, facts) == (
        "The panel has 2 member(s); the rulebook requires at least 3."
    )


@pytest.mark.parametrize(
    ("person", "why"),
    [
        ("p-2", "sat on the panel that decided the case"),
        ("s-investigator", "investigated the case; acted in the case"),
        ("m-complainant", "made the complaint"),
        ("m-branch-secretary", "is an officer of the respondent's branch"),
        ("q-friend", "declared an interest (shares a flat with the complainant)"),
    ],
)
def test_the_appeal_panel_has_nobody_who_acted_before(person: str, why: str) -> None:
    facts = replace(
        good_facts(),
        appeal_panel_ids=frozenset({"q-1", "q-2", person}),
        declarations=(Declaration("q-friend", "shares a flat with the complainant"),),
    )
    assert refused(St.APPEALED, Ac.DECIDE_APPEAL, facts) == (f"{person} cannot sit on the appeal panel: {why}.")


# --- reasons and sanctions ------------------------------------------------------------------


def test_a_decision_without_a_finding_on_every_allegation_is_refused() -> None:
    second = Allegation("A2", "rule 2.I.4 (version 3)", date(2021, 8, 2), date(2021, 1, 1))
    facts = replace(good_facts(), allegations=(*good_facts().allegations, second))
    assert refused(St.HEARING, Ac.DECIDE, facts) == "Allegation A2 has no finding."


def test_a_finding_without_written_reasons_is_refused() -> None:
    facts = replace(good_facts(), findings=(Finding("A1", upheld=True, reasons="  "),))
    assert refused(St.HEARING, Ac.DECIDE, facts) == ("The finding on allegation A1 has no written reasons.")


def test_a_finding_on_an_allegation_not_in_the_case_is_refused() -> None:
    stray = Finding("A9", upheld=True, reasons="Something else entirely.")
    facts = replace(good_facts(), findings=(*good_facts().findings, stray))
    assert "A finding refers to allegation A9, which is not part of this case." in refused(St.HEARING, Ac.DECIDE, facts)


def test_a_sanction_the_rulebook_does_not_allow_is_refused() -> None:
    facts = replace(good_facts(), allowed_sanctions=frozenset({"reprimand", "suspension"}))
    assert refused(St.HEARING, Ac.DECIDE, facts) == (
        "The sanction 'expulsion' is not one the rulebook allows for upholding allegations A1; "
        "it allows: reprimand, suspension."
    )


def test_a_sanction_when_nothing_is_upheld_is_refused() -> None:
    facts = replace(good_facts(), findings=(Finding("A1", upheld=False, reasons="No evidence."),))
    assert refused(St.HEARING, Ac.DECIDE, facts) == (
        "No allegation is upheld, so no sanction ('expulsion') can follow."
    )


def test_upholding_without_choosing_an_outcome_is_refused() -> None:
    facts = replace(good_facts(), proposed_sanction=None)
    assert "Allegations A1 are upheld but no outcome is chosen" in refused(St.HEARING, Ac.DECIDE, facts)


def test_nothing_upheld_and_no_sanction_is_allowed() -> None:
    facts = replace(
        good_facts(),
        findings=(Finding("A1", upheld=False, reasons="No evidence."),),
        proposed_sanction=None,
    )
    move = attempt(St.HEARING, Ac.DECIDE, facts)
    assert "No allegation is upheld; no sanction follows." in move.decision.reasons


@pytest.mark.parametrize(("stage", "action"), [(St.TRIAGED, Ac.DISMISS_NO_CASE), (St.HEARING, Ac.WITHDRAW)])
def test_dismissing_or_withdrawing_needs_written_reasons(stage: CaseStage, action: CaseAction) -> None:
    facts = replace(good_facts(), action_reasons="")
    assert refused(stage, action, facts) == "Written reasons are required for this decision."


def test_a_case_does_not_lapse_while_the_respondent_is_a_member() -> None:
    facts = replace(good_facts(), respondent_left_on=None)
    assert "lapses only when the respondent's membership has ended" in refused(St.AWAITING_RESPONSE, Ac.LAPSE, facts)


# --- notification and appeal ----------------------------------------------------------------


def test_notifying_with_a_short_appeal_window_is_refused() -> None:
    facts = replace(good_facts(), appeal_by=date(2021, 9, 14))
    assert refused(St.DECIDED, Ac.NOTIFY_DECISION, facts) == (
        "The decision was notified on 1 September 2021; the appeal window must run at least "
        "14 days, to 15 September 2021."
    )


def test_an_unnotified_decision_opens_no_appeal_window() -> None:
    facts = replace(good_facts(), decision_notified_on=None)
    assert "have not been sent to the respondent" in refused(St.DECIDED, Ac.NOTIFY_DECISION, facts)


@pytest.mark.parametrize(("day", "allowed"), [(14, True), (15, True), (16, False)])
def test_an_appeal_is_lodged_only_within_the_window(day: int, allowed: bool) -> None:
    facts = replace(good_facts(), appeal_lodged_on=date(2021, 9, day))
    if allowed:
        assert attempt(St.APPEAL_WINDOW, Ac.LODGE_APPEAL, facts).to_stage == St.APPEALED
    else:
        assert refused(St.APPEAL_WINDOW, Ac.LODGE_APPEAL, facts) == (
            "The appeal was lodged on 16 September 2021, after the appeal window closed on 15 September 2021."
        )


@pytest.mark.parametrize(("day", "allowed"), [(15, False), (16, True)])
def test_a_decision_becomes_final_only_after_the_appeal_window(day: int, allowed: bool) -> None:
    facts = replace(good_facts(), today=date(2021, 9, day))
    if allowed:
        assert attempt(St.APPEAL_WINDOW, Ac.CLOSE_APPEAL_WINDOW, facts).to_stage == St.FINAL
    else:
        assert refused(St.APPEAL_WINDOW, Ac.CLOSE_APPEAL_WINDOW, facts) == (
            "An appeal may be lodged until 15 September 2021; the decision becomes final from 16 September 2021."
        )


def test_an_appeal_decided_without_reasons_is_refused() -> None:
    facts = replace(good_facts(), appeal_reasons="")
    assert refused(St.APPEALED, Ac.DECIDE_APPEAL, facts) == ("The appeal decision has no written reasons.")


# --- what an allowed decision records -------------------------------------------------------


def test_an_allowed_decision_explains_itself_and_records_the_rule_version() -> None:
    move = attempt(St.HEARING, Ac.DECIDE, good_facts())
    assert move.decision.rule_version == "rulebook v3"
    assert move.decision.reasons == (
        "Notice of the allegations, with the evidence bundle, was served on 10 August 2021.",
        "The respondent's response was received on 20 August 2021.",
        "Allegation A1: the conduct on 1 August 2021 falls under the proscription of Group X, "
        "in force from 20 July 2021.",
        "No member of the panel (p-1, p-2, p-3) has acted in the case.",
        "Written reasons are given for allegations A1.",
        "The sanction 'expulsion' is allowed for allegations A1.",
    )
