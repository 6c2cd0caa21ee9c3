"""The default rulebook, as data: version 1 of every rule, in force from 1 January 2010."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from fractions import Fraction

from moot.core.rules.versions import ParameterValue, Rulebook, RuleVersion

# Far enough back that every membership period in a ten-year history is judged by a version
# that was in force at the time; an organisation loading older records seeds an earlier date.
DEFAULT_EFFECTIVE_FROM = date(2010, 1, 1)


class RuleKey(StrEnum):
    """Every rule the code reads, by its stable key (the part before "@" in "selection-vote@3")."""

    SELECTION_VOTE = "selection-vote"
    NATIONAL_BALLOT_VOTE = "national-ballot-vote"
    MEETING_VOTE = "meeting-vote"
    OFFICE = "office"
    CANDIDATE = "candidate"
    CONFERENCE_DELEGATE = "conference-delegate"
    REQUISITION_SIGNATURE = "requisition-signature"
    PROVISIONAL_MEMBERSHIP = "provisional-membership"
    CONTINUOUS_MEMBERSHIP = "continuous-membership"
    ARREARS = "arrears"
    AGM_NOTICE = "agm-notice"
    MEETING_NOTICE = "meeting-notice"
    REQUISITION = "requisition"
    QUORUM = "quorum"
    INTERIM_SUSPENSION = "interim-suspension"
    ALLEGATION_RESPONSE = "allegation-response"
    APPEAL = "appeal"
    SANCTIONS = "sanctions"
    READMISSION = "readmission"
    CONDUCT = "conduct"
    UNIT_SUSPENSION = "unit-suspension"


def _eligibility(months: int, *, minimum_age: int = 0, provisional: bool = False) -> dict[str, ParameterValue]:
    """Every eligibility rule has the same four parameters, so one check reads them all."""
    return {
        "continuous_months": months,
        "minimum_age": minimum_age,
        "provisional_allowed": provisional,
        "arrears_allowed": False,
    }


# (key, title, text, parameters). Titles are what a reason quotes: "rule 'selection vote' (…)".
_DEFAULTS: tuple[tuple[RuleKey, str, str, dict[str, ParameterValue]], ...] = (
    (
        RuleKey.SELECTION_VOTE,
        "selection vote",
        "To vote in a selection a member of the local party must have been a member continuously "
        "for 6 months before the freeze date.",
        _eligibility(6),
    ),
    (
        RuleKey.NATIONAL_BALLOT_VOTE,
        "national ballot vote",
        "To vote in a national ballot a member must have been a member continuously for 6 months "
        "before the freeze date.",
        _eligibility(6),
    ),
    (
        RuleKey.MEETING_VOTE,
        "meeting vote",
        "A member may attend and vote at meetings of their own branch and local party once the "
        "provisional period has passed.",
        _eligibility(0),
    ),
    (
        RuleKey.OFFICE,
        "standing for office",
        "To stand for an office of a branch or local party a member of that unit must have been "
        "a member continuously for 12 months and be at least 16 years old on election day.",
        _eligibility(12, minimum_age=16),
    ),
    (
        RuleKey.CANDIDATE,
        "candidacy",
        "To be a candidate for public office a member must have been a member continuously for "
        "12 months when nominations close and be at least 18 years old.",
        _eligibility(12, minimum_age=18),
    ),
    (
        RuleKey.CONFERENCE_DELEGATE,
        "conference delegate",
        "To be a conference delegate a member of the local party must have been a member "
        "continuously for 12 months on the day delegates are chosen and be at least 16 years old.",
        _eligibility(12, minimum_age=16),
    ),
    (
        RuleKey.REQUISITION_SIGNATURE,
        "requisition signature",
        "A member of a unit may sign a requisition for a special meeting of it once the provisional period has passed.",
        _eligibility(0),
    ),
    (
        RuleKey.PROVISIONAL_MEMBERSHIP,
        "provisional membership",
        "A new member is provisional for 8 weeks from joining and may not vote, stand or sign requisitions until then.",
        {"weeks": 8},
    ),
    (
        RuleKey.CONTINUOUS_MEMBERSHIP,
        "continuous membership",
        "Membership that lapsed and was renewed within 90 days counts as continuous; "
        "resignation, expulsion or exclusion always ends continuous membership.",
        {"lapse_grace_days": 90},
    ),
    (
        RuleKey.ARREARS,
        "arrears",
        "A member whose subscription is more than 28 days overdue may not vote, stand or sign "
        "requisitions; after 6 months in arrears membership lapses.",
        {"grace_days": 28, "lapse_after_months": 6},
    ),
    (
        RuleKey.AGM_NOTICE,
        "annual general meeting notice",
        "Notice of an annual general meeting is sent to units at least 28 days and to members at "
        "least 7 days before it.",
        {"units_days": 28, "members_days": 7},
    ),
    (
        RuleKey.MEETING_NOTICE,
        "meeting notice",
        "Notice of an ordinary meeting is sent to members at least 7 days before it.",
        {"days": 7},
    ),
    (
        RuleKey.REQUISITION,
        "requisition of a special meeting",
        "A special meeting must be convened within 28 days when requisitioned by one third of "
        "the units or by one fifth of the members entitled to attend.",
        {"units_share": Fraction(1, 3), "members_share": Fraction(1, 5), "convene_within_days": 28},
    ),
    (
        RuleKey.QUORUM,
        "general meeting quorum",
        "The quorum of a general meeting is one tenth of the members entitled to attend or 30 "
        "members, whichever is fewer.",
        {"share": Fraction(1, 10), "fixed_number": 30},
    ),
    (
        RuleKey.INTERIM_SUSPENSION,
        "interim suspension",
        "An interim suspension lapses unless reviewed and renewed every 28 days, and may not last "
        "more than 6 months in total.",
        {"review_days": 28, "maximum_months": 6},
    ),
    (
        RuleKey.ALLEGATION_RESPONSE,
        "response to allegations",
        "A member served with a notice of allegations has 14 days to respond before any decision.",
        {"days": 14},
    ),
    (
        RuleKey.APPEAL,
        "appeal",
        "An appeal against a disciplinary decision may be lodged within 14 days of the decision.",
        {"days": 14},
    ),
    (
        RuleKey.SANCTIONS,
        "sanctions",
        "A proven charge may lead to a warning, a reprimand, suspension for up to 24 months or "
        "expulsion; proven support for a proscribed organisation leads to exclusion.",
        {
            "proven": ("warning", "reprimand", "suspension", "expulsion"),
            "proscribed-support-proven": ("auto-exclusion",),
            "not-proven": (),
            "suspension_max_months": 24,
        },
    ),
    (
        RuleKey.READMISSION,
        "readmission",
        "A person expelled may apply to be readmitted no sooner than 5 years after expulsion.",
        {"years": 5},
    ),
    (
        RuleKey.CONDUCT,
        "conduct of members",
        "A member must not engage in conduct that is grossly detrimental to the party, nor harass, "
        "bully or discriminate against any person.",
        {},
    ),
    (
        RuleKey.UNIT_SUSPENSION,
        "suspension of a unit",
        "The national executive may suspend a unit with written reasons, appointing an officer to run "
        "its affairs; it reviews the suspension at least every 90 days, and the suspension lapses "
        "after at most 12 months.",
        {"max_review_days": 90, "max_sunset_months": 12},
    ),
)


def default_versions() -> tuple[RuleVersion, ...]:
    """Version 1 of every rule, ready to seed the rulebook tables."""
    return tuple(
        RuleVersion(
            key=str(key),
            version=1,
            effective_from=DEFAULT_EFFECTIVE_FROM,
            title=title,
            text=text,
            parameters=parameters,
            made_by="default rulebook",
            reason="Seeded with the organisation's standing rules.",
        )
        for key, title, text, parameters in _DEFAULTS
    )


def default_rulebook() -> Rulebook:
    """The default rulebook: every rule at version 1."""
    return Rulebook(default_versions())
