"""No retroactivity: a proscription or rule version judges only conduct dated while in force."""

from __future__ import annotations

from datetime import date

from moot.core.rules.dates import long_date
from moot.core.rules.decision import Decision
from moot.core.rules.versions import Rulebook, RuleNotInForce, RuleVersion

# The brief's first story: members expelled for supporting a group before it was proscribed.
# Every function here compares dates only, so the answer cannot depend on who is asking or on
# what the organisation thinks of the group today. Windows are half-open, [from, lifted): support
# given on the day a proscription is lifted no longer counts.


def support_counts(
    proscribed_from: date,
    lifted_on: date | None,
    evidence_dated: date,
    *,
    organisation: str = "the organisation",
) -> Decision:
    """Evidence of support counts only if dated on or after the proscription, before its lifting."""
    evidence = long_date(evidence_dated)
    if evidence_dated < proscribed_from:
        return Decision.refuse(
            f"Does not count: the evidence of support is dated {evidence}, before {organisation} "
            f"was proscribed on {long_date(proscribed_from)}; a proscription never applies to "
            "support given before it took effect."
        )
    if lifted_on is not None and evidence_dated >= lifted_on:
        return Decision.refuse(
            f"Does not count: the evidence of support is dated {evidence}, on or after the "
            f"proscription of {organisation} was lifted on {long_date(lifted_on)}."
        )
    until = f" until {long_date(lifted_on)}" if lifted_on else ""
    return Decision.allow(
        f"Counts: the evidence of support is dated {evidence}, while {organisation} was "
        f"proscribed (from {long_date(proscribed_from)}{until})."
    )


def affiliation_counts(
    affiliated_from: date,
    affiliated_to: date | None,
    proscribed_from: date,
    lifted_on: date | None,
    *,
    organisation: str = "the organisation",
) -> Decision:
    """An affiliation [from, to) counts only for days inside the proscription [from, lifted)."""
    start = max(affiliated_from, proscribed_from)
    ends = [d for d in (affiliated_to, lifted_on) if d is not None]
    end = min(ends) if ends else None
    if end is not None and end <= start:
        return Decision.refuse(
            f"Does not count: the affiliation to {organisation} "
            f"({_span(affiliated_from, affiliated_to)}) does not overlap its proscription "
            f"({_span(proscribed_from, lifted_on)})."
        )
    return Decision.allow(
        f"Counts from {long_date(start)}: the affiliation to {organisation} "
        f"({_span(affiliated_from, affiliated_to)}) overlaps its proscription "
        f"({_span(proscribed_from, lifted_on)}); only the days from {long_date(start)} count."
    )


def _span(start: date, end: date | None) -> str:
    return f"from {long_date(start)}" + (f" until {long_date(end)}" if end else "")


def rule_applies_to_conduct(rule: RuleVersion | date, conduct_on: date) -> Decision:
    """A rule version applies only to conduct on or after the day it took effect."""
    effective_from = rule if isinstance(rule, date) else rule.effective_from
    named = "the rule" if isinstance(rule, date) else rule.cite()
    version = None if isinstance(rule, date) else rule.ref
    if conduct_on < effective_from:
        return Decision.refuse(
            f"Does not apply: the conduct is dated {long_date(conduct_on)}, before {named} took "
            f"effect on {long_date(effective_from)}; no rule applies to conduct before it.",
            rule_version=version,
        )
    return Decision.allow(
        f"Applies: the conduct is dated {long_date(conduct_on)}, on or after {named} took effect "
        f"on {long_date(effective_from)}.",
        rule_version=version,
    )


def cited_version_governs(rulebook: Rulebook, ref: str, conduct_on: date) -> Decision:
    """An allegation must cite the version in force on the conduct date, no earlier or later one."""
    try:
        cited = rulebook.resolve(ref)
        governing = rulebook.in_force(cited.key, conduct_on)
    except RuleNotInForce as missing:
        return Decision.refuse(f"Does not apply: {missing}.", rule_version=ref)
    if cited == governing:
        return rule_applies_to_conduct(cited, conduct_on)
    # A later version is refused too: amending a rule must not reach back to earlier conduct,
    # even when the amendment is harsher only in its wording.
    return Decision.refuse(
        f"Does not apply: the conduct on {long_date(conduct_on)} is governed by "
        f"{governing.cite()}, not by version {cited.version}.",
        rule_version=governing.ref,
    )
