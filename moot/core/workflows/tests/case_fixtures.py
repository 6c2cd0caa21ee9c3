"""A case on which every guard passes, so each test can break exactly one thing."""

from __future__ import annotations

from datetime import date

from moot.core.workflows.case import Allegation, CaseFacts, Finding

PROSCRIBED_ON = date(2021, 7, 20)  # the story in issue 5: a group proscribed on 20 July 2021


def support_for_group_x(conduct_on: date, id: str = "A1") -> Allegation:
    """An allegation of supporting Group X, proscribed from 20 July 2021."""
    return Allegation(
        id=id,
        cites="the proscription of Group X",
        conduct_on=conduct_on,
        cited_from=PROSCRIBED_ON,
    )


def good_facts() -> CaseFacts:
    """A case whose every guard is satisfied: the control for each shortcut test."""
    return CaseFacts(
        today=date(2021, 10, 1),
        respondent_id="m-respondent",
        complainant_ids=frozenset({"m-complainant"}),
        witness_ids=frozenset({"m-witness"}),
        actor_ids=frozenset({"s-triage", "s-investigator", "s-notice"}),
        branch_officer_ids=frozenset({"m-branch-secretary"}),
        investigator_id="s-investigator",
        allegations=(support_for_group_x(date(2021, 8, 1)),),
        notice_served_on=date(2021, 8, 10),
        evidence_bundle_served=True,
        notice_delivered_on=date(2021, 8, 12),
        respond_by=date(2021, 8, 26),
        response_received_on=date(2021, 8, 20),
        panel_ids=frozenset({"p-1", "p-2", "p-3"}),
        findings=(Finding("A1", upheld=True, reasons="Spoke at Group X's rally on 1 August."),),
        proposed_sanction="expulsion",
        allowed_sanctions=frozenset({"reprimand", "suspension", "expulsion"}),
        decision_notified_on=date(2021, 9, 1),
        appeal_by=date(2021, 9, 15),
        appeal_lodged_on=date(2021, 9, 10),
        appeal_panel_ids=frozenset({"q-1", "q-2", "q-3"}),
        appeal_reasons="The panel weighed the evidence fairly; the appeal is dismissed.",
        action_reasons="The complainant withdrew and no other evidence supports the allegation.",
        respondent_left_on=date(2021, 9, 30),
        rule_version="rulebook v3",
    )
