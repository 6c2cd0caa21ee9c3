"""The demo's logins: one per role, printed by `moot demo`."""

from __future__ import annotations

from dataclasses import dataclass

from moot.roles import Role

DEMO_PASSWORD = "moot-demo-2026"  # noqa: S105 — printed to every demo user on purpose
DOMAIN = "demo.moot.test"


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    role: Role
    where: str  # "branch", "local_party", "other_local_party", "region", "national", or a body kind

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


PERSONAS = (
    Persona("member", "Morgan Member", Role.MEMBER, "branch"),
    Persona("branch-officer", "Bea Branch-Secretary", Role.BRANCH_OFFICER, "branch"),
    Persona("local-officer", "Lou Local-Secretary", Role.LOCAL_PARTY_OFFICER, "local_party"),
    Persona("other-local-officer", "Olu Other-Secretary", Role.LOCAL_PARTY_OFFICER, "other_local_party"),
    Persona("regional-staff", "Rhiannon Regional", Role.REGIONAL_STAFF, "region"),
    Persona("national-staff", "Nat National", Role.NATIONAL_STAFF, "national"),
    Persona("case-officer", "Cass Case-Officer", Role.CASE_OFFICER, "national"),
    Persona("panel-member", "Pat Panel", Role.PANEL_MEMBER, "disciplinary_committee"),
    Persona("returning-officer", "Ro Returning", Role.RETURNING_OFFICER, "national"),
    Persona("auditor", "Aud Auditor", Role.AUDITOR, "national"),
    Persona("admin", "Ada Administrator", Role.ADMINISTRATOR, "national"),
    Persona("nec-member", "Neve Executive", Role.NEC_MEMBER, "national_executive"),
)
