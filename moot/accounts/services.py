"""Every write to accounts: creating people, granting and ending roles, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from moot.accounts.models import ApiToken, RoleGrant, User
from moot.core.rules import Refused
from moot.ledger.services import record
from moot.organisation.models import Body, Unit
from moot.roles import Role

_UNIT_ROLES_BY_KIND = {
    Role.BRANCH_OFFICER: {Unit.Kind.BRANCH},
    Role.LOCAL_PARTY_OFFICER: {Unit.Kind.LOCAL_PARTY},
    Role.REGIONAL_STAFF: {Unit.Kind.REGION},
}


@transaction.atomic
def create_account(*, email: str, name: str, password: str | None, by: Any, password_hash: str | None = None) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Refused(f"An account for {email} already exists.")
    user = User(email=email, name=name)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    record("account.created", user, {"email": email, "name": name}, by=by)
    return user


@transaction.atomic
def grant_role(
    *,
    person: User,
    role: str,
    unit: Unit | None = None,
    body: Body | None = None,
    starts_on: date,
    ends_on: date | None = None,
    reason: str,
    by: Any,
) -> RoleGrant:
    """Give a person a role on a unit (and its subtree) or on a body, for a stated period."""
    if (unit is None) == (body is None):
        raise Refused("A role is granted either on a unit or on a body.")
    if role == Role.MEMBER:
        raise Refused("The member role comes from the membership register, not from a grant.")
    allowed_kinds = _UNIT_ROLES_BY_KIND.get(Role(role))
    if unit is not None and allowed_kinds and unit.kind not in allowed_kinds:
        raise Refused(
            f"{Role(role).label} is a role on a {allowed_kinds.pop().label.lower()}, "
            f"not on a {unit.get_kind_display().lower()}."
        )
    if ends_on is not None and ends_on < starts_on:
        raise Refused("A role cannot end before it starts.")
    if role == Role.NEC_MEMBER and (body is None or body.kind != Body.Kind.NATIONAL_EXECUTIVE):
        raise Refused("National executive membership is a role on the national executive committee.")
    grant = RoleGrant.objects.create(
        person=person, role=role, unit=unit, body=body, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    record(
        "role.granted",
        grant,
        {
            "person": person.pk,
            "role": role,
            "unit": unit.pk if unit else None,
            "body": body.pk if body else None,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
            "reason": reason,
        },
        by=by,
    )
    return grant


@transaction.atomic
def end_role(*, grant: RoleGrant, ends_on: date, reason: str, by: Any) -> RoleGrant:
    if ends_on < grant.starts_on:
        raise Refused("A role cannot end before it starts.")
    RoleGrant.objects.filter(pk=grant.pk).update(ends_on=ends_on)
    grant.ends_on = ends_on
    record("role.ended", grant, {"ends_on": ends_on.isoformat(), "reason": reason}, by=by)
    return grant


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, person: User, name: str, by: Any) -> tuple[ApiToken, str]:
    """A new bearer token; the key is returned once and only its digest is kept."""
    if not name.strip():
        raise Refused("Give the token a name so you can recognise it later.")
    key = "moot_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(person=person, name=name.strip(), prefix=key[:12], key_digest=_token_digest(key))
    record("api_token.issued", token, {"person": person.pk, "name": token.name, "prefix": token.prefix}, by=by)
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: Any) -> ApiToken:
    if token.revoked_at is not None:
        raise Refused("This token was already revoked.")
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
    record("api_token.revoked", token, {"prefix": token.prefix}, by=by)
    return token


def person_for_api_key(key: str) -> User | None:
    """The account behind a live token, or None; marks the token used (not a state change)."""
    token = (
        ApiToken.objects.select_related("person").filter(key_digest=_token_digest(key), revoked_at__isnull=True).first()
    )
    if token is None or not token.person.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.person
