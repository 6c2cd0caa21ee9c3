"""A deterministic synthetic organisation for demos and benchmarks (Faker en_GB, seeded).

Same seed and same `as_of` date → the same organisation, row for row. Everything is written
through the services, so the demo's ledger verifies like a real one.
"""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from moot.accounts import services as accounts
from moot.accounts.models import User
from moot.demo.personas import DEMO_PASSWORD, PERSONAS, Persona
from moot.members.models import Member, MembershipPeriod
from moot.members.services import NewMember, register_members
from moot.organisation import services as organisation
from moot.organisation.models import Body, Unit
from moot.roles import STAFF_ROLES, Role

REGIONS = (
    "Scotland",
    "Wales",
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
_BATCH = 20_000


@dataclass
class DemoSummary:
    members: int = 0
    local_parties: int = 0
    branches: int = 0
    personas: list[tuple[Persona, str | None]] = field(default_factory=list)  # persona, TOTP secret


def demo_exists() -> bool:
    return Unit.objects.filter(code="national").exists()


def totp_secret(seed: int, email: str) -> str:
    """A demo TOTP secret derived from the seed, so the printed secret stays valid across runs."""
    raw = hashlib.sha256(f"moot-demo:{seed}:{email}".encode()).digest()[:20]
    return base64.b32encode(raw).decode()


def build_demo(*, members: int, seed: int, as_of: date, progress: Callable[[str], None] = print) -> DemoSummary:
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    summary = DemoSummary()
    with transaction.atomic():
        national, regions, local_parties, branches = _build_units(rng, fake, members, summary)
    progress(f"units: {len(regions)} regions, {len(local_parties)} local parties, {len(branches)} branches")
    numbers = iter(range(1, members + 1))
    for start in range(0, members, _BATCH):
        with transaction.atomic():
            size = min(_BATCH, members - start)
            batch = [_new_member(rng, fake, next(numbers), branches, as_of) for _ in range(size)]
            register_members(new_members=batch, by=None)
        progress(f"members: {min(start + _BATCH, members)} of {members}")
    summary.members = members
    with transaction.atomic():
        _appoint_officers(rng, fake, local_parties, branches, as_of)
        summary.personas = _build_personas(seed, national, regions, local_parties, branches, as_of)
    with transaction.atomic():
        from moot.demo.discipline import build_discipline

        build_discipline(rng, as_of)
    progress("discipline: two open cases, one interim suspension")
    return summary


def _build_units(
    rng: random.Random, fake: Faker, members: int, summary: DemoSummary
) -> tuple[Unit, list[Unit], list[Unit], list[Unit]]:
    national = organisation.create_unit(
        kind=Unit.Kind.NATIONAL, name="The Demo Party", code="national", parent=None, by=None
    )
    for kind, name, seats in (
        (Body.Kind.NATIONAL_EXECUTIVE, "National Executive Committee", 39),
        (Body.Kind.DISCIPLINARY_COMMITTEE, "National Disciplinary Committee", 11),
        (Body.Kind.CONFERENCE_ARRANGEMENTS, "Conference Arrangements Committee", 7),
    ):
        organisation.create_body(unit=national, kind=kind, name=name, seats=seats, by=None)
    regions = [
        organisation.create_unit(kind=Unit.Kind.REGION, name=name, code=f"region-{i + 1:02d}", parent=national, by=None)
        for i, name in enumerate(REGIONS)
    ]
    local_parties, branches, names = [], [], _unique_names(fake)
    for i in range(max(2, round(members / 800))):
        # The first two local parties share a region, so the demo shows regional scope over two.
        region = regions[0] if i < 2 else rng.choice(regions)
        lp = organisation.create_unit(
            kind=Unit.Kind.LOCAL_PARTY,
            name=f"{next(names)} Local Party",
            code=f"lp-{i + 1:03d}",
            parent=region,
            by=None,
        )
        organisation.create_body(
            unit=lp, kind=Body.Kind.LOCAL_EXECUTIVE, name=f"{lp.name} Executive Committee", seats=12, by=None
        )
        organisation.create_body(
            unit=lp, kind=Body.Kind.GENERAL_MEETING, name=f"{lp.name} General Meeting", seats=None, by=None
        )
        local_parties.append(lp)
        for j in range(rng.randint(5, 11)):
            ward = fake.street_name().replace(" ", "-").lower()
            branch = organisation.create_unit(
                kind=Unit.Kind.BRANCH,
                name=f"{fake.street_name()} Branch",
                code=f"br-{i + 1:03d}-{j + 1:02d}-{ward}"[:60],
                parent=lp,
                by=None,
            )
            organisation.create_body(
                unit=branch, kind=Body.Kind.GENERAL_MEETING, name=f"{branch.name} Meeting", seats=None, by=None
            )
            branches.append(branch)
    summary.local_parties, summary.branches = len(local_parties), len(branches)
    return national, regions, local_parties, branches


def _unique_names(fake: Faker) -> Iterator[str]:
    seen: set[str] = set()
    while True:
        name = fake.city()
        if name in seen:
            name = f"{name} {fake.random_element(('North', 'South', 'East', 'West', 'Central'))}"
        if name not in seen:
            seen.add(name)
            yield name


def _join_date(rng: random.Random, as_of: date) -> date:
    # Ten years of history with a surge four to six years back, like the brief's 200k → 500k story.
    if rng.random() < 0.45:
        return as_of - timedelta(days=rng.randint(4 * 365, 6 * 365))
    return as_of - timedelta(days=rng.randint(0, 10 * 365))


def _new_member(rng: random.Random, fake: Faker, number: int, branches: list[Unit], as_of: date) -> NewMember:
    joined = _join_date(rng, as_of)
    periods: list[tuple[date, date | None, str]] = [(joined, None, "")]
    status = Member.Status.PROVISIONAL if (as_of - joined).days < 56 else Member.Status.ACTIVE
    if rng.random() < 0.3:  # about three in ten leave: resigned or lapsed
        left = joined + timedelta(days=rng.randint(60, 6 * 365))
        if left < as_of:
            reason = rng.choice((MembershipPeriod.EndReason.RESIGNED, MembershipPeriod.EndReason.LAPSED))
            periods = [(joined, left, reason)]
            status = Member.Status(reason)
            if rng.random() < 0.15:  # some come back
                rejoined = left + timedelta(days=rng.randint(30, 3 * 365))
                if rejoined < as_of:
                    periods.append((rejoined, None, ""))
                    status = Member.Status.ACTIVE
    if status == Member.Status.ACTIVE and rng.random() < 0.05:
        status = Member.Status.ARREARS
    first, last = fake.first_name(), fake.last_name()
    paid = as_of + timedelta(days=rng.randint(1, 365)) if status == Member.Status.ACTIVE else None
    return NewMember(
        membership_number=f"A{number:07d}",
        first_name=first,
        last_name=last,
        email=f"{first}.{last}.{number}@example.org".lower().replace(" ", "").replace("'", ""),
        phone=fake.phone_number(),
        postcode=fake.postcode(),
        date_of_birth=as_of - timedelta(days=rng.randint(16 * 365, 90 * 365)),
        branch=rng.choice(branches),
        periods=periods,
        status=status,
        paid_up_to=paid,
    )


def _appoint_officers(
    rng: random.Random, fake: Faker, local_parties: list[Unit], branches: list[Unit], as_of: date
) -> None:
    """Chair and secretary of every local party, a secretary for every branch, with accounts."""
    unusable = make_password(None)
    executives = {b.unit_id: b for b in Body.objects.filter(kind=Body.Kind.LOCAL_EXECUTIVE)}
    meetings = {b.unit_id: b for b in Body.objects.filter(kind=Body.Kind.GENERAL_MEETING)}
    posts = [(executives[lp.pk], title) for lp in local_parties for title in ("Chair", "Secretary")]
    posts += [(meetings[b.pk], "Secretary") for b in branches]
    for n, (body, title) in enumerate(posts):
        name = fake.name()
        person = accounts.create_account(
            email=f"officer{n + 1}@example.org", name=name, password=None, password_hash=unusable, by=None
        )
        since = as_of - timedelta(days=rng.randint(30, 4 * 365))
        organisation.appoint_officer(body=body, person=person, title=title, starts_on=since, by=None)


def _build_personas(
    seed: int, national: Unit, regions: list[Unit], local_parties: list[Unit], branches: list[Unit], as_of: date
) -> list[tuple[Persona, str | None]]:
    password = make_password(DEMO_PASSWORD)
    branch = next(b for b in branches if b.parent_id == local_parties[0].pk)
    places: dict[str, Any] = {
        "branch": branch,
        "local_party": local_parties[0],
        "other_local_party": local_parties[1],
        "region": regions[0],
        "national": national,
    }
    since = as_of - timedelta(days=365)
    out = []
    for persona in PERSONAS:
        user = accounts.create_account(
            email=persona.email, name=persona.name, password=None, password_hash=password, by=None
        )
        _make_member(user, branch, since)
        if persona.role == Role.BRANCH_OFFICER:
            body = Body.objects.get(unit=branch, kind=Body.Kind.GENERAL_MEETING)
            organisation.appoint_officer(body=body, person=user, title="Membership officer", starts_on=since, by=None)
        elif persona.role == Role.LOCAL_PARTY_OFFICER:
            body = Body.objects.get(unit=places[persona.where], kind=Body.Kind.LOCAL_EXECUTIVE)
            organisation.appoint_officer(body=body, person=user, title="Membership officer", starts_on=since, by=None)
        elif persona.where in places and persona.role != Role.MEMBER:
            accounts.grant_role(
                person=user,
                role=persona.role,
                unit=places[persona.where],
                starts_on=since,
                reason="Demo persona",
                by=None,
            )
        elif persona.role in (Role.PANEL_MEMBER, Role.NEC_MEMBER):
            panel = persona.role == Role.PANEL_MEMBER
            kind = Body.Kind.DISCIPLINARY_COMMITTEE if panel else Body.Kind.NATIONAL_EXECUTIVE
            body = Body.objects.get(unit=national, kind=kind)
            accounts.grant_role(
                person=user, role=persona.role, body=body, starts_on=since, reason="Demo persona", by=None
            )
        secret = None
        if persona.role in STAFF_ROLES:
            secret = totp_secret(seed, persona.email)
            TOTP.activate(user, secret)
        out.append((persona, secret))
    return out


def _make_member(user: User, branch: Unit, since: date) -> None:
    number = f"D{user.pk:07d}"
    register_members(
        new_members=[
            NewMember(
                membership_number=number,
                first_name=user.name.split()[0],
                last_name=user.name.split()[-1],
                email=user.email,
                branch=branch,
                periods=[(since - timedelta(days=5 * 365), None, "")],
                status=Member.Status.ACTIVE,
                paid_up_to=since + timedelta(days=730),
                account=user,
            )
        ],
        by=None,
    )


def personas_with_secrets(seed: int) -> list[tuple[Persona, str | None]]:
    return [(p, totp_secret(seed, p.email) if p.role in STAFF_ROLES else None) for p in PERSONAS]
