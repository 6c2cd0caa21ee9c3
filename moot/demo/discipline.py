"""Demo cases, built through the discipline services so every step is in the ledger as it would be."""

from __future__ import annotations

import random
from datetime import date, timedelta

from moot.accounts.models import User
from moot.discipline import services, suspensions
from moot.discipline.models import Case
from moot.members.models import Member


def build_discipline(rng: random.Random, as_of: date) -> None:
    """Morgan Member answers a notice (respond-by still open); another member is suspended pending a case."""

    def person(key: str) -> User:
        return User.objects.get(email=f"{key}@demo.moot.test")

    case_officer, morgan = person("case-officer"), person("member")
    complainant, investigator = person("branch-officer"), person("regional-staff")
    case = services.lodge_complaint(
        respondent=morgan.member,
        summary="Posted a colleague's home address on social media during the selection.",
        source=Case.Source.MEMBER,
        by=complainant,
        today=as_of - timedelta(days=20),
    )
    services.triage(
        case=case,
        by=case_officer,
        reasons="A serious allegation with evidence offered.",
        today=as_of - timedelta(days=19),
    )
    services.add_allegation(
        case=case,
        by=case_officer,
        text="Published another member's home address without consent.",
        conduct_on=as_of - timedelta(days=30),
        rule_key="conduct",
        today=as_of - timedelta(days=19),
    )
    services.add_evidence(
        case=case,
        by=case_officer,
        content=b"Screenshot of the post (demo).",
        filename="screenshot.txt",
        description="Screenshot of the post",
        dated_on=as_of - timedelta(days=30),
    )
    services.open_investigation(case=case, by=case_officer, investigator=investigator, today=as_of - timedelta(days=18))
    services.serve_notice(case=case, by=case_officer, today=as_of - timedelta(days=3))
    services.record_delivery(
        case=case, by=case_officer, delivered_on=as_of - timedelta(days=2), today=as_of - timedelta(days=2)
    )

    # A second member, in another branch, suspended pending a case: the interim list and oversight show it.
    others = Member.objects.filter(status=Member.Status.ACTIVE, account__isnull=True).order_by("pk")
    respondent = others[rng.randrange(min(others.count(), 1000))]
    second = services.lodge_complaint(
        respondent=respondent,
        summary="Threatened a canvasser.",
        source=Case.Source.STAFF,
        by=case_officer,
        complainant_name="A canvasser",
        complainant_email="canvasser@example.org",
        today=as_of - timedelta(days=12),
    )
    services.triage(
        case=second,
        by=case_officer,
        reasons="Threats: suspend pending investigation.",
        today=as_of - timedelta(days=11),
    )
    services.add_allegation(
        case=second,
        by=case_officer,
        text="Threatened a canvasser at a street stall.",
        conduct_on=as_of - timedelta(days=14),
        rule_key="conduct",
        today=as_of - timedelta(days=11),
    )
    services.open_investigation(
        case=second, by=case_officer, investigator=investigator, today=as_of - timedelta(days=11)
    )
    suspensions.impose_interim_suspension(
        case=second,
        by=case_officer,
        today=as_of - timedelta(days=10),
        reasons="Risk to volunteers while the threat is investigated.",
    )
