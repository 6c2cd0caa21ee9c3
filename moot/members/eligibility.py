"""Eligibility from the register: build the core's MemberFacts and ask moot.core.rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from moot.core.rules import Affiliation as AffiliationFact
from moot.core.rules import (
    BallotKind,
    BeCandidate,
    BeDelegate,
    Decision,
    EndReason,
    MemberFacts,
    MembershipPeriod,
    Purpose,
    SignRequisition,
    StandForOffice,
    Status,
    StatusChange,
    Unit,
    UnitKind,
    VoteAtMeeting,
    VoteInBallot,
    eligibility,
)
from moot.members.models import Member, MemberStatusChange
from moot.members.models import MembershipPeriod as MembershipPeriodRow
from moot.rulebook.selectors import load_rulebook


def facts_of(member: Member) -> MemberFacts:
    """Everything the rules read about one member, as of the register now."""
    return MemberFacts(
        periods=tuple(
            MembershipPeriod(p.joined_on, p.ended_on, EndReason(p.end_reason) if p.end_reason else None)
            for p in member.periods.order_by("joined_on")
        ),
        status=Status(member.status),
        status_history=tuple(
            StatusChange(Status(c.status), c.from_on) for c in member.status_changes.order_by("from_on", "id")
        ),
        date_of_birth=member.date_of_birth,
        home_branch_id=member.branch_id,
        local_party_id=member.local_party_id,
        paid_up_to=member.paid_up_to,
        affiliations=tuple(AffiliationFact(a.organisation_id, a.from_on, a.to_on) for a in member.affiliations.all()),
    )


@dataclass(frozen=True)
class Question:
    """One thing a member may ask "can I?" about, and the answer with its reasons."""

    label: str
    decision: Decision


def standard_purposes(member: Member, on: date) -> list[tuple[str, Purpose]]:
    """The standing questions every member has, judged on `on` (ballots and meetings add their own)."""
    branch = Unit(UnitKind.BRANCH, member.branch_id, member.branch.name)
    local_party = Unit(UnitKind.LOCAL_PARTY, member.local_party_id, member.local_party.name)
    return [
        (
            f"Vote in a selection in {local_party.name} with a freeze date of today",
            VoteInBallot(BallotKind.SELECTION, on, local_party),
        ),
        ("Vote in a national ballot with a freeze date of today", VoteInBallot(BallotKind.NATIONAL, on)),
        (f"Vote at a meeting of {branch.name} today", VoteAtMeeting(branch, on)),
        (f"Sign a requisition to {local_party.name} today", SignRequisition(local_party, on)),
        (f"Stand for office in {local_party.name}", StandForOffice("officer", local_party, on)),
        ("Be a candidate for public office", BeCandidate(on)),
        (f"Be a conference delegate from {local_party.name}", BeDelegate(local_party, on)),
    ]


def eligibility_of(member: Member, on: date) -> list[Question]:
    rulebook, facts = load_rulebook(), facts_of(member)
    return [
        Question(label, eligibility(facts, rulebook, purpose, on)) for label, purpose in standard_purposes(member, on)
    ]


def facts_for(members: QuerySet[Member]) -> dict[int, MemberFacts]:
    """MemberFacts for many members in three queries (affiliations left out: they never decide a vote)."""
    chosen = members.order_by().values("pk")
    periods: dict[int, list[MembershipPeriod]] = defaultdict(list)
    for member_id, joined, ended, reason in (
        MembershipPeriodRow.objects.filter(member_id__in=chosen)
        .order_by("member_id", "joined_on")
        .values_list("member_id", "joined_on", "ended_on", "end_reason")
    ):
        periods[member_id].append(MembershipPeriod(joined, ended, EndReason(reason) if reason else None))
    history: dict[int, list[StatusChange]] = defaultdict(list)
    for member_id, status, from_on in (
        MemberStatusChange.objects.filter(member_id__in=chosen)
        .order_by("member_id", "from_on", "id")
        .values_list("member_id", "status", "from_on")
    ):
        history[member_id].append(StatusChange(Status(status), from_on))
    return {
        pk: MemberFacts(
            periods=tuple(periods[pk]),
            status=Status(status),
            status_history=tuple(history[pk]),
            date_of_birth=born,
            home_branch_id=branch,
            local_party_id=local_party,
            paid_up_to=paid,
        )
        for pk, status, born, branch, local_party, paid in members.order_by().values_list(
            "pk", "status", "date_of_birth", "branch_id", "local_party_id", "paid_up_to"
        )
    }
