"""Eligibility that explains itself: member facts + rulebook + purpose + date -> Decision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from moot.core.rules.dates import add_days, add_months, long_date, plural
from moot.core.rules.decision import Decision
from moot.core.rules.defaults import RuleKey
from moot.core.rules.facts import (
    IN_GOOD_STANDING,
    EndReason,
    MemberFacts,
    Status,
    age_on,
    break_before,
    continuous_since,
)
from moot.core.rules.purposes import Purpose
from moot.core.rules.versions import Rulebook, RuleNotInForce, RuleVersion

NOT = "Not eligible: "

_BREAK_WORDS = {
    EndReason.RESIGNED: "resigning",
    EndReason.EXPELLED: "expulsion",
    EndReason.EXCLUDED: "exclusion",
}

_ENDED_WORDS = {
    Status.LAPSED: "membership lapsed",
    Status.RESIGNED: "resigned",
    Status.EXPELLED: "expelled",
    Status.EXCLUDED: "excluded from membership",
    Status.SUSPENDED: "membership suspended",
}


@dataclass(frozen=True)
class PurposeRules:
    """The rule versions one purpose reads, and what follows from them, worked out once."""

    purpose: Purpose
    main: RuleVersion
    provisional: RuleVersion
    continuity: RuleVersion
    arrears: RuleVersion
    # Derived once here rather than per member: an electorate of 500,000 reuses them all.
    refs: str  # the versions applied, main rule first, as stored in Decision.rule_version
    required_since: date
    requirement: str  # "rule '…' (…) requires continuous membership since …."
    lapse_grace_days: int
    minimum_age: int
    provisional_weeks: int | None  # None when the purpose allows provisional members
    arrears_grace_days: int | None  # None when the purpose allows members in arrears


def rules_for(purpose: Purpose, rulebook: Rulebook) -> PurposeRules:
    """Every version a purpose reads, each the one in force on the purpose's relevant date."""
    # One date for all of them, the date the purpose attaches to (freeze date, meeting date,
    # election day…): a ballot is judged by one consistent set of rules, whatever day a member
    # happens to look, and an amendment after the freeze date does not reach back into it.
    on = purpose.relevant_on
    main = rulebook.in_force(purpose.rule_key, on)
    provisional = rulebook.in_force(RuleKey.PROVISIONAL_MEMBERSHIP, on)
    continuity = rulebook.in_force(RuleKey.CONTINUOUS_MEMBERSHIP, on)
    arrears = rulebook.in_force(RuleKey.ARREARS, on)
    months = main.integer("continuous_months")
    required = add_months(on, -months)
    needs = f"continuous membership since {long_date(required)}" if months else None
    return PurposeRules(
        purpose=purpose,
        main=main,
        provisional=provisional,
        continuity=continuity,
        arrears=arrears,
        refs="; ".join(v.ref for v in (main, continuity, provisional, arrears)),
        required_since=required,
        requirement=f"{main.cite()} requires {needs or f'membership on {long_date(on)}'}.",
        lapse_grace_days=continuity.integer("lapse_grace_days"),
        minimum_age=main.integer("minimum_age"),
        provisional_weeks=(None if main.flag("provisional_allowed") else provisional.integer("weeks")),
        arrears_grace_days=None if main.flag("arrears_allowed") else arrears.integer("grace_days"),
    )


def eligibility(facts: MemberFacts, rulebook: Rulebook, purpose: Purpose, on: date) -> Decision:
    """Whether the member may do `purpose` on `on`, with reasons citing dates and rule versions."""
    try:
        rules = rules_for(purpose, rulebook)
    except RuleNotInForce as missing:
        return Decision.refuse(f"{NOT}{missing}.")
    return check(facts, rules, on)


def eligibility_checker(rulebook: Rulebook, purpose: Purpose, on: date) -> Callable[[MemberFacts], Decision]:
    """`eligibility` for many members at once: rule versions are looked up once, not per member."""
    try:
        rules = rules_for(purpose, rulebook)
    except RuleNotInForce as missing:
        refusal = Decision.refuse(f"{NOT}{missing}.")
        return lambda facts: refusal
    return lambda facts: check(facts, rules, on)


def check(facts: MemberFacts, rules: PurposeRules, on: date) -> Decision:
    """The checks in order; a person who is not a member in good standing hears only that."""
    standing = _standing(facts, on)
    if standing is not None:
        return Decision.refuse(standing, rule_version=rules.main.ref)
    since = continuous_since(facts.periods, on, rules.lapse_grace_days)
    assert since is not None  # _standing has found a period covering `on`
    outcomes = [
        _unit(facts, rules),
        _continuity(facts, rules, since),
        _age(facts, rules),
        _provisional(rules, since, on),
        _arrears(facts, rules, on),
    ]
    refusals = [text for allowed, text in outcomes if not allowed and text]
    if refusals:
        return Decision.refuse(*refusals, rule_version=rules.refs)
    return Decision.allow(*(text for _, text in outcomes if text), rule_version=rules.refs)


Outcome = tuple[bool, str | None]


def _standing(facts: MemberFacts, on: date) -> str | None:
    """The refusal for someone who is not a member in good standing on `on`, or None."""
    period = facts.period_on(on)
    if period is None:
        return NOT + _not_a_member(facts, on)
    suspension = facts.suspension_on(on)
    if suspension is not None:
        until = f" until {long_date(suspension.to_on)}" if suspension.to_on else ""
        return (
            f"{NOT}membership suspended from {long_date(suspension.from_on)}{until}; "
            "a suspended member may not take part while the suspension lasts."
        )
    status = facts.status_on(on)
    if status is None or status not in IN_GOOD_STANDING:
        words = _ENDED_WORDS.get(status, "not a member") if status else "not a member"
        since = facts.status_since(on)
        dated = f" on {long_date(since)}" if since else ""
        shown = status or "none"
        return f"{NOT}{words}{dated}; the register shows status '{shown}' on {long_date(on)}."
    return None


def _not_a_member(facts: MemberFacts, on: date) -> str:
    """Why nobody is a member on `on`: not yet joined, or the last period ended, and how."""
    ended = [p for p in facts.periods if p.ended_on is not None and p.ended_on <= on]
    if ended:
        last = max(ended, key=lambda p: p.ended_on or on)
        assert last.ended_on is not None and last.end_reason is not None
        words = _ENDED_WORDS[Status(last.end_reason.value)]
        return f"{words} on {long_date(last.ended_on)}; not a member on {long_date(on)}."
    later = [p.joined_on for p in facts.periods if p.joined_on > on]
    if later:
        return f"joined on {long_date(min(later))}; not yet a member on {long_date(on)}."
    return f"no membership is recorded on {long_date(on)}."


def _unit(facts: MemberFacts, rules: PurposeRules) -> Outcome:
    unit = rules.purpose.unit
    if facts.belongs_to(unit):
        return True, None
    return False, f"{NOT}{unit.describe()} is not your home {unit.kind.replace('_', ' ')}."


def _continuity(facts: MemberFacts, rules: PurposeRules, since: date) -> Outcome:
    """Continuous membership for the rule's months before the relevant date."""
    if since <= rules.required_since:
        return True, f"Eligible: continuous member since {long_date(since)}; {rules.requirement}"
    return False, f"{NOT}{_history(facts, rules, since)}; {rules.requirement}"


def _history(facts: MemberFacts, rules: PurposeRules, since: date) -> str:
    """'joined on …', or 'rejoined on … after …' naming the break and the rule that made it one."""
    broken = break_before(facts.periods, since)
    if broken is None or broken.ended_on is None or broken.end_reason is None:
        return f"joined on {long_date(since)}"
    ended = long_date(broken.ended_on)
    if broken.end_reason is EndReason.LAPSED:
        grace = plural(rules.lapse_grace_days, "day")
        return (
            f"rejoined on {long_date(since)} after membership lapsed on {ended}; "
            f"{rules.continuity.cite()} counts a lapse as continuous only if renewed within {grace}"
        )
    return (
        f"rejoined on {long_date(since)} after {_BREAK_WORDS[broken.end_reason]} on {ended}, "
        f"which ends continuous membership under {rules.continuity.cite()}"
    )


def _age(facts: MemberFacts, rules: PurposeRules) -> Outcome:
    minimum = rules.minimum_age
    if minimum == 0:
        return True, None
    day = rules.purpose.relevant_on
    if facts.date_of_birth is None:
        return False, (
            f"{NOT}no date of birth is recorded; {rules.main.cite()} requires age {minimum} on "
            f"{long_date(day)}. Ask the membership team to record it."
        )
    age = age_on(facts.date_of_birth, day)
    if age >= minimum:
        return True, f"Aged {age} on {long_date(day)}; the minimum is {minimum}."
    return False, (
        f"{NOT}born on {long_date(facts.date_of_birth)}, so aged {age} on {long_date(day)}; "
        f"{rules.main.cite()} requires age {minimum}."
    )


def _provisional(rules: PurposeRules, since: date, on: date) -> Outcome:
    """The provisional period runs from the start of continuous membership, judged on `on`."""
    weeks = rules.provisional_weeks
    if weeks is None:
        return True, None
    ends = add_days(since, 7 * weeks)
    if on >= ends:
        return True, None  # said once, by the continuity sentence; no need to repeat it
    return False, (
        f"{NOT}provisional member until {long_date(ends)} (member since {long_date(since)}); "
        f"{rules.provisional.cite()} makes a new member provisional for {plural(weeks, 'week')}."
    )


def _arrears(facts: MemberFacts, rules: PurposeRules, on: date) -> Outcome:
    """Paid up, or overdue by no more than the grace period, on `on` (paid_up_to is inclusive)."""
    grace = rules.arrears_grace_days
    if grace is None:
        return True, None
    if facts.paid_up_to is None:
        # No paid-up date means no subscription is due (waived or honorary membership), unless
        # the register itself records the member as in arrears.
        if facts.status_on(on) is Status.ARREARS:
            return False, f"{NOT}the register shows the membership in arrears on {long_date(on)}."
        return True, None
    last_day = add_days(facts.paid_up_to, grace)
    if on <= last_day:
        return True, f"Subscription paid up to {long_date(facts.paid_up_to)}."
    return False, (
        f"{NOT}subscription paid up to {long_date(facts.paid_up_to)} only, more than "
        f"{plural(grace, 'day')} overdue on {long_date(on)}; {rules.arrears.cite()} allows "
        f"taking part until {long_date(last_day)}. Renewing restores eligibility."
    )
