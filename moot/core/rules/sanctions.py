"""Sanctions the rulebook allows for a finding: never heavier than the rules at the conduct date."""

from __future__ import annotations

from datetime import date

from moot.core.rules.dates import long_date
from moot.core.rules.decision import Decision
from moot.core.rules.defaults import RuleKey
from moot.core.rules.versions import Rulebook, RuleNotInForce, RuleParameterError, RuleVersion


def sanctions_allowed(rule: RuleVersion, finding: str) -> tuple[str, ...]:
    """The sanctions one version allows for a finding; none for a finding it does not name."""
    try:
        return rule.choices(finding)
    except RuleParameterError:
        return ()


def sanction_allowed(
    rulebook: Rulebook,
    *,
    finding: str,
    sanction: str,
    conduct_on: date,
    decided_on: date,
    months: int | None = None,
) -> Decision:
    """A sanction must be allowed by the versions in force on the conduct date and decision date."""
    # The conduct-date version forbids a penalty heavier than the one the member could have known
    # of (no retroactivity); the decision-date version forbids one the organisation has since
    # abolished. Requiring both is the fairer reading of "a sanction the rulebook allows".
    try:
        then = rulebook.in_force(RuleKey.SANCTIONS, conduct_on)
        now = rulebook.in_force(RuleKey.SANCTIONS, decided_on)
    except RuleNotInForce as missing:
        return Decision.refuse(f"Refused: {missing}.")
    refs = "; ".join(dict.fromkeys((then.ref, now.ref)))
    # One version when nothing changed in between, so a refusal is not said twice.
    judged = [(then, conduct_on)] + ([(now, decided_on)] if now != then else [])
    refusals = [
        f"Refused: {rule.cite()}, in force on {long_date(day)}, does not allow '{sanction}' "
        f"for the finding '{finding}'{_listing(sanctions_allowed(rule, finding))}."
        for rule, day in judged
        if sanction not in sanctions_allowed(rule, finding)
    ]
    if sanction == "suspension":
        refusals.extend(_period_refusals(then, now, months))
    if refusals:
        return Decision.refuse(*refusals, rule_version=refs)
    period = f" for {months} months" if months else ""
    return Decision.allow(
        f"Allowed: '{sanction}'{period} for the finding '{finding}' under {then.cite()}.",
        rule_version=refs,
    )


def _listing(allowed: tuple[str, ...]) -> str:
    if not allowed:
        return "; it allows no sanction for that finding"
    return "; it allows: " + ", ".join(allowed)


def _period_refusals(then: RuleVersion, now: RuleVersion, months: int | None) -> list[str]:
    """A suspension needs a period, within the shorter of the two versions' maximums."""
    limit = min(then.integer("suspension_max_months"), now.integer("suspension_max_months"))
    if months is None or months < 1:
        return ["Refused: a suspension must state its length in months."]
    if months > limit:
        return [f"Refused: a suspension may last at most {limit} months; {months} were given."]
    return []
