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


def _grace_days(on: date) -> int:
    return load_rulebook().in_force(RuleKey.CONTINUOUS_MEMBERSHIP, on).integer("lapse_grace_days")


def continuous_since_of(periods: Sequence[tuple[date, date | None, str]], grace_days: int,
                        on: date | None = None) -> date | None:
    """The date continuous membership runs from today (rule 'continuous membership')."""
    facts = tuple(PeriodFact(joined_on=j, ended_on=e, end_reason=EndReason(r) if r else None) for (j, e, r) in periods)
    return continuous_since(facts, on or timezone.localdate(), grace_days)


@transaction.atomic
def register_members(*, new_members: Sequence[NewMember], by: Any) -> list[Member]:
    """Add members with their membership history and first status, one ledger event each, in bulk."""
    for new in new_members:
        if new.branch.kind != Unit.Kind.BRANCH:
            raise Refused(f"{new.first_name} {new.last_name}: {new.branch} is not a branch.")
    today, grace = timezone.localdate(), _grace_days(timezone.localdate())
    local_parties: dict[int | None, Unit] = {
        u.pk: u for u in Unit.objects.filter(pk__in={n.branch.parent_id for n in new_members})}
    members = Member.objects.bulk_create(
        [
            Member(membership_number=n.membership_number, account=n.account, first_name=n.first_name,
                   last_name=n.last_name, email=n.email, phone=n.phone, postcode=n.postcode,
                   date_of_birth=n.date_of_birth, branch=n.branch,
                   local_party=local_parties[n.branch.parent_id], status=n.status, paid_up_to=n.paid_up_to,
                   continuous_since=continuous_since_of(n.periods, grace, today))
            for n in new_members
        ],
        batch_size=2000,
    )
    if any(m.pk is None for m in members):  # backends without RETURNING: fetch the ids back
        by_number = dict(Member.objects.filter(
            membership_number__in=[m.membership_number for m in members]).values_list("membership_number", "pk"))
        for m in members:
            m.pk = by_number[m.membership_number]
    pairs = list(zip(members, new_members, strict=True))
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member=m, joined_on=j, ended_on=e, end_reason=r)
         for m, n in pairs for (j, e, r) in n.periods],
        batch_size=5000,
    )
    now = timezone.now()
    MemberStatusChange.objects.bulk_create(
        [MemberStatusChange(member=m, status=m.status, from_on=_status_from(n), changed_at=now,
                            reason="Registered.", by=by) for m, n in pairs],
        batch_size=5000,
    )
    record_many([
        Entry("member.registered", m, {
            "membership_number": m.membership_number, "branch": n.branch.pk, "status": m.status,
            "periods": [[j.isoformat(), e.isoformat() if e else None, r] for (j, e, r) in n.periods],
        }, by)
        for m, n in pairs
    ])
    return members


def _status_from(new: NewMember) -> date:
    """When the registered status began: the last join, or the last leaving for a former member."""
    joined, ended, _ = new.periods[-1]
    return ended if ended is not None and new.status != Member.Status.ACTIVE else joined


@transaction.atomic
def change_member_status(*, member: Member, status: str, from_on: date, reason: str, by: Any,
                         rule_version: str = "") -> Member:
    """Move a member to a new status from a date, with reasons; the history keeps every step."""
    if status not in Member.Status.values:
        raise Refused(f"'{status}' is not a membership status.")
    if not reason.strip():
        raise Refused("A change of membership status needs written reasons.")
    if status == member.status:
        raise Refused(f"{member.name} is already {member.get_status_display().lower()}.")
    last = member.status_changes.order_by("-from_on", "-id").first()
    if last is not None and from_on < last.from_on:
        raise Refused(f"The status cannot change from {from_on:%-d %B %Y}: the last change was recorded "
                      f"from {last.from_on:%-d %B %Y}.")
    updated = Member.objects.filter(pk=member.pk, status=member.status).update(status=status)
    if not updated:
        raise Refused(f"{member.name}'s record changed while you were looking at it; reload and try again.")
    MemberStatusChange.objects.create(member=member, status=status, from_on=from_on, changed_at=timezone.now(),
                                      reason=reason, by=by, rule_version=rule_version)
    record("member.status_changed", member, {"from": member.status, "to": status, "from_on": from_on.isoformat(),
                                             "reason": reason}, by=by, rule_version=rule_version)
    member.status = status
    return member


@transaction.atomic
def record_affiliation(*, member: Member, organisation: Organisation, from_on: date, to_on: date | None,
                       evidence: str, by: Any) -> Affiliation:
    if to_on is not None and to_on <= from_on:
        raise Refused("An affiliation must end after it begins.")
    affiliation = Affiliation.objects.create(member=member, organisation=organisation, from_on=from_on,
                                             to_on=to_on, evidence=evidence, recorded_by=by)
    record("member.affiliation_recorded", member, {
        "organisation": organisation.pk, "from_on": from_on.isoformat(),
        "to_on": to_on.isoformat() if to_on else None, "evidence": evidence}, by=by)
    return affiliation
