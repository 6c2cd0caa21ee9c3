"""Every write to the register: registering members, changing status, affiliations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from moot.core.rules import EndReason, Refused, continuous_since
from moot.core.rules import MembershipPeriod as PeriodFact
from moot.core.rules.defaults import RuleKey
from moot.ledger.services import Entry, record, record_many
from moot.members.models import Affiliation, Member, MembershipPeriod, MemberStatusChange
from moot.organisation.models import Unit
from moot.rulebook.models import Organisation
from moot.rulebook.selectors import load_rulebook


@dataclass
class NewMember:
    membership_number: str
    first_name: str
    last_name: str
    branch: Unit
    periods: list[tuple[date, date | None, str]]  # joined_on, ended_on, end_reason
    status: str = Member.Status.ACTIVE
    email: str = ""
    phone: str = ""
    postcode: str = ""
    date_of_birth: date | None = None
    paid_up_to: date | None = None
    account: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def register_member(*, new: NewMember, by: Any) -> Member:
    return register_members(new_members=[new], by=by)[0]


def grace_days(on: date) -> int:
    """Days a lapsed member has to rejoin without breaking continuous membership, on that date."""
    return load_rulebook().in_force(RuleKey.CONTINUOUS_MEMBERSHIP, on).integer("lapse_grace_days")


def continuous_since_of(
    periods: Sequence[tuple[date, date | None, str]], grace_days: int, on: date | None = None
) -> date | None:
    """The date continuous membership runs from today (rule 'continuous membership')."""
    facts = tuple(PeriodFact(joined_on=j, ended_on=e, end_reason=EndReason(r) if r else None) for (j, e, r) in periods)
    return continuous_since(facts, on or timezone.localdate(), grace_days)


@transaction.atomic
def register_members(*, new_members: Sequence[NewMember], by: Any) -> list[Member]:
    """Add members with their membership history and first status, one ledger event each, in bulk."""
    for new in new_members:
        if new.branch.kind != Unit.Kind.BRANCH:
            raise Refused(f"{new.first_name} {new.last_name}: {new.branch} is not a branch.")
    today, grace = timezone.localdate(), grace_days(timezone.localdate())
    local_parties: dict[int | None, Unit] = {
        u.pk: u for u in Unit.objects.filter(pk__in={n.branch.parent_id for n in new_members})
    }
    members = Member.objects.bulk_create(
        [
            Member(
                membership_number=n.membership_number,
                account=n.account,
                first_name=n.first_name,
                last_name=n.last_name,
                email=n.email,
                phone=n.phone,
                postcode=n.postcode,
                date_of_birth=n.date_of_birth,
                branch=n.branch,
                local_party=local_parties[n.branch.parent_id],
                status=n.status,
                paid_up_to=n.paid_up_to,
                continuous_since=continuous_since_of(n.periods, grace, today),
            )
            for n in new_members
        ],
        batch_size=2000,
    )
    if any(m.pk is None for m in members):  # backends without RETURNING: fetch the ids back
        by_number = dict(
            Member.objects.filter(membership_number__in=[m.membership_number for m in members]).values_list(
                "membership_number", "pk"
            )
        )
        for m in members:
            m.pk = by_number[m.membership_number]
    pairs = list(zip(members, new_members, strict=True))
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(member=m, joined_on=j, ended_on=e, end_reason=r)
            for m, n in pairs
            for (j, e, r) in n.periods
        ],
        batch_size=5000,
    )
    now = timezone.now()
    MemberStatusChange.objects.bulk_create(
        [
            MemberStatusChange(
                member=m, status=m.status, from_on=_status_from(n), changed_at=now, reason="Registered.", by=by
            )
            for m, n in pairs
        ],
        batch_size=5000,
    )
    record_many(
        [
            Entry(
                "member.registered",
                m,
                {
                    "membership_number": m.membership_number,
                    "branch": n.branch.pk,
                    "status": m.status,
                    "periods": [[j.isoformat(), e.isoformat() if e else None, r] for (j, e, r) in n.periods],
                },
                by,
            )
            for m, n in pairs
        ]
    )
    return members


def _status_from(new: NewMember) -> date:
    return status_began(new.periods, new.status)


def status_began(periods: Sequence[tuple[date, date | None, str]], status: str) -> date:
    """When the registered status began: the last join, or the last leaving for a former member."""
    joined, ended, _ = periods[-1]
    return ended if ended is not None and status != Member.Status.ACTIVE else joined


@transaction.atomic
def change_member_status(
    *, member: Member, status: str, from_on: date, reason: str, by: Any, rule_version: str = ""
) -> Member:
    """Move a member to a new status from a date, with reasons; the history keeps every step."""
    if status not in Member.Status.values:
        raise Refused(f"'{status}' is not a membership status.")
    if not reason.strip():
        raise Refused("A change of membership status needs written reasons.")
    if status == member.status:
        raise Refused(f"{member.name} is already {member.get_status_display().lower()}.")
    last = member.status_changes.order_by("-from_on", "-id").first()
    if last is not None and from_on < last.from_on:
        raise Refused(
            f"The status cannot change from {from_on:%-d %B %Y}: the last change was recorded "
            f"from {last.from_on:%-d %B %Y}."
        )
    updated = Member.objects.filter(pk=member.pk, status=member.status).update(status=status)
    if not updated:
        raise Refused(f"{member.name}'s record changed while you were looking at it; reload and try again.")
    MemberStatusChange.objects.create(
        member=member,
        status=status,
        from_on=from_on,
        changed_at=timezone.now(),
        reason=reason,
        by=by,
        rule_version=rule_version,
    )
    record(
        "member.status_changed",
        member,
        {"from": member.status, "to": status, "from_on": from_on.isoformat(), "reason": reason},
        by=by,
        rule_version=rule_version,
    )
    member.status = status
    return member


@transaction.atomic
def record_affiliation(
    *, member: Member, organisation: Organisation, from_on: date, to_on: date | None, evidence: str, by: Any
) -> Affiliation:
    if to_on is not None and to_on <= from_on:
        raise Refused("An affiliation must end after it begins.")
    affiliation = Affiliation.objects.create(
        member=member, organisation=organisation, from_on=from_on, to_on=to_on, evidence=evidence, recorded_by=by
    )
    record(
        "member.affiliation_recorded",
        member,
        {
            "organisation": organisation.pk,
            "from_on": from_on.isoformat(),
            "to_on": to_on.isoformat() if to_on else None,
            "evidence": evidence,
        },
        by=by,
    )
    return affiliation


@transaction.atomic
def record_register_export(*, members: Any, by: Any) -> None:
    """An export of personal data is itself recorded: who took how many members' records, and when."""
    record("member.register_exported", ("members.export", by.pk), {"members": members.count()}, by=by)


def _recompute_continuous_since(member: Member, on: date) -> None:
    periods = [(p.joined_on, p.ended_on, p.end_reason) for p in member.periods.order_by("joined_on")]
    since = continuous_since_of(periods, grace_days(on), on)
    Member.objects.filter(pk=member.pk).update(continuous_since=since)
    member.continuous_since = since


@transaction.atomic
def end_membership(*, member: Member, on: date, end_reason: str, by: Any) -> Member:
    """Close the open membership period (expulsion, exclusion): continuous membership stops on that day."""
    if end_reason not in MembershipPeriod.EndReason.values:
        raise Refused(f"'{end_reason}' is not a reason a membership ends.")
    current = member.periods.filter(ended_on__isnull=True).order_by("-joined_on").first()
    if current is None:
        raise Refused(f"{member.name} has no open membership period to end.")
    if on < current.joined_on:
        raise Refused(f"The membership cannot end on {on:%-d %B %Y}, before it began on {current.joined_on:%-d %B %Y}.")
    MembershipPeriod.objects.filter(pk=current.pk).update(ended_on=on, end_reason=end_reason)
    _recompute_continuous_since(member, on)
    record(
        "member.period_ended",
        member,
        {"joined_on": current.joined_on.isoformat(), "ended_on": on.isoformat(), "end_reason": end_reason},
        by=by,
    )
    return member


@transaction.atomic
def start_membership(*, member: Member, on: date, by: Any) -> Member:
    """Open a new membership period (readmission): continuous membership starts again from that day."""
    if member.periods.filter(ended_on__isnull=True).exists():
        raise Refused(f"{member.name} is already a member.")
    last = member.periods.order_by("-joined_on").first()
    if last is not None and last.ended_on is not None and on < last.ended_on:
        raise Refused(f"A new membership cannot begin before the last one ended on {last.ended_on:%-d %B %Y}.")
    MembershipPeriod.objects.create(member=member, joined_on=on)
    _recompute_continuous_since(member, on)
    record("member.period_started", member, {"joined_on": on.isoformat()}, by=by)
    return member
