"""Ranked ballots, grouped: one entry per distinct ranking with the number of papers that bear it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class BallotError(ValueError):
    """Malformed ballot input: the message names the line and the problem."""

    def __init__(self, problem: str, *, line: int | None = None, source: str = "") -> None:
        where = f"{source}:{line}: " if line is not None else (f"{source}: " if source else "")
        super().__init__(f"{where}{problem}")
        self.line = line
        self.problem = problem


class Overvote(StrEnum):
    """What a paper does when one rank names two or more candidates (`=` in BLT, `$OVERVOTE`)."""

    EXHAUST = "exhaust"  # the paper is valid up to the preference before the uncertain one
    SKIP = "skip"  # the uncertain rank is passed over and the next one is used


class Skipped(StrEnum):
    """What a paper does when a rank is left blank (`$UNDERVOTE`, a gap in the ranks)."""

    SKIP = "skip"  # the blank rank is passed over
    EXHAUST = "exhaust"  # the paper stops at the first blank rank


# A rank as read from a file: one candidate, or several marked equal (an overvote).
Level = tuple[int, ...]
# The markers a reader may put in a raw ranking; both are resolved by `normalise`.
OVERVOTE_MARK: Level = (-1,)
UNDERVOTE_MARK: Level = (-2,)


@dataclass
class Ballots:
    """Counting input: candidates and distinct plain rankings (0-based ids) with integer weights."""

    candidates: list[str]
    rankings: list[tuple[int, ...]]
    weights: list[int]
    seats: int | None = None
    title: str = ""
    withdrawn: frozenset[int] = frozenset()
    invalid: int = 0  # papers with no valid first preference (not part of the valid vote)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Number of valid papers."""
        return sum(self.weights)

    @property
    def standing(self) -> list[int]:
        """Candidates who have not withdrawn, in id order."""
        return [c for c in range(len(self.candidates)) if c not in self.withdrawn]

    def index_of(self, ref: str) -> int:
        """A candidate given by exact name or by 1-based number."""
        if ref in self.candidates:
            return self.candidates.index(ref)
        if ref.strip().isdigit() and 1 <= int(ref) <= len(self.candidates):
            return int(ref) - 1
        raise BallotError(f"no candidate called {ref!r}")


def normalise(
    levels: Sequence[Level],
    withdrawn: frozenset[int] = frozenset(),
    *,
    overvote: Overvote = Overvote.EXHAUST,
    skipped: Skipped = Skipped.SKIP,
) -> tuple[int, ...]:
    """Resolve a raw ranking into the plain preferences a count uses."""
    out: list[int] = []
    for level in levels:
        if level == UNDERVOTE_MARK:
            if skipped is Skipped.EXHAUST:
                break
            continue
        live = [c for c in level if c >= 0 and c not in withdrawn and c not in out]
        if level == OVERVOTE_MARK or len(set(live)) > 1:
            if overvote is Overvote.EXHAUST:
                break
            continue
        if live:
            out.append(live[0])
    return tuple(out)


def group(pairs: Iterable[tuple[tuple[int, ...], int]]) -> tuple[list[tuple[int, ...]], list[int], int]:
    """Merge identical rankings; returns rankings, weights and the weight of empty rankings."""
    acc: dict[tuple[int, ...], int] = {}
    for ranking, weight in pairs:
        acc[ranking] = acc.get(ranking, 0) + weight
    empty = acc.pop((), 0)
    rankings = [r for r, w in acc.items() if w > 0]
    return rankings, [acc[r] for r in rankings], empty
