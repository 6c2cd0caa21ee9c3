"""Every write to the register (issue 4 adds status changes, imports and affiliations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from moot.core.rules import Refused
from moot.ledger.services import Entry, record_many
from moot.members.models import Member, MembershipPeriod
from moot.organisation.models import Unit


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


@transaction.atomic
def register_members(*, new_members: Sequence[NewMember], by: Any) -> list[Member]:
    """Add members with their membership history, one ledger event each, in bulk."""
    for new in new_members:
        if new.branch.kind != Unit.Kind.BRANCH:
            raise Refused(f"{new.first_name} {new.last_name}: {new.branch} is not a branch.")
    local_parties: dict[int | None, Unit] = {
        u.pk: u for u in Unit.objects.filter(pk__in={n.branch.parent_id for n in new_members})}
    members = Member.objects.bulk_create(
        [
            Member(membership_number=n.membership_number, account=n.account, first_name=n.first_name,
                   last_name=n.last_name, email=n.email, phone=n.phone, postcode=n.postcode,
                   date_of_birth=n.date_of_birth, branch=n.branch,
                   local_party=local_parties[n.branch.parent_id], status=n.status, paid_up_to=n.paid_up_to)
            for n in new_members
        ],
        batch_size=2000,
    )
    if any(m.pk is None for m in members):  # backends without RETURNING: fetch the ids back
        by_number = dict(Member.objects.filter(
            membership_number__in=[m.membership_number for m in members]).values_list("membership_number", "pk"))
        for m in members:
            m.pk = by_number[m.membership_number]
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member=m, joined_on=j, ended_on=e, end_reason=r)
         for m, n in zip(members, new_members, strict=True) for (j, e, r) in n.periods],
        batch_size=5000,
    )
    record_many([
        Entry("member.registered", m, {
            "membership_number": m.membership_number, "branch": n.branch.pk, "status": m.status,
            "periods": [[j.isoformat(), e.isoformat() if e else None, r] for (j, e, r) in n.periods],
        }, by)
        for m, n in zip(members, new_members, strict=True)
    ])
    return members
