"""Deadlines, notice periods, quorum and requisition thresholds: the rules' arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from math import ceil

from moot.core.rules.dates import add_days, add_months, add_years, days_between, long_date, plural
from moot.core.rules.decision import Decision
from moot.core.rules.defaults import RuleKey
from moot.core.rules.versions import Rulebook, RuleVersion

__all__ = [
    "Deadline",
    "NoticeKind",
    "add_days",
    "appeal_by",
    "appeal_in_time",
    "convene_by",
    "interim_suspension_lapsed",
    "maximum_end",
    "notice_given_in_time",
    "notice_in_time",
    "quorum_met",
    "quorum_required",
    "readmission_from",
    "readmission_may_be_considered",
    "renewal_allowed",
    "requisition_threshold_met",
    "respond_by",
    "response_window_closed",
    "review_by",
    "send_notice_by",
]

# Which version sets a deadline: the one in force on the day of the act that starts the clock
# (the day a suspension is imposed, a notice served, a decision made). The person affected can
# rely on the deadline they were given; a later amendment does not move it.


@dataclass(frozen=True)
class Deadline:
    """A date the rules set, the version that set it, and a sentence saying so."""

    on: date
    rule_version: str
    reason: str


def _deadline(on: date, rule: RuleVersion, reason: str) -> Deadline:
    return Deadline(on=on, rule_version=rule.ref, reason=f"{reason} under {rule.cite()}.")


class NoticeKind(StrEnum):
    """Notices whose minimum period the rulebook sets."""

    AGM_TO_UNITS = "agm_to_units"
    AGM_TO_MEMBERS = "agm_to_members"
    ORDINARY_MEETING = "ordinary_meeting"


def _notice_rule(kind: NoticeKind, rulebook: Rulebook, on: date) -> tuple[RuleVersion, int]:
    if kind is NoticeKind.ORDINARY_MEETING:
        rule = rulebook.in_force(RuleKey.MEETING_NOTICE, on)
        return rule, rule.integer("days")
    rule = rulebook.in_force(RuleKey.AGM_NOTICE, on)
    name = "units_days" if kind is NoticeKind.AGM_TO_UNITS else "members_days"
    return rule, rule.integer(name)


def notice_given_in_time(sent_on: date, meeting_on: date, days: int, rule: RuleVersion | None = None) -> Decision:
    """Notice is in time if sent at least `days` days before (sent 1st, meeting 8th: 7 days)."""
    # Counted as the difference of the two dates, not as "clear days": the rulebook's words are
    # "at least 7 days before", and the latest sending date is then simply meeting_on - days.
    given = days_between(sent_on, meeting_on)
    latest = add_days(meeting_on, -days)
    under = f" under {rule.cite()}" if rule else ""
    ref = rule.ref if rule else None
    text = (
        f"notice sent on {long_date(sent_on)} for the meeting on {long_date(meeting_on)} gives "
        f"{plural(given, 'day')}; at least {plural(days, 'day')} {'is' if days == 1 else 'are'} "
        f"required{under}, "
        f"so notice had to be sent by {long_date(latest)}."
    )
    if given >= days:
        return Decision.allow(f"In time: {text}", rule_version=ref)
    return Decision.refuse(f"Too late: {text}", rule_version=ref)


def notice_in_time(kind: NoticeKind, sent_on: date, meeting_on: date, rulebook: Rulebook) -> Decision:
    """Notice of a meeting judged by the version in force on the day it was sent."""
    rule, days = _notice_rule(kind, rulebook, sent_on)
    return notice_given_in_time(sent_on, meeting_on, days, rule)


def send_notice_by(kind: NoticeKind, meeting_on: date, rulebook: Rulebook, today: date) -> Deadline:
    """The last day to send notice of a meeting, under the version in force today."""
    rule, days = _notice_rule(kind, rulebook, today)
    return _deadline(
        add_days(meeting_on, -days),
        rule,
        f"Notice must be sent {plural(days, 'day')} before the meeting on {long_date(meeting_on)}",
    )


def maximum_end(imposed_on: date, rulebook: Rulebook) -> Deadline:
    """The day an interim suspension ends at the latest, however often it is renewed."""
    rule = rulebook.in_force(RuleKey.INTERIM_SUSPENSION, imposed_on)
    months = rule.integer("maximum_months")
    return _deadline(
        add_months(imposed_on, months),
        rule,
        f"An interim suspension imposed on {long_date(imposed_on)} may last at most {plural(months, 'month')}",
    )


def review_by(imposed_on: date, rulebook: Rulebook, renewed_on: date | None = None) -> Deadline:
    """The day an interim suspension lapses unless renewed; never past its maximum end."""
    # Both limits come from the version in force when it was imposed: a renewal does not
    # let a later, harsher version extend a suspension that began under a gentler one.
    rule = rulebook.in_force(RuleKey.INTERIM_SUSPENSION, imposed_on)
    start = renewed_on or imposed_on
    days = rule.integer("review_days")
    limit = maximum_end(imposed_on, rulebook)
    due = min(add_days(start, days), limit.on)
    verb = "renewed" if renewed_on else "imposed"
    capped = " (its maximum end)" if due == limit.on else ""
    return _deadline(
        due,
        rule,
        f"An interim suspension {verb} on {long_date(start)} must be reviewed by {long_date(due)}{capped} or it lapses",
    )


def interim_suspension_lapsed(review_on: date, today: date) -> Decision:
    """Allowed means lapsed: the review date passed unrenewed (renewal is possible on the day)."""
    if today > review_on:
        return Decision.allow(
            f"Lapsed: the suspension was due for review by {long_date(review_on)} and was not "
            "renewed; the member is restored."
        )
    return Decision.refuse(f"Not lapsed: the suspension may be reviewed and renewed until {long_date(review_on)}.")


def renewal_allowed(imposed_on: date, current_review_on: date, renewed_on: date, rulebook: Rulebook) -> Decision:
    """A suspension may be renewed only before it has lapsed and before its maximum end."""
    limit = maximum_end(imposed_on, rulebook)
    if renewed_on > current_review_on:
        return Decision.refuse(
            f"Refused: the suspension lapsed after {long_date(current_review_on)} without renewal; "
            "a lapsed suspension cannot be renewed.",
            rule_version=limit.rule_version,
        )
    if renewed_on >= limit.on:
        return Decision.refuse(
            f"Refused: the suspension reached its maximum end on {long_date(limit.on)}; the case "
            f"must be decided or the suspension ended. {limit.reason}",
            rule_version=limit.rule_version,
        )
    following = review_by(imposed_on, rulebook, renewed_on=renewed_on)
    return Decision.allow(
        f"Renewal allowed: next review by {long_date(following.on)}. {following.reason}",
        rule_version=following.rule_version,
    )


def respond_by(served_on: date, rulebook: Rulebook) -> Deadline:
    """The last day to respond to a notice of allegations."""
    rule = rulebook.in_force(RuleKey.ALLEGATION_RESPONSE, served_on)
    days = rule.integer("days")
    return _deadline(
        add_days(served_on, days),
        rule,
        f"A notice of allegations served on {long_date(served_on)} may be answered within {plural(days, 'day')}",
    )


def response_window_closed(
    served_on: date, today: date, rulebook: Rulebook, responded_on: date | None = None
) -> Decision:
    """No decision before the response arrives or the window closes (the day after respond_by)."""
    deadline = respond_by(served_on, rulebook)
    if responded_on is not None:
        return Decision.allow(
            f"The member responded on {long_date(responded_on)}.",
            rule_version=deadline.rule_version,
        )
    if today > deadline.on:
        return Decision.allow(
            f"No response was received by {long_date(deadline.on)}; the window has closed.",
            rule_version=deadline.rule_version,
        )
    return Decision.refuse(
        f"Refused: the member may respond until {long_date(deadline.on)}; no decision may be "
        f"taken before the response window closes. {deadline.reason}",
        rule_version=deadline.rule_version,
    )


def appeal_by(decided_on: date, rulebook: Rulebook) -> Deadline:
    """The last day to lodge an appeal against a decision."""
    rule = rulebook.in_force(RuleKey.APPEAL, decided_on)
    days = rule.integer("days")
    return _deadline(
        add_days(decided_on, days),
        rule,
        f"An appeal against the decision of {long_date(decided_on)} may be lodged within {plural(days, 'day')}",
    )


def appeal_in_time(decided_on: date, lodged_on: date, rulebook: Rulebook) -> Decision:
    """An appeal is in time if lodged on or before appeal_by."""
    deadline = appeal_by(decided_on, rulebook)
    if lodged_on <= deadline.on:
        return Decision.allow(
            f"In time: appeal lodged on {long_date(lodged_on)}. {deadline.reason}",
            rule_version=deadline.rule_version,
        )
    return Decision.refuse(
        f"Too late: appeal lodged on {long_date(lodged_on)}, after {long_date(deadline.on)}. {deadline.reason}",
        rule_version=deadline.rule_version,
    )


def convene_by(requisition_received_on: date, rulebook: Rulebook) -> Deadline:
    """The day by which a valid requisition's special meeting must be held."""
    rule = rulebook.in_force(RuleKey.REQUISITION, requisition_received_on)
    days = rule.integer("convene_within_days")
    return _deadline(
        add_days(requisition_received_on, days),
        rule,
        f"A special meeting requisitioned on {long_date(requisition_received_on)} must be held "
        f"within {plural(days, 'day')}",
    )


def readmission_from(expelled_on: date, rulebook: Rulebook) -> Deadline:
    """The first day an expelled person may be considered for readmission."""
    rule = rulebook.in_force(RuleKey.READMISSION, expelled_on)
    years = rule.integer("years")
    return _deadline(
        add_years(expelled_on, years),
        rule,
        f"A person expelled on {long_date(expelled_on)} may apply for readmission after {plural(years, 'year')}",
    )


def readmission_may_be_considered(expelled_on: date, applied_on: date, rulebook: Rulebook) -> Decision:
    """A readmission application is considered only on or after readmission_from."""
    opens = readmission_from(expelled_on, rulebook)
    if applied_on >= opens.on:
        return Decision.allow(
            f"May be considered: applied on {long_date(applied_on)}. {opens.reason}",
            rule_version=opens.rule_version,
        )
    return Decision.refuse(
        f"Too early: applied on {long_date(applied_on)}; applications open on {long_date(opens.on)}. {opens.reason}",
        rule_version=opens.rule_version,
    )


def quorum_required(eligible: int, rule: RuleVersion) -> int:
    """The quorum: the share of those entitled (rounded up) or the fixed number, if fewer."""
    # Rounded up: "one tenth of 95 members" is met by 10 present, never by 9.
    by_share = ceil(Fraction(eligible) * rule.share("share"))
    return min(by_share, rule.integer("fixed_number"))


def quorum_met(present: int, eligible: int, rule: RuleVersion) -> Decision:
    """Whether enough eligible members are present for a general meeting to do business."""
    required = quorum_required(eligible, rule)
    text = f"{present} present of {eligible} entitled to attend; the quorum under {rule.cite()} is {required}."
    if present >= required:
        return Decision.allow(f"Quorate: {text}", rule_version=rule.ref)
    return Decision.refuse(f"Not quorate: {text}", rule_version=rule.ref)


def requisition_threshold_met(
    signatures_valid: int,
    members_eligible: int,
    units_supporting: int,
    units_total: int,
    rule: RuleVersion,
) -> Decision:
    """A requisition is valid when backed by the rule's share of units or of eligible members."""
    units_share, members_share = rule.share("units_share"), rule.share("members_share")
    # Exact comparison of fractions: 217 of 650 units is one third or more only if 217 * 3 >= 650.
    by_units = units_total > 0 and Fraction(units_supporting, units_total) >= units_share
    by_members = members_eligible > 0 and (Fraction(signatures_valid, members_eligible) >= members_share)
    units_text = (
        f"{units_supporting} of {units_total} units support it (needed: {units_share} of units, "
        f"{ceil(units_total * units_share)})"
    )
    members_text = (
        f"{signatures_valid} valid signatures of {members_eligible} members entitled to sign "
        f"(needed: {members_share} of members, {ceil(members_eligible * members_share)})"
    )
    text = f"{units_text}; {members_text}; under {rule.cite()}."
    if by_units or by_members:
        return Decision.allow(f"Valid requisition: {text}", rule_version=rule.ref)
    return Decision.refuse(f"Not enough support: {text}", rule_version=rule.ref)
