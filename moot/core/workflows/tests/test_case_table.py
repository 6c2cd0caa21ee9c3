"""Every stage and action of a case: moves to the documented stage or is refused with a sentence."""

from __future__ import annotations

import itertools

import pytest

from moot.core.rules.decision import Refused
from moot.core.workflows.case import CASE_WORKFLOW, CaseAction, CaseStage, attempt
from moot.core.workflows.tests.case_fixtures import good_facts

# Written out by hand from docs/workflows.md, not derived from TRANSITIONS, so that a change to
# the table that the documentation does not share makes this test fail.
_BEFORE_DECISION = [
    "received",
    "triaged",
    "under_investigation",
    "notice_served",
    "awaiting_response",
    "ready_for_panel",
    "referred_to_panel",
    "hearing",
]
DOCUMENTED: dict[tuple[str, str], str] = {
    ("received", "triage"): "triaged",
    ("triaged", "dismiss_no_case"): "no_case_to_answer",
    ("triaged", "open_investigation"): "under_investigation",
    ("under_investigation", "serve_notice"): "notice_served",
    ("notice_served", "record_delivery"): "awaiting_response",
    ("awaiting_response", "receive_response"): "ready_for_panel",
    ("awaiting_response", "close_response_window"): "ready_for_panel",
    ("ready_for_panel", "refer_to_panel"): "referred_to_panel",
    ("referred_to_panel", "open_hearing"): "hearing",
    ("hearing", "decide"): "decided",
    ("decided", "notify_decision"): "appeal_window",
    ("appeal_window", "lodge_appeal"): "appealed",
    ("appeal_window", "close_appeal_window"): "final",
    ("appealed", "decide_appeal"): "final",
    **{(stage, "withdraw"): "withdrawn" for stage in _BEFORE_DECISION},
    **{(stage, "lapse"): "lapsed" for stage in _BEFORE_DECISION},
}
CLOSED = {"final", "no_case_to_answer", "withdrawn", "lapsed"}
ALL_PAIRS = list(itertools.product(CaseStage, CaseAction))


def test_the_documented_table_covers_every_stage_and_action() -> None:
    assert {s for s, _ in DOCUMENTED} | set(DOCUMENTED.values()) == {s.value for s in CaseStage}
    assert {a for _, a in DOCUMENTED} == {a.value for a in CaseAction}


@pytest.mark.parametrize(("stage", "action"), ALL_PAIRS, ids=lambda x: str(x))
def test_every_pair_moves_as_documented_or_is_refused_with_a_sentence(stage: CaseStage, action: CaseAction) -> None:
    facts = good_facts()
    target = DOCUMENTED.get((stage.value, action.value))
    if target is not None:
        move = attempt(stage, action, facts)
        assert move.to_stage == target
        assert move.decision.allowed and move.decision.reasons
        return
    with pytest.raises(Refused) as refused:
        attempt(stage, action, facts)
    sentence = refused.value.decision.explain()
    verb = CASE_WORKFLOW.verbs[action].done
    assert sentence.startswith(f"A case that is '{CASE_WORKFLOW.label(stage)}' cannot be '{verb}'")
    if stage.value in CLOSED:
        assert sentence.endswith("it is closed and nothing further can happen to it.")
    else:
        allowed = [a for (s, a) in DOCUMENTED if s == stage.value]
        assert "; first: " in sentence
        for name in allowed:
            assert CASE_WORKFLOW.verbs[CaseAction(name)].do in sentence


def test_the_sentence_for_deciding_under_investigation() -> None:
    with pytest.raises(Refused) as refused:
        attempt(CaseStage.UNDER_INVESTIGATION, CaseAction.DECIDE, good_facts())
    assert refused.value.decision.explain() == (
        "A case that is 'under investigation' cannot be 'decided'; first: serve notice, withdraw or lapse."
    )


def test_closed_stages_are_exactly_the_documented_ones() -> None:
    assert {s.value for s in CaseStage if CASE_WORKFLOW.is_closed(s)} == CLOSED
