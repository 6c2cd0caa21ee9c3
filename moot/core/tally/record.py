"""The count record: what each stage did, every total, every tie, and the balance check."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    """What a stage of the count did."""

    FIRST = "first preferences"
    SURPLUS = "surplus"
    EXCLUSION = "exclusion"
    BULK_EXCLUSION = "bulk exclusion"
    DOOMED = "exclusion of doomed candidate"
    ITERATION = "iteration"  # Meek: keep values recalculated until a decision is certain
    LAST_VACANCIES = "last vacancies"
    ROUND = "round"  # alternative vote


class BalanceError(AssertionError):
    """A stage does not balance: candidates + non-transferable + loss != valid vote (a bug)."""


@dataclass
class Tie:
    """A tie and how it was broken."""

    purpose: str  # "exclusion", "surplus order", "election"
    candidates: list[int]
    chosen: int
    rule: str  # the rule applied, e.g. "rule 51(2)(a): most recent preceding stage"
    stages_examined: list[str] = field(default_factory=list)
    by_lot: bool = False
    draw: str = ""  # how the lot was drawn: given order, or seed and draw number


@dataclass
class Stage:
    """One stage (or sub-stage) of a count; all values are fixed-point units."""

    number: int
    action: Action
    totals: list[int]
    exhausted: int
    loss: int
    subjects: list[int] = field(default_factory=list)
    substage: int | None = None
    transfer_value: int | None = None
    changes: list[int] = field(default_factory=list)
    exhausted_change: int = 0
    loss_change: int = 0
    quota: int | None = None
    elected: list[int] = field(default_factory=list)
    excluded: list[int] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "7" for a stage, "7.2" for its second sub-stage."""
        return f"{self.number}" if self.substage is None else f"{self.number}.{self.substage}"


@dataclass
class CountResult:
    """Everything a published count shows."""

    method: str
    method_name: str
    candidates: list[str]
    seats: int
    decimals: int
    valid: int  # units
    quota: int | None  # units; the initial quota
    elected: list[int] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    title: str = ""
    withdrawn: list[int] = field(default_factory=list)
    invalid: int = 0
    seed: int | None = None
    lot_order: list[int] | None = None
    shown_decimals: int | None = None
    constraints: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def elected_names(self) -> list[str]:
        """Names of the elected, in order of election."""
        return [self.candidates[c] for c in self.elected]

    def stage_elected(self, candidate: int) -> Stage | None:
        """The stage at which a candidate was deemed elected."""
        return next((s for s in self.stages if candidate in s.elected), None)

    def ties(self) -> list[Tie]:
        """Every tie in the count."""
        return [t for s in self.stages for t in s.ties]


class Recorder:
    """Builds the stage list, filling in changes and checking the balance at every stage."""

    def __init__(self, result: CountResult) -> None:
        self.result = result

    def add(self, stage: Stage) -> Stage:
        """Append a stage after checking that it balances."""
        stages = self.result.stages
        prev = stages[-1] if stages else None
        n = len(stage.totals)
        before = prev.totals if prev else [0] * n
        stage.changes = [stage.totals[c] - before[c] for c in range(n)]
        stage.exhausted_change = stage.exhausted - (prev.exhausted if prev else 0)
        stage.loss_change = stage.loss - (prev.loss if prev else 0)
        check_balance(stage, self.result.valid)
        stages.append(stage)
        return stage

    @property
    def last(self) -> Stage:
        """The most recent stage."""
        return self.result.stages[-1]

    def elect(self, candidates: list[int]) -> None:
        """Record candidates as elected at the latest stage."""
        self.last.elected.extend(candidates)
        self.result.elected.extend(candidates)


def check_balance(stage: Stage, valid: int) -> None:
    """Candidates + non-transferable + loss to fractions must equal the valid vote."""
    total = sum(stage.totals) + stage.exhausted + stage.loss
    if total != valid or stage.loss < 0 or stage.exhausted < 0:
        raise BalanceError(
            f"stage {stage.label} does not balance: {sum(stage.totals)} + {stage.exhausted} + {stage.loss} != {valid}"
        )
