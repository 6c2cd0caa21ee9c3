"""Ties: looking back (or forward) through earlier stages, then drawing lots.

A lot is either the returning officer's draw, given as an order of candidates (earlier in the
order = favoured: kept when excluding, taken first for a surplus or an election), or drawn from a
seeded generator: the tied candidates are ordered by SHA-256 of "<seed>:<draw number>:<name>".
The generator is defined by this text alone, so any recount with the same seed draws the same lots
on any platform or Python version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

from moot.core.tally.record import Stage, Tie


class LotError(ValueError):
    """A given draw does not cover a tie that needs it."""


class Lot:
    """The source of every lot in one count."""

    def __init__(self, names: Sequence[str], *, seed: int = 0, order: Sequence[int] | None = None) -> None:
        self.names = list(names)
        self.seed = seed
        self.order = list(order) if order is not None else None
        self.draws = 0

    def rank(self, tied: Sequence[int]) -> tuple[list[int], str]:
        """The tied candidates, most favoured first, and a description of the draw."""
        self.draws += 1
        if self.order is not None:
            missing = [self.names[c] for c in tied if c not in self.order]
            if missing:
                raise LotError(f"the given lot does not place {', '.join(missing)}")
            ranked = sorted(tied, key=self.order.index)
            return ranked, f"given draw (lot {self.draws})"
        ranked = sorted(tied, key=lambda c: self._key(c))
        return ranked, f"seeded draw: seed {self.seed}, lot {self.draws}, SHA-256 order"

    def _key(self, c: int) -> str:
        """The hash that places a candidate in this draw."""
        text = f"{self.seed}:{self.draws}:{self.names[c]}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


Want = Literal["lowest", "highest"]


def look_through(
    tied: Sequence[int], stages: Sequence[Stage], want: Want, *, backwards: bool
) -> tuple[list[int], list[str]]:
    """Narrow a tie by earlier stage totals; returns who is still tied and the stages examined.

    At the nearest stage (scanning backwards, or forwards from the first) at which the tied
    candidates did not all have equal votes, keep only those with the lowest (or highest) vote;
    if more than one is left, continue the scan beyond that stage with those alone.
    """
    remaining = list(tied)
    examined: list[str] = []
    for stage in reversed(stages) if backwards else stages:
        votes = {c: stage.totals[c] for c in remaining}
        if len(set(votes.values())) == 1:
            continue
        examined.append(stage.label)
        extreme = min(votes.values()) if want == "lowest" else max(votes.values())
        remaining = [c for c in remaining if votes[c] == extreme]
        if len(remaining) == 1:
            break
    return remaining, examined


def break_tie(
    tied: Sequence[int],
    stages: Sequence[Stage],
    lot: Lot,
    *,
    want: Want,
    backwards: bool,
    purpose: str,
    rule: str,
) -> tuple[int, Tie]:
    """Choose one of several tied candidates: earlier stages, then lot; `want` is whom to pick."""
    remaining, examined = look_through(tied, stages, want, backwards=backwards)
    if len(remaining) == 1:
        return remaining[0], Tie(purpose, list(tied), remaining[0], rule, examined)
    ranked, draw = lot.rank(remaining)
    chosen = ranked[-1] if want == "lowest" else ranked[0]
    return chosen, Tie(purpose, list(tied), chosen, rule + "; then lot", examined, True, draw)


def pick_lowest(
    candidates: Sequence[int],
    totals: Sequence[int],
    stages: Sequence[Stage],
    lot: Lot,
    *,
    backwards: bool,
    rule: str,
) -> tuple[int, Tie | None]:
    """The candidate with the fewest votes, ties broken by `break_tie`."""
    low = min(totals[c] for c in candidates)
    tied = [c for c in candidates if totals[c] == low]
    if len(tied) == 1:
        return tied[0], None
    return break_tie(tied, stages, lot, want="lowest", backwards=backwards, purpose="exclusion", rule=rule)


def pick_highest(
    candidates: Sequence[int],
    amounts: dict[int, int],
    stages: Sequence[Stage],
    lot: Lot,
    *,
    backwards: bool,
    rule: str,
) -> tuple[int, Tie | None]:
    """The candidate with the largest amount (a surplus), ties broken by `break_tie`."""
    high = max(amounts[c] for c in candidates)
    tied = [c for c in candidates if amounts[c] == high]
    if len(tied) == 1:
        return tied[0], None
    return break_tie(tied, stages, lot, want="highest", backwards=backwards, purpose="surplus order", rule=rule)
