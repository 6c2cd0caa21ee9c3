"""What the disciplinary case guards need to know, gathered by the service from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Allegation:
    """One allegation: the conduct, its date, and the rule or proscription it says was breached."""

    id: str
    cites: str  # as the respondent will read it: "rule 2.I.4 (version 3)", "proscription of X"
    conduct_on: date
    cited_from: date  # the date the cited rule version or proscription took effect
    cited_until: date | None = None  # the day it was superseded or lifted, if it has been


@dataclass(frozen=True)
class Finding:
    """The panel's finding on one allegation, with its written reasons (ACAS: decide in writing)."""

    allegation_id: str
    upheld: bool
    reasons: str


@dataclass(frozen=True)
class Declaration:
    """An interest a person has declared in the case; it keeps them off any panel hearing it."""

    person_id: str
    interest: str


@dataclass(frozen=True)
class CaseFacts:
    """Everything the case guards look at; the service fills it from the case as it stands today."""

    today: date
    respondent_id: str
    # The people around the case. `actor_ids` is everyone who has acted in the case outside a
    # panel (triage, investigation, serving notice, interim suspension, administration); the
    # first panel is `panel_ids`, so the appeal check can add it to "everyone who acted before".
    complainant_ids: frozenset[str] = frozenset()
    witness_ids: frozenset[str] = frozenset()
    actor_ids: frozenset[str] = frozenset()
    branch_officer_ids: frozenset[str] = frozenset()
    declarations: tuple[Declaration, ...] = ()
    investigator_id: str | None = None
    allegations: tuple[Allegation, ...] = ()
    # Notice and response (ACAS: tell them in writing, show the evidence, let them respond).
    notice_served_on: date | None = None
    evidence_bundle_served: bool = False
    notice_delivered_on: date | None = None
    respond_by: date | None = None  # the last day a response is accepted
    min_response_days: int = 14  # rulebook: time to prepare, counted from delivery
    response_received_on: date | None = None
    # The panel and its decision.
    panel_ids: frozenset[str] = frozenset()
    min_panel_size: int = 3
    findings: tuple[Finding, ...] = ()
    proposed_sanction: str | None = None
    allowed_sanctions: frozenset[str] = frozenset()  # what the rulebook allows for these findings
    # Notification and appeal.
    decision_notified_on: date | None = None
    appeal_by: date | None = None  # the last day an appeal is accepted
    min_appeal_days: int = 14  # rulebook: appeal window 14 days
    appeal_lodged_on: date | None = None
    appeal_panel_ids: frozenset[str] = frozenset()
    appeal_reasons: str = ""
    # Written reasons given by the person taking this action (dismissal, withdrawal).
    action_reasons: str = ""
    respondent_left_on: date | None = None  # membership ended: the case lapses
    rule_version: str | None = None  # the rulebook version the service applied

    def allegation_ids(self) -> list[str]:
        """Allegation ids in the order the notice lists them."""
        return [a.id for a in self.allegations]
