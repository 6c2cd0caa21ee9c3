"""The generic engine: table lookups, guard refusals, the sentence for a move not in the table."""

from __future__ import annotations

from enum import StrEnum

import pytest

from moot.core.rules.decision import Decision, Refused
from moot.core.workflows.machine import Verb, Workflow


class Stage(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    FILED = "filed"


class Action(StrEnum):
    SEND = "send"
    FILE = "file"


def needs_stamp(facts: bool) -> Decision:
    return Decision.allow("Stamped.") if facts else Decision.refuse("No stamp on the letter.")


LETTER: Workflow[Stage, Action, bool] = Workflow(
    noun="letter",
    transitions={(Stage.DRAFT, Action.SEND): Stage.SENT, (Stage.SENT, Action.FILE): Stage.FILED},
    verbs={Action.SEND: Verb("send it", "sent"), Action.FILE: Verb("file it", "filed")},
    guards={Action.SEND: (needs_stamp,)},
)


def test_allowed_move_returns_next_stage_and_the_guard_reasons() -> None:
    move = LETTER.attempt(Stage.DRAFT, Action.SEND, True)
    assert (move.from_stage, move.action, move.to_stage) == (Stage.DRAFT, Action.SEND, Stage.SENT)
    assert move.decision == Decision.allow("Stamped.")


def test_unguarded_move_still_explains_itself() -> None:
    move = LETTER.attempt(Stage.SENT, Action.FILE, False)
    assert move.decision.reasons == ("The letter is filed: 'sent' → 'filed'.",)


def test_guard_refusal_raises_with_the_reason() -> None:
    with pytest.raises(Refused) as refused:
        LETTER.attempt(Stage.DRAFT, Action.SEND, False)
    assert refused.value.decision.reasons == ("No stamp on the letter.",)


def test_move_not_in_table_names_what_may_happen_first() -> None:
    with pytest.raises(Refused, match=r"^A letter that is 'draft' cannot be 'filed'; first: send it\.$"):
        LETTER.attempt(Stage.DRAFT, Action.FILE, True)


def test_closed_stage_says_nothing_further_can_happen() -> None:
    assert LETTER.is_closed(Stage.FILED) and not LETTER.is_closed(Stage.DRAFT)
    decision = LETTER.check(Stage.FILED, Action.SEND, True)
    assert decision.explain() == (
        "A letter that is 'filed' cannot be 'sent'; it is closed and nothing further can happen to it."
    )


def test_a_table_without_wording_for_an_action_is_rejected_at_import() -> None:
    with pytest.raises(ValueError, match="no wording"):
        Workflow(noun="letter", transitions=LETTER.transitions, verbs={Action.SEND: Verb("a", "b")})


def test_a_guard_for_an_action_outside_the_table_is_rejected_at_import() -> None:
    with pytest.raises(ValueError, match="never in the table"):
        Workflow(
            noun="letter",
            transitions={(Stage.DRAFT, Action.SEND): Stage.SENT},
            verbs=LETTER.verbs,
            guards={Action.FILE: (needs_stamp,)},
        )
