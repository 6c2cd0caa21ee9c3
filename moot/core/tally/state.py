"""The state every transfer-based count keeps: who is continuing, piles of papers, totals, record."""

from __future__ import annotations

from dataclasses import dataclass

from moot.core.tally.ballots import Ballots
from moot.core.tally.constraints import Constraints
from moot.core.tally.papers import Batch, Papers, Sorting
from moot.core.tally.record import Action, CountResult, Recorder, Stage
from moot.core.tally.ties import Lot


@dataclass(frozen=True)
class Options:
    """What a count needs besides the ballots."""

    seats: int
    lot: Lot
    constraints: Constraints | None = None


class CountState:
    """Candidates' status, their piles of batches and their totals, in fixed-point units."""

    def __init__(self, ballots: Ballots, options: Options, result: CountResult) -> None:
        self.papers = Papers(ballots)
        self.n = n = len(ballots.candidates)
        self.seats = options.seats
        self.lot = options.lot
        self.constraints = options.constraints
        self.unit = 10**result.decimals
        self.continuing = bytearray(n)
        for c in ballots.standing:
            self.continuing[c] = 1
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.totals = [0] * n
        self.piles: list[list[Batch]] = [[] for _ in range(n)]
        self.exhausted = 0
        self.loss = 0
        self.result = result
        self.rec = Recorder(result)

    # -- status -----------------------------------------------------------------
    def hopeful(self) -> list[int]:
        """Continuing candidates in id order."""
        return [c for c in range(self.n) if self.continuing[c]]

    @property
    def seats_left(self) -> int:
        """Vacancies remaining unfilled."""
        return self.seats - len(self.elected)

    @property
    def stage_number(self) -> int:
        """Number of the latest stage."""
        return self.result.stages[-1].number if self.result.stages else 0

    def by_votes(self, candidates: list[int]) -> list[int]:
        """Candidates in descending order of votes, then by id: how simultaneous elections are recorded."""
        return sorted(candidates, key=lambda c: (-self.totals[c], c))

    def elect(self, candidates: list[int]) -> None:
        """Deem candidates elected at the latest stage."""
        for c in candidates:
            self.continuing[c] = 0
            self.elected.append(c)
        self.rec.elect(candidates)

    def exclude(self, c: int) -> None:
        """Mark a candidate excluded (their papers are moved separately)."""
        self.continuing[c] = 0
        self.excluded.append(c)

    # -- constraints (Hill/Otten guard and doom) -------------------------------------
    def doomed(self) -> list[int]:
        """Continuing candidates whose election would break the constraints."""
        if self.constraints is None:
            return []
        return self.constraints.doomed(frozenset(self.elected), frozenset(self.hopeful()), self.seats)

    def guarded(self) -> set[int]:
        """Continuing candidates whose exclusion would break the constraints."""
        if self.constraints is None:
            return set()
        return self.constraints.guarded(frozenset(self.elected), frozenset(self.hopeful()), self.seats)

    def excludable(self) -> list[int]:
        """Continuing candidates that may be excluded (not guarded)."""
        guarded = self.guarded()
        return [c for c in self.hopeful() if c not in guarded]

    # -- papers -----------------------------------------------------------------
    def first_stage(self) -> None:
        """Sort all papers by first preference, each at a value of one."""
        sorting = self.papers.first_preferences()
        self.receive(sorting, self.unit, stage=1)

    def receive(self, sorting: Sorting, value: int, *, stage: int) -> int:
        """Give sorted papers at `value` to their candidates; returns the value credited."""
        credited = 0
        for d, codes in enumerate(sorting.codes):
            if codes:
                papers = sorting.papers[d]
                self.piles[d].append(Batch(value, codes, papers, stage))
                self.totals[d] += value * papers
                credited += value * papers
        self.exhausted += value * sorting.exhausted
        return credited

    def take_pile(self, c: int) -> list[Batch]:
        """Remove and return all the batches a candidate holds."""
        batches, self.piles[c] = self.piles[c], []
        return batches

    # -- record -----------------------------------------------------------------
    def record(self, number: int, action: Action, **extra: object) -> Stage:
        """Record the current totals as a stage (balance-checked)."""
        stage = Stage(
            number=number,
            action=action,
            totals=list(self.totals),
            exhausted=self.exhausted,
            loss=self.loss,
            **extra,  # type: ignore[arg-type]
        )
        return self.rec.add(stage)
