"""The roles a person can hold, and which of them count as staff (TOTP required)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    BRANCH_OFFICER = "branch_officer", "Branch officer"
    LOCAL_PARTY_OFFICER = "local_party_officer", "Local party officer"
    REGIONAL_STAFF = "regional_staff", "Regional staff"
    NATIONAL_STAFF = "national_staff", "National staff"
    CASE_OFFICER = "case_officer", "Case officer"
    PANEL_MEMBER = "panel_member", "Disciplinary panel member"
    RETURNING_OFFICER = "returning_officer", "Returning officer"
    AUDITOR = "auditor", "Auditor (read-only)"
    ADMINISTRATOR = "administrator", "Administrator"
    NEC_MEMBER = "nec_member", "National executive committee member"


# Roles that reach personal data beyond one local party, or decide cases and counts: these must
# log in with a second factor. Branch and local party officers are volunteers seeing their own
# unit only (docs/security.md).
STAFF_ROLES = frozenset(
    {
        Role.REGIONAL_STAFF,
        Role.NATIONAL_STAFF,
        Role.CASE_OFFICER,
        Role.PANEL_MEMBER,
        Role.RETURNING_OFFICER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
        Role.NEC_MEMBER,
    }
)

OFFICER_ROLES = frozenset({Role.BRANCH_OFFICER, Role.LOCAL_PARTY_OFFICER})

# Roles whose grant on a unit lets the holder see that unit's subtree (members, officers, status).
UNIT_SCOPE_ROLES = frozenset(
    {
        Role.BRANCH_OFFICER,
        Role.LOCAL_PARTY_OFFICER,
        Role.REGIONAL_STAFF,
        Role.NATIONAL_STAFF,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)
