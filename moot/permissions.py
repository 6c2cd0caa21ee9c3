"""The one place that answers "may this person do this to this object?".

Roles come from RoleGrants (on a unit, covering its subtree, or on a body) and from the register
(a member with a current membership holds the member role on their branch). Predicates are
registered with django-rules, so views, the API, templates and commands all ask
`user.has_perm("organisation.view_unit", unit)` and get the same answer.
Apps add their own predicates in their `permissions.py`, built from the helpers here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

import rules.permissions
import rules.predicates
from django.db.models import Q
from django.utils import timezone

from moot.roles import OFFICER_ROLES, STAFF_ROLES, UNIT_SCOPE_ROLES, Role

_Check = TypeVar("_Check", bound=Callable[..., bool])


def predicate(check: _Check) -> _Check:
    """django-rules' @predicate, typed: the predicate is called exactly like the function it wraps."""
    return cast(_Check, rules.predicates.predicate(check))  # type: ignore[no-untyped-call]


def add_perm(name: str, check: Callable[..., bool]) -> None:
    """Register a permission, so `user.has_perm(name, obj)` asks `check` (django-rules)."""
    rules.permissions.add_perm(name, check)  # type: ignore[no-untyped-call]


# Statuses that end the member role: they may still log in to see their own record and cases.
_NOT_CURRENT = {"lapsed", "resigned", "expelled", "excluded"}


@dataclass(frozen=True)
class Held:
    """One role a person holds today, and where."""

    role: Role
    unit_id: int | None
    unit_path: str | None
    body_id: int | None


def holdings(user: Any, on: date | None = None) -> tuple[Held, ...]:
    """Every role the user holds on a date (today by default); cached on the user for a request."""
    if not getattr(user, "is_authenticated", False):
        return ()
    on = on or timezone.localdate()
    cache = user.__dict__.setdefault("_moot_holdings", {})
    if on not in cache:
        cache[on] = tuple(_grants(user, on)) + tuple(_membership(user))
    held: tuple[Held, ...] = cache[on]
    return held


def _grants(user: Any, on: date) -> list[Held]:
    from moot.accounts.models import RoleGrant

    grants = (
        RoleGrant.objects.filter(person=user, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("unit", "body__unit")
    )
    held = []
    for grant in grants:
        # A body's unit bounds the holder's reach: a panel member of the national disciplinary
        # committee sees cases referred to that committee, not the whole party (cases check that).
        unit = grant.unit
        held.append(Held(Role(grant.role), unit.pk if unit else None, unit.path if unit else None, grant.body_id))
    return held


def _membership(user: Any) -> list[Held]:
    from moot.members.models import Member

    member = Member.objects.filter(account=user).select_related("branch").first()
    if member is None or member.status in _NOT_CURRENT:
        return []
    return [Held(Role.MEMBER, member.branch_id, member.branch.path, None)]


def roles_of(user: Any) -> set[Role]:
    return {held.role for held in holdings(user)}


def has_any_role(user: Any, roles: frozenset[Role] | set[Role]) -> bool:
    return any(held.role in roles for held in holdings(user))


def scope_paths(user: Any, roles: frozenset[Role] | set[Role] = UNIT_SCOPE_ROLES) -> list[str]:
    """Unit paths whose subtrees the user reaches through one of `roles`."""
    return sorted({h.unit_path for h in holdings(user) if h.role in roles and h.unit_path})


def in_scope(user: Any, path: str, roles: frozenset[Role] | set[Role] = UNIT_SCOPE_ROLES) -> bool:
    return any(path.startswith(scope) for scope in scope_paths(user, roles))


def within_scope(user: Any, roles: frozenset[Role] | set[Role] = UNIT_SCOPE_ROLES, *, path: str = "path") -> Q:
    """A filter for rows whose unit (reached through `path`) lies in the user's scope; none without a role."""
    condition = Q(pk__in=[])
    for scope in scope_paths(user, roles):
        condition |= Q(**{f"{path}__startswith": scope})
    return condition


def home_paths(user: Any) -> list[str]:
    """Every unit the user belongs to or holds a role on; their ancestors are visible to them."""
    return sorted({h.unit_path for h in holdings(user) if h.unit_path})


def needs_second_factor(user: Any) -> bool:
    return has_any_role(user, STAFF_ROLES)


def is_officer(user: Any) -> bool:
    return has_any_role(user, OFFICER_ROLES)


# --- predicates over the organisation ---------------------------------------------------------

NATIONAL_ROLES = frozenset({Role.NATIONAL_STAFF, Role.ADMINISTRATOR})
AUDIT_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})


def _at_root(user: Any, roles: frozenset[Role]) -> bool:
    """Holds one of `roles` on the national unit itself (the whole organisation)."""
    return any(h.role in roles and h.unit_path and h.unit_path.count(".") == 1 for h in holdings(user))


@predicate
def can_view_unit(user: Any, unit: Any) -> bool:
    if in_scope(user, unit.path):
        return True
    # The units above one's own (branch → local party → region → national) are visible by name,
    # status and officers; their other subtrees are not.
    return any(home.startswith(unit.path) for home in home_paths(user))


@predicate
def can_view_unit_members(user: Any, unit: Any) -> bool:
    return in_scope(user, unit.path)


@predicate
def can_read_ledger(user: Any) -> bool:
    return _at_root(user, AUDIT_ROLES)


@predicate
def can_view_member(user: Any, member: Any) -> bool:
    if member.account_id is not None and member.account_id == getattr(user, "pk", None):
        return True
    return in_scope(user, member.branch.path)


@predicate
def can_make_rules(user: Any) -> bool:
    """Members of the national executive make rules and proscriptions (the rulebook's own rule)."""
    return any(h.role == Role.NEC_MEMBER for h in holdings(user))


@predicate
def can_read_electorates(user: Any) -> bool:
    return has_any_role(user, {Role.RETURNING_OFFICER, Role.AUDITOR})


add_perm("organisation.view_unit", can_view_unit)
add_perm("electorate.read", can_read_electorates)
add_perm("rulebook.amend", can_make_rules)
add_perm("rulebook.proscribe", can_make_rules)
add_perm("organisation.view_unit_members", can_view_unit_members)
add_perm("ledger.read", can_read_ledger)
add_perm("members.view_member", can_view_member)
