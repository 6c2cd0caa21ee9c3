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
        longest = max(map(len, ballots.rankings), default=1)
        self.shift = longest.bit_length() + 1
        self.mask = (1 << self.shift) - 1

    def first_preferences(self) -> Sorting:
        """Sort every paper by its first preference (all rankings are non-empty)."""
        codes: list[list[int]] = [[] for _ in range(self.n)]
        papers = [0] * self.n
        shift = self.shift
        appends = [bundle.append for bundle in codes]
        for i, r in enumerate(self.rankings):
            appends[r[0]](i << shift)
        for r, w in zip(self.rankings, self.weights, strict=True):
            papers[r[0]] += w
        return Sorting(codes, papers, 0)

    def sort(self, codes: Iterable[int], continuing: Sequence[int]) -> Sorting:
        """Sort papers to the next preference, after the current one, for a continuing candidate."""
        out: list[list[int]] = [[] for _ in range(self.n)]
        appends = [bundle.append for bundle in out]
        papers = [0] * self.n
        exhausted = 0
        rankings, weights = self.rankings, self.weights
        shift, mask = self.shift, self.mask
        cont = [bool(x) for x in continuing]
        # The hot loop of every count: a paper walks on past candidates no longer continuing;
        # running off the end of its ranking (IndexError) makes it non-transferable.
        for code in codes:
            i = code >> shift
            r = rankings[i]
            q = code & mask
            p = q + 1
            try:
                d = r[p]
                while not cont[d]:
                    p += 1
                    d = r[p]
            except IndexError:
                exhausted += weights[i]
                continue
            appends[d](code + p - q)
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
