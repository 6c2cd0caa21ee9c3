"""Rules as data: decisions that explain themselves, effective-dated rule versions, eligibility."""

from moot.core.rules.decision import Decision, Refused
from moot.core.rules.defaults import RuleKey, default_rulebook
from moot.core.rules.electorate import Criteria, electorate_criteria
from moot.core.rules.eligibility import eligibility, eligibility_checker
from moot.core.rules.facts import (
    Affiliation,
    DatedSpan,
    EndReason,
    MemberFacts,
    MembershipPeriod,
    OfficeHeld,
    Status,
    StatusChange,
    continuous_since,
)
from moot.core.rules.purposes import (
    NATIONAL,
    BallotKind,
    BeCandidate,
    BeDelegate,
    Purpose,
    SignRequisition,
    StandForOffice,
    Unit,
    UnitKind,
    VoteAtMeeting,
    VoteInBallot,
)
from moot.core.rules.versions import Rulebook, RuleNotInForce, RuleVersion, amendment_allowed

__all__ = [
    "NATIONAL",
    "Affiliation",
    "BallotKind",
    "BeCandidate",
    "BeDelegate",
    "Criteria",
    "DatedSpan",
    "Decision",
    "EndReason",
    "MemberFacts",
    "MembershipPeriod",
    "OfficeHeld",
    "Purpose",
    "Refused",
    "RuleKey",
    "RuleNotInForce",
    "RuleVersion",
    "Rulebook",
    "SignRequisition",
    "StandForOffice",
    "Status",
    "StatusChange",
    "Unit",
    "UnitKind",
    "VoteAtMeeting",
    "VoteInBallot",
    "amendment_allowed",
    "continuous_since",
    "default_rulebook",
    "electorate_criteria",
    "eligibility",
    "eligibility_checker",
]
