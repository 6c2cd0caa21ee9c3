"""Builders shared by the rules tests: a member in good standing unless told otherwise."""

from __future__ import annotations

from datetime import date
from typing import Any

from moot.core.rules import (
    BallotKind,
    BeCandidate,
    BeDelegate,
    MemberFacts,
    MembershipPeriod,
    Purpose,
    SignRequisition,
    StandForOffice,
    Status,
    Unit,
    UnitKind,
    VoteAtMeeting,
    VoteInBallot,
)
from moot.core.rules.versions import Rulebook, RuleVersion

BRANCH = Unit(UnitKind.BRANCH, 50, "Mill Lane branch")
LOCAL_PARTY = Unit(UnitKind.LOCAL_PARTY, 5, "Riverside local party")


def member(joined_on: date, **changes: Any) -> MemberFacts:
    """A member of Mill Lane branch and Riverside local party, paid up, aged over 18."""
    values: dict[str, Any] = {
        "periods": (MembershipPeriod(joined_on),),
        "status": Status.ACTIVE,
        "date_of_birth": date(1970, 6, 15),
        "home_branch_id": 50,
        "local_party_id": 5,
        "paid_up_to": date(2099, 12, 31),
    }
    values.update(changes)
    return MemberFacts(**values)


# Every purpose, built for a relevant date, with the continuous months and minimum age of the
# default rulebook written out by hand (not read from it, so a changed default fails a test).
PURPOSES: dict[str, tuple[Any, int, int]] = {
    "selection vote": (lambda d: VoteInBallot(BallotKind.SELECTION, d, LOCAL_PARTY), 6, 0),
    "national ballot vote": (lambda d: VoteInBallot(BallotKind.NATIONAL, d), 6, 0),
    "meeting vote": (lambda d: VoteAtMeeting(BRANCH, d), 0, 0),
    "standing for office": (lambda d: StandForOffice("secretary", LOCAL_PARTY, d), 12, 16),
    "candidacy": (lambda d: BeCandidate(d, LOCAL_PARTY), 12, 18),
    "conference delegate": (lambda d: BeDelegate(LOCAL_PARTY, d), 12, 16),
    "requisition signature": (lambda d: SignRequisition(LOCAL_PARTY, d), 0, 0),
}


def purpose(name: str, relevant_on: date) -> Purpose:
    build = PURPOSES[name][0]
    result: Purpose = build(relevant_on)
    return result


def amend(rulebook: Rulebook, key: str, effective_from: date, **parameters: Any) -> Rulebook:
    """The rulebook with the next version of `key`, changing only the parameters given."""
    latest = rulebook.history(key)[-1]
    return rulebook.amended(
        RuleVersion(
            key=key,
            version=latest.version + 1,
            effective_from=effective_from,
            title=latest.title,
            text=latest.text,
            parameters={**latest.parameters, **parameters},
            made_by="national executive",
            reason="test amendment",
        )
    )
