"""Ties among three or more: the reading of rule 51(2)(a) (backwards) and ERS97 5.2.5 (forwards)."""

from __future__ import annotations

from moot.core.tally.record import Action, Stage
from moot.core.tally.ties import Lot, break_tie, look_through


def _stages(*totals: list[int]) -> list[Stage]:
    return [Stage(i + 1, Action.EXCLUSION, list(t), 0, 0) for i, t in enumerate(totals)]


# A, B, C: stage 1 [70, 60, 80], stage 2 [80, 85, 85], stage 3 [90, 90, 95], stage 4 all 100.
HISTORY = _stages([70, 60, 80], [80, 85, 85], [90, 90, 95], [100, 100, 100])


def test_backwards_narrows_then_continues_with_the_lowest_only() -> None:
    """Stage 3 is the most recent with unequal votes: A and B (90) stay tied, C (95) drops out.
    Going further back with A and B only, stage 2 has A 80 < B 85: A is excluded."""
    remaining, examined = look_through([0, 1, 2], HISTORY, "lowest", backwards=True)
    assert (remaining, examined) == ([0], ["3", "2"])


def test_forwards_uses_the_earliest_stage() -> None:
    """ERS97: the first stage already separates them: B (60) is lowest."""
    assert look_through([0, 1, 2], HISTORY, "lowest", backwards=False) == ([1], ["1"])


def test_equal_throughout_goes_to_lot_among_the_remaining_only() -> None:
    stages = _stages([5, 5, 9], [7, 7, 7])
    lot = Lot(["A", "B", "C"], seed=11)
    chosen, tie = break_tie([0, 1, 2], stages, lot, want="lowest", backwards=True, purpose="exclusion", rule="r")
    assert chosen in (0, 1) and tie.by_lot and "seed 11" in tie.draw
    again, _ = break_tie(
        [0, 1, 2], stages, Lot(["A", "B", "C"], seed=11), want="lowest", backwards=True, purpose="exclusion", rule="r"
    )
    assert again == chosen


def test_given_draw_excludes_the_least_favoured() -> None:
    stages = _stages([5, 5])
    lot = Lot(["A", "B"], order=[1, 0])  # B drawn first: favoured
    chosen, tie = break_tie([0, 1], stages, lot, want="lowest", backwards=True, purpose="exclusion", rule="r")
    assert chosen == 0 and tie.draw.startswith("given draw")
