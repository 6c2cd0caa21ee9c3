"""What a member wants to do, the rule that governs it, and the date that picks the rule version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeAlias

from moot.core.rules.dates import long_date
from moot.core.rules.defaults import RuleKey


class UnitKind(StrEnum):
    """The level of the organisation a meeting, office or ballot belongs to."""

    BRANCH = "branch"
    LOCAL_PARTY = "local_party"
    NATIONAL = "national"


@dataclass(frozen=True)
class Unit:
    """A branch, a local party, or the national party; `name` is only for reasons."""

    kind: UnitKind
    id: int | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is UnitKind.NATIONAL) != (self.id is None):
            raise ValueError("a branch or local party has an id; the national party has none")

    def describe(self) -> str:
        if self.name:
            return self.name
        if self.kind is UnitKind.NATIONAL:
            return "the national party"
        return f"{'branch' if self.kind is UnitKind.BRANCH else 'local party'} {self.id}"


NATIONAL = Unit(UnitKind.NATIONAL)


class BallotKind(StrEnum):
    """Ballots whose electorate is fixed by a freeze date."""

    SELECTION = "selection"
    NATIONAL = "national"


# Each purpose names the date that decides which rule version applies (`relevant_on`) — the
# date the rule attaches to, never the day someone happens to look: a ballot is governed by the
# rules in force on its freeze date, a meeting by those on its date, an election by those on
# election day. Rules amended later do not reach back to a ballot already frozen.


@dataclass(frozen=True)
class VoteInBallot:
    """Vote in a selection (a local party's ballot) or a national ballot with a freeze date."""

    kind: BallotKind
    freeze_on: date
    unit: Unit = NATIONAL

    def __post_init__(self) -> None:
        if self.kind is BallotKind.SELECTION and self.unit.kind is not UnitKind.LOCAL_PARTY:
            raise ValueError("a selection ballot belongs to a local party")

    @property
    def rule_key(self) -> str:
        if self.kind is BallotKind.SELECTION:
            return RuleKey.SELECTION_VOTE
        return RuleKey.NATIONAL_BALLOT_VOTE

    @property
    def relevant_on(self) -> date:
        return self.freeze_on

    def describe(self) -> str:
        where = "" if self.unit.kind is UnitKind.NATIONAL else f" in {self.unit.describe()}"
        return f"vote in the {self.kind} ballot{where} (freeze date {long_date(self.freeze_on)})"


@dataclass(frozen=True)
class VoteAtMeeting:
    """Attend and vote at a meeting of a branch or local party."""

    unit: Unit
    meeting_on: date

    @property
    def rule_key(self) -> str:
        return RuleKey.MEETING_VOTE

    @property
    def relevant_on(self) -> date:
        return self.meeting_on

    def describe(self) -> str:
        on = long_date(self.meeting_on)
        return f"attend and vote at the meeting of {self.unit.describe()} on {on}"


@dataclass(frozen=True)
class StandForOffice:
    """Stand for an office (chair, secretary, …) of a unit at an election on a date."""

    post: str
    unit: Unit
    election_on: date

    @property
    def rule_key(self) -> str:
        return RuleKey.OFFICE

    @property
    def relevant_on(self) -> date:
        return self.election_on

    def describe(self) -> str:
        return f"stand for {self.post} of {self.unit.describe()} on {long_date(self.election_on)}"


@dataclass(frozen=True)
class BeCandidate:
    """Seek selection as a candidate for public office; judged on the day nominations close."""

    nominations_close_on: date
    unit: Unit = NATIONAL

    @property
    def rule_key(self) -> str:
        return RuleKey.CANDIDATE

    @property
    def relevant_on(self) -> date:
        return self.nominations_close_on

    def describe(self) -> str:
        return f"be a candidate (nominations close {long_date(self.nominations_close_on)})"


@dataclass(frozen=True)
class BeDelegate:
    """Be chosen as a local party's conference delegate on a date."""

    unit: Unit
    chosen_on: date

    @property
    def rule_key(self) -> str:
        return RuleKey.CONFERENCE_DELEGATE

    @property
    def relevant_on(self) -> date:
        return self.chosen_on

    def describe(self) -> str:
        on = long_date(self.chosen_on)
        return f"be a conference delegate of {self.unit.describe()} chosen on {on}"


@dataclass(frozen=True)
class SignRequisition:
    """Sign a requisition for a special meeting of a unit."""

    unit: Unit
    signed_on: date

    @property
    def rule_key(self) -> str:
        return RuleKey.REQUISITION_SIGNATURE

    @property
    def relevant_on(self) -> date:
        return self.signed_on

    def describe(self) -> str:
        return f"sign a requisition to {self.unit.describe()} on {long_date(self.signed_on)}"


Purpose: TypeAlias = VoteInBallot | VoteAtMeeting | StandForOffice | BeCandidate | BeDelegate | SignRequisition
