"""Ballot papers in bundles, sorted to their next available preference.

A distinct ranking stands for all the papers that bear it, so the work of a transfer follows the
number of distinct rankings, not of voters. A paper bundle is referred to by a code,
`ranking index << shift | position of its current preference`, kept in plain lists of ints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from moot.core.tally.ballots import Ballots


@dataclass(slots=True)
class Batch:
    """Papers of one value received by a candidate in one transfer (a batch, ERS97 6.1)."""

    value: int  # units per paper
    codes: list[int]
    papers: int  # number of papers
    stage: int = 1  # stage at which they were received


@dataclass(slots=True)
class Sorting:
    """Papers sorted by next available preference (per candidate), plus the non-transferable."""

    codes: list[list[int]]
    papers: list[int]
    exhausted: int  # non-transferable papers

    @property
    def transferable(self) -> int:
        """Number of papers with a next available preference."""
        return sum(self.papers)


class Papers:
    """The distinct rankings of a count and the paper-sorting operation every method shares."""

    def __init__(self, ballots: Ballots) -> None:
        self.n = len(ballots.candidates)
        self.rankings = ballots.rankings
        self.weights = ballots.weights
        self.lens = [len(r) for r in ballots.rankings]
        self.shift = max(self.lens, default=1).bit_length() + 1
        self.mask = (1 << self.shift) - 1

    def first_preferences(self) -> Sorting:
        """Sort every paper by its first preference (all rankings are non-empty)."""
        codes: list[list[int]] = [[] for _ in range(self.n)]
        papers = [0] * self.n
        shift = self.shift
        for i, (r, w) in enumerate(zip(self.rankings, self.weights, strict=True)):
            c = r[0]
            codes[c].append(i << shift)
            papers[c] += w
        return Sorting(codes, papers, 0)

    def sort(self, codes: Iterable[int], continuing: Sequence[int]) -> Sorting:
        """Sort papers to the next preference, after the current one, for a continuing candidate."""
        out: list[list[int]] = [[] for _ in range(self.n)]
        papers = [0] * self.n
        exhausted = 0
        rankings, weights, lens = self.rankings, self.weights, self.lens
        shift, mask = self.shift, self.mask
        for code in codes:
            i = code >> shift
            r = rankings[i]
            p = (code & mask) + 1
            n = lens[i]
            while p < n and not continuing[r[p]]:
                p += 1
            if p == n:
                exhausted += weights[i]
                continue
            d = r[p]
            out[d].append((i << shift) | p)
            papers[d] += weights[i]
        return Sorting(out, papers, exhausted)

    def position(self, code: int) -> tuple[int, int]:
        """Ranking index and position of a code."""
        return code >> self.shift, code & self.mask

    def weight_of(self, codes: Iterable[int]) -> int:
        """Number of papers in a list of codes."""
        w = self.weights
        shift = self.shift
        return sum(w[c >> shift] for c in codes)
