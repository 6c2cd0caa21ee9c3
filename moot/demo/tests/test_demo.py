"""The demo organisation: deterministic for a seed, every role present, a ledger that verifies."""

from __future__ import annotations

import random
from datetime import date

import pytest
from faker import Faker

from moot.accounts.models import User
from moot.demo.builder import _new_member, build_demo
from moot.demo.personas import PERSONAS
from moot.ledger.verify import verify_ledger
from moot.members.models import Member
from moot.organisation.models import Unit
from moot.permissions import roles_of

AS_OF = date(2026, 11, 1)


def _members(seed: int, n: int, branches: list[Unit]) -> list[tuple[object, ...]]:
    rng, fake = random.Random(seed), Faker("en_GB")
    fake.seed_instance(seed)
    out: list[tuple[object, ...]] = []
    for i in range(n):
        m = _new_member(rng, fake, i + 1, branches, AS_OF)
        out.append((m.first_name, m.last_name, m.postcode, m.branch.code, tuple(m.periods), m.status))
    return out


def test_the_same_seed_gives_the_same_members_and_another_seed_does_not() -> None:
    branches = [Unit(code=f"b{i}") for i in range(5)]
    assert _members(7, 300, branches) == _members(7, 300, branches)
    assert _members(7, 300, branches) != _members(8, 300, branches)


def test_membership_history_is_realistic() -> None:
    rows = _members(1, 3000, [Unit(code="b")])
    leavers = [r for r in rows if r[5] in ("lapsed", "resigned")]
    rejoined = [r for r in rows if len(r[4]) == 2]  # type: ignore[arg-type]
    assert 0.15 < len(leavers) / len(rows) < 0.4
    assert rejoined, "some members leave and come back"
    joins = [p[0][0] for p in (r[4] for r in rows)]  # type: ignore[index]
    assert min(joins) >= date(2016, 11, 1) and max(joins) <= AS_OF


@pytest.mark.django_db
def test_build_demo_holds_every_role_and_a_verifiable_ledger() -> None:
    summary = build_demo(members=400, seed=3, as_of=AS_OF, progress=lambda _: None)
    assert Member.objects.filter(membership_number__startswith="A").count() == 400
    assert summary.local_parties == 2 and summary.branches >= 10
    for persona in PERSONAS:
        assert persona.role in roles_of(User.objects.get(email=persona.email)), persona.key
    assert verify_ledger().ok
