"""Random action sequences never reach 'decided' without notice served and the respondent heard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from moot.core.rules.decision import Refused
from moot.core.workflows.case import (
    CASE_WORKFLOW,
    GUARDS,
    CaseAction,
    CaseFacts,
    CaseStage,
)
from moot.core.workflows.machine import Workflow
from moot.core.workflows.tests.case_fixtures import good_facts

CaseWorkflow = Workflow[CaseStage, CaseAction, CaseFacts]


def _maybe(value: st.SearchStrategy[date]) -> st.SearchStrategy[date | None]:
    # Mostly present, so that long runs get far enough to try deciding.
    return st.one_of(st.none(), value, value, value)


def _around(first: date, last: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=last)


def facts_of_the_day() -> st.SearchStrategy[CaseFacts]:
    """The case facts as they might stand on some day: notice and response facts vary."""
    base = replace(good_facts(), respondent_left_on=None, action_reasons="")
    return st.builds(
        lambda today, served, bundle, respond_by, response: replace(
            base,
            today=today,
            notice_served_on=served,
            evidence_bundle_served=bundle,
            respond_by=respond_by,
            response_received_on=response,
        ),
        _around(date(2021, 8, 15), date(2021, 9, 10)),
        _maybe(st.just(date(2021, 8, 10))),
        st.sampled_from([True, True, True, False]),
        _maybe(_around(date(2021, 8, 24), date(2021, 9, 5))),
        _maybe(_around(date(2021, 8, 13), date(2021, 9, 10))),
    )


def respondent_was_heard(f: CaseFacts) -> bool:
    """The rule, stated independently of the guard: notice with evidence, then response or time."""
    served = f.notice_served_on is not None and f.evidence_bundle_served
    answered = f.response_received_on is not None and f.response_received_on <= f.today
    window_over = f.respond_by is not None and f.today > f.respond_by
    return served and (answered or window_over)


def never_decided_unheard(workflow: CaseWorkflow, *, shrink: bool = True) -> tuple[Callable[[], None], list[int]]:
    """A hypothesis test of `workflow`, and a counter of the runs that reached 'decided'."""
    reached = [0]
    # Shrinking a counterexample is for people reading a failure; the self-test only needs one.
    phases = (Phase.generate, Phase.shrink) if shrink else (Phase.generate,)

    @settings(max_examples=200, deadline=None, derandomize=True, database=None, phases=phases)
    @given(st.lists(facts_of_the_day(), min_size=1, max_size=4), st.data())
    def run(days: list[CaseFacts], data: st.DataObject) -> None:
        stage, path = CaseStage.RECEIVED, []
        for _ in range(40):
            allowed = workflow.next_actions(stage)
            if not allowed:
                break
            # Mostly the table's first move (the main road), sometimes another allowed one,
            # sometimes any action at all: shortcuts are tried, and runs still get far.
            roll = data.draw(st.integers(0, 9))
            pool = list(CaseAction) if roll == 0 else allowed if roll < 3 else allowed[:1]
            action = data.draw(st.sampled_from(pool))
            facts = days[data.draw(st.integers(0, len(days) - 1))]
            try:
                move = workflow.attempt(stage, action, facts)
            except Refused:
                continue
            stage = move.to_stage
            path.append(action)
            if stage == CaseStage.DECIDED:
                reached[0] += 1
                assert respondent_was_heard(facts), (path, facts)
                assert CaseAction.SERVE_NOTICE in path
                assert CaseAction.RECORD_DELIVERY in path
                assert {CaseAction.RECEIVE_RESPONSE, CaseAction.CLOSE_RESPONSE_WINDOW} & set(path)

    return run, reached


def test_random_sequences_never_decide_before_the_respondent_is_heard() -> None:
    run, reached = never_decided_unheard(CASE_WORKFLOW)
    run()
    assert reached[0] > 0, "no run reached 'decided': the property was never exercised"


def test_the_property_catches_a_workflow_that_decides_without_the_guard() -> None:
    weakened = replace(
        CASE_WORKFLOW,
        guards={action: guards for action, guards in GUARDS.items() if action != CaseAction.DECIDE},
    )
    run, _ = never_decided_unheard(weakened, shrink=False)
    with pytest.raises(AssertionError):
        run()
