"""Shared fixtures: a small organisation built through the services, and personas holding every role.

Two local parties (A and B) in two regions let every test prove that scope holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from moot.accounts.models import User
    from moot.organisation.models import Body, Unit

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright

# Locally hypothesis explores new examples on every run; in CI it replays a fixed set, so a
# landing is never decided by the luck of the draw (found failures become @example cases).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SINCE = date(2024, 1, 1)
PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True, scope="session")
def _ledger_triggers_survive_flush() -> Any:
    """Transactional tests empty every table afterwards; the ledger's triggers would refuse that."""
    from django.core.management.commands import flush
    from django.db import connection

    from moot.ledger import triggers

    original = flush.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        triggers.remove(connection)
        try:
            return original(self, *args, **options)
        finally:
            triggers.install(connection)

    flush.Command.handle = handle  # type: ignore[method-assign]
    yield
    flush.Command.handle = original  # type: ignore[method-assign]


@dataclass
class Org:
    national: Unit
    region_a: Unit
    region_b: Unit
    lp_a: Unit
    lp_b: Unit
    branch_a1: Unit
    branch_a2: Unit
    branch_b1: Unit
    disciplinary_committee: Body


def _unit(kind: str, name: str, parent: Unit | None) -> Unit:
    from moot.organisation import services as organisation

    code = name.lower().replace(" ", "-")
    return organisation.create_unit(kind=kind, name=name, code=code, parent=parent, by=None)


@pytest.fixture
def org(db: Any) -> Org:
    from moot.organisation import services as organisation
    from moot.organisation.models import Body, Unit

    national = _unit(Unit.Kind.NATIONAL, "National Party", None)
    dc = organisation.create_body(
        unit=national, kind=Body.Kind.DISCIPLINARY_COMMITTEE, name="National Disciplinary Committee", seats=11, by=None
    )
    region_a = _unit(Unit.Kind.REGION, "Region A", national)
    region_b = _unit(Unit.Kind.REGION, "Region B", national)
    lp_a = _unit(Unit.Kind.LOCAL_PARTY, "Local Party A", region_a)
    lp_b = _unit(Unit.Kind.LOCAL_PARTY, "Local Party B", region_b)
    for lp in (lp_a, lp_b):
        organisation.create_body(
            unit=lp, kind=Body.Kind.LOCAL_EXECUTIVE, name=f"{lp.name} Executive", seats=12, by=None
        )
    a1 = _unit(Unit.Kind.BRANCH, "Branch A1", lp_a)
    a2 = _unit(Unit.Kind.BRANCH, "Branch A2", lp_a)
    b1 = _unit(Unit.Kind.BRANCH, "Branch B1", lp_b)
    for branch in (a1, a2, b1):
        organisation.create_body(
            unit=branch, kind=Body.Kind.GENERAL_MEETING, name=f"{branch.name} Meeting", seats=None, by=None
        )
    return Org(national, region_a, region_b, lp_a, lp_b, a1, a2, b1, dc)


def make_person(name: str, *, branch: Unit | None = None, status: str = "active") -> User:
    """An account, and a member of `branch` since 1 May 2019 when a branch is given."""
    from moot.accounts import services as accounts
    from moot.members.services import NewMember, register_members

    email = name.lower().replace(" ", ".") + "@example.org"
    user = accounts.create_account(email=email, name=name, password=PASSWORD, by=None)
    if branch is not None:
        register_members(
            new_members=[
                NewMember(
                    membership_number=f"T{user.pk:06d}",
                    first_name=name.split()[0],
                    last_name=name.split()[-1],
                    branch=branch,
                    periods=[(date(2019, 5, 1), None, "")],
                    status=status,
                    account=user,
                    email=email,
                )
            ],
            by=None,
        )
    return user


def _with_role(
    name: str, role: str, *, unit: Unit | None = None, body: Body | None = None, branch: Unit | None = None
) -> User:
    from allauth.mfa.totp.internal.auth import TOTP

    from moot.accounts import services as accounts
    from moot.organisation import services as organisation
    from moot.organisation.models import Body
    from moot.roles import STAFF_ROLES, Role

    user = make_person(name, branch=branch)
    if role == Role.BRANCH_OFFICER or role == Role.LOCAL_PARTY_OFFICER:
        assert unit is not None
        kind = Body.Kind.GENERAL_MEETING if role == Role.BRANCH_OFFICER else Body.Kind.LOCAL_EXECUTIVE
        organisation.appoint_officer(
            body=Body.objects.get(unit=unit, kind=kind), person=user, title="Secretary", starts_on=SINCE, by=None
        )
    else:
        accounts.grant_role(
            person=user, role=role, unit=unit, body=body, starts_on=SINCE, reason="test persona", by=None
        )
    if role in STAFF_ROLES:
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def member(org: Org) -> User:
    return make_person("Mia Member", branch=org.branch_a1)


@pytest.fixture
def member_b(org: Org) -> User:
    return make_person("Ben Bmember", branch=org.branch_b1)


@pytest.fixture
def outsider(org: Org) -> User:
    return make_person("Otto Outsider")


@pytest.fixture
def branch_officer(org: Org) -> User:
    return _with_role("Bram Branchsec", "branch_officer", unit=org.branch_a1, branch=org.branch_a1)


@pytest.fixture
def local_officer_a(org: Org) -> User:
    return _with_role("Alma Asecretary", "local_party_officer", unit=org.lp_a, branch=org.branch_a2)


@pytest.fixture
def local_officer_b(org: Org) -> User:
    return _with_role("Bob Bsecretary", "local_party_officer", unit=org.lp_b, branch=org.branch_b1)


@pytest.fixture
def regional_staff_a(org: Org) -> User:
    return _with_role("Rita Regional", "regional_staff", unit=org.region_a)


@pytest.fixture
def national_staff(org: Org) -> User:
    return _with_role("Nia National", "national_staff", unit=org.national)


@pytest.fixture
def auditor(org: Org) -> User:
    return _with_role("Aldo Auditor", "auditor", unit=org.national)


@pytest.fixture
def administrator(org: Org) -> User:
    return _with_role("Ada Admin", "administrator", unit=org.national)


@pytest.fixture
def case_officer(org: Org) -> User:
    return _with_role("Cal Caseofficer", "case_officer", unit=org.national)


@pytest.fixture
def panel_member(org: Org) -> User:
    return _with_role("Pam Panel", "panel_member", body=org.disciplinary_committee)


@pytest.fixture
def returning_officer(org: Org) -> User:
    return _with_role("Rory Returning", "returning_officer", unit=org.national)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def run_queued_tasks() -> int:
    """Work the task queue until it is empty, as `moot worker` would; returns how many tasks finished."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def finished() -> int:
        return DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).count()

    before = finished()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    return finished() - before
