"""Facts about a member as the rules see them, and continuous membership derived from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from moot.core.rules.purposes import Unit, UnitKind

# Every period in this module is half-open, [start, end): a member whose membership `ended_on`
# 1 May is not a member on 1 May, and a suspension `to_on` 1 May is over on 1 May. One
# convention everywhere means "the day before, the day of, the day after" tests mean one thing.


class Status(StrEnum):
    """A member's status, as recorded by the membership services."""

    PROVISIONAL = "provisional"
    ACTIVE = "active"
    ARREARS = "arrears"
    LAPSED = "lapsed"
    RESIGNED = "resigned"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"
    EXCLUDED = "excluded"


# Statuses in which a person takes part at all (other checks may still refuse them).
IN_GOOD_STANDING = frozenset({Status.PROVISIONAL, Status.ACTIVE, Status.ARREARS})


class EndReason(StrEnum):
    """Why a membership period ended."""

    LAPSED = "lapsed"
    RESIGNED = "resigned"
    EXPELLED = "expelled"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class MembershipPeriod:
    """One unbroken stretch of membership [joined_on, ended_on), and why it ended."""

    joined_on: date
    ended_on: date | None = None
    end_reason: EndReason | None = None

    def __post_init__(self) -> None:
        if (self.ended_on is None) != (self.end_reason is None):
            raise ValueError("a membership period that ended needs its end reason, and only then")
        if self.ended_on is not None and self.ended_on < self.joined_on:
            raise ValueError("a membership period cannot end before it began")

    def covers(self, day: date) -> bool:
        return self.joined_on <= day and (self.ended_on is None or day < self.ended_on)


@dataclass(frozen=True)
class StatusChange:
    """The member's status became `status` on `from_on`."""

    status: Status
    from_on: date


@dataclass(frozen=True)
class DatedSpan:
    """A suspension or similar span [from_on, to_on); to_on None while it is open."""

    from_on: date
    to_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.from_on <= day and (self.to_on is None or day < self.to_on)


@dataclass(frozen=True)
class Affiliation:
    """Membership of or support for an organisation, from/to dates; evidence lives elsewhere."""

    organisation_id: int
    from_on: date
    to_on: date | None = None


@dataclass(frozen=True)
class OfficeHeld:
    """An office held in a unit, [from_on, to_on)."""

    post: str
    unit: Unit
    from_on: date
    to_on: date | None = None


@dataclass(frozen=True)
class MemberFacts:
    """Everything eligibility reads about one member; built by the Django side from the register."""

    periods: tuple[MembershipPeriod, ...]
    status: Status
    status_history: tuple[StatusChange, ...] = ()
    date_of_birth: date | None = None
    home_branch_id: int | None = None
    local_party_id: int | None = None
    paid_up_to: date | None = None
    affiliations: tuple[Affiliation, ...] = ()
    suspensions: tuple[DatedSpan, ...] = ()
    offices: tuple[OfficeHeld, ...] = ()

    def status_on(self, day: date) -> Status | None:
        """The status recorded on `day`; the current status when no history is given."""
        if not self.status_history:
            return self.status
        found: StatusChange | None = None
        for change in sorted(self.status_history, key=lambda c: c.from_on):
            if change.from_on <= day:
                found = change
        return found.status if found else None

    def status_since(self, day: date) -> date | None:
        """The date the status held on `day` was recorded, when the history says."""
        dates = [c.from_on for c in self.status_history if c.from_on <= day]
        return max(dates) if dates else None

    def period_on(self, day: date) -> MembershipPeriod | None:
        """The membership period covering `day`, if any."""
        for period in self.periods:
            if period.covers(day):
                return period
        return None

    def suspension_on(self, day: date) -> DatedSpan | None:
        """The suspension covering `day`, if any."""
        for span in self.suspensions:
            if span.covers(day):
                return span
        return None

    def belongs_to(self, unit: Unit) -> bool:
        """Whether the unit is the member's home branch or local party (everyone is national)."""
        if unit.kind is UnitKind.NATIONAL:
            return True
        if unit.kind is UnitKind.BRANCH:
            return self.home_branch_id == unit.id
        return self.local_party_id == unit.id


def continuous_since(periods: tuple[MembershipPeriod, ...], on: date, lapse_grace_days: int) -> date | None:
    """The date from which membership has been continuous up to `on`; None if not a member."""
    ordered = sorted(periods, key=lambda p: p.joined_on)
    current = next((p for p in reversed(ordered) if p.covers(on)), None)
    if current is None:
        return None
    since = current.joined_on
    earlier = [p for p in ordered if p.joined_on < since]
    for previous in reversed(earlier):
        # Walk back while there is no day without membership, or the gap is a lapse renewed
        # within the grace period. Only a lapse is forgiven: a resignation, expulsion or exclusion
        # followed by a gap is a deliberate break and starts continuity afresh. A forgiven gap
        # counts as membership, so the member is continuous since the chain's first join.
        if previous.ended_on is not None and previous.ended_on < since:
            gap = (since - previous.ended_on).days
            if previous.end_reason is not EndReason.LAPSED or gap > lapse_grace_days:
                break
        since = min(since, previous.joined_on)
    return since


def break_before(periods: tuple[MembershipPeriod, ...], since: date) -> MembershipPeriod | None:
    """The period whose ending broke continuity just before `since`, to name it in a reason."""
    ended = [p for p in periods if p.ended_on is not None and p.ended_on <= since]
    return max(ended, key=lambda p: p.ended_on or since, default=None)


def age_on(born_on: date, day: date) -> int:
    """Completed years of age on `day`; a 29 February birthday falls on 1 March in common years."""
    before_birthday = (day.month, day.day) < (born_on.month, born_on.day)
    return day.year - born_on.year - (1 if before_birthday else 0)
