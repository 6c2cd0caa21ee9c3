"""Readmission after expulsion: decided with reasons, never granted before the waiting period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from moot.core.rules.dates import add_years, long_date, plural
from moot.core.rules.decision import Decision
from moot.core.workflows.machine import Transition, Verb, Workflow


class ReadmissionStage(StrEnum):
    """Where an application for readmission stands."""

    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"


class ReadmissionAction(StrEnum):
    """The two decisions an application can receive, each with reasons."""

    GRANT = "grant"
    REFUSE = "refuse"


@dataclass(frozen=True)
class ReadmissionFacts:
    """An application and the decision proposed on it."""

    expelled_on: date
    applied_on: date
    waiting_years: int  # the rulebook's period (issue 4 seed: 5 years), passed by the service
    reasons: str = ""
    rule_version: str | None = None


def readmission_possible_from(expelled_on: date, waiting_years: int) -> date:
    """The first day an application may succeed: the expulsion date plus the waiting period."""
    return add_years(expelled_on, waiting_years)


def waiting_period_over(f: ReadmissionFacts) -> Decision:
    """Rulebook: readmission not before the waiting period after expulsion; the date is cited."""
    opens = readmission_possible_from(f.expelled_on, f.waiting_years)
    period = plural(f.waiting_years, "year")
    if f.applied_on < opens:
        return Decision.refuse(
            f"Readmission is possible from {long_date(opens)}, {period} after the expulsion on "
            f"{long_date(f.expelled_on)}; this application was made on {long_date(f.applied_on)}.",
            rule_version=f.rule_version,
        )
    return Decision.allow(
        f"Applied on {long_date(f.applied_on)}, after the {period} waiting period ended on {long_date(opens)}.",
        rule_version=f.rule_version,
    )


def reasons_given(f: ReadmissionFacts) -> Decision:
    """Every decision explains itself, a refusal as much as a grant."""
    if not f.reasons.strip():
        return Decision.refuse("A decision on readmission must give its reasons.", rule_version=f.rule_version)
    return Decision.allow(f"Reasons: {f.reasons.strip()}", rule_version=f.rule_version)


St, Ac = ReadmissionStage, ReadmissionAction

READMISSION_WORKFLOW: Workflow[ReadmissionStage, ReadmissionAction, ReadmissionFacts] = Workflow(
    noun="readmission application",
    transitions={(St.APPLIED, Ac.GRANT): St.GRANTED, (St.APPLIED, Ac.REFUSE): St.REFUSED},
    verbs={Ac.GRANT: Verb("grant it", "granted"), Ac.REFUSE: Verb("refuse it", "refused")},
    guards={Ac.GRANT: (waiting_period_over, reasons_given), Ac.REFUSE: (reasons_given,)},
)


def attempt(
    stage: ReadmissionStage, action: ReadmissionAction, facts: ReadmissionFacts
) -> Transition[ReadmissionStage, ReadmissionAction]:
    """Decide an application, or raise Refused with the reasons the decision may not be taken."""
    return READMISSION_WORKFLOW.attempt(stage, action, facts)
