"""Readmission: decided with reasons, and never granted before the waiting period has run."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from moot.core.rules.decision import Refused
from moot.core.workflows.readmission import (
    READMISSION_WORKFLOW,
    ReadmissionAction,
    ReadmissionFacts,
    ReadmissionStage,
    attempt,
    readmission_possible_from,
)

St, Ac = ReadmissionStage, ReadmissionAction
EXPELLED_ON = date(2019, 5, 12)


def facts(applied_on: date, reasons: str = "Has shown a clear change of conduct.") -> ReadmissionFacts:
    return ReadmissionFacts(EXPELLED_ON, applied_on, waiting_years=5, reasons=reasons)


def test_the_waiting_period_runs_from_the_expulsion() -> None:
    assert readmission_possible_from(EXPELLED_ON, 5) == date(2024, 5, 12)
    assert readmission_possible_from(date(2020, 2, 29), 5) == date(2025, 2, 28)


def test_granting_before_the_waiting_period_is_refused_citing_the_date() -> None:
    with pytest.raises(Refused) as caught:
        attempt(St.APPLIED, Ac.GRANT, facts(date(2024, 5, 11)))
    assert caught.value.decision.explain() == (
        "Readmission is possible from 12 May 2024, 5 years after the expulsion on 12 May 2019; "
        "this application was made on 11 May 2024."
    )


@pytest.mark.parametrize("applied_on", [date(2024, 5, 12), date(2024, 5, 13)])
def test_granting_from_the_date_it_becomes_possible_is_allowed(applied_on: date) -> None:
    assert attempt(St.APPLIED, Ac.GRANT, facts(applied_on)).to_stage == St.GRANTED


@pytest.mark.parametrize("action", list(Ac))
def test_any_decision_without_reasons_is_refused(action: ReadmissionAction) -> None:
    with pytest.raises(Refused, match=r"A decision on readmission must give its reasons\."):
        attempt(St.APPLIED, action, facts(date(2024, 6, 1), reasons=" "))


def test_an_early_application_can_be_refused_with_reasons() -> None:
    early = facts(date(2022, 1, 1), reasons="Made before the waiting period ended.")
    assert attempt(St.APPLIED, Ac.REFUSE, early).to_stage == St.REFUSED


@pytest.mark.parametrize(("stage", "action"), list(itertools.product(St, Ac)), ids=str)
def test_a_decided_application_is_closed(stage: ReadmissionStage, action: ReadmissionAction) -> None:
    decision = READMISSION_WORKFLOW.check(stage, action, facts(date(2024, 6, 1)))
    if stage == St.APPLIED:
        assert decision.allowed
    else:
        assert decision.explain().endswith("it is closed and nothing further can happen to it.")
