"""Who may see a case, and as what: only its parties, each as far as their part allows (issue 5).

A case officer reaches cases about members in their scope; the investigator and the panels reach
the cases they were given; the respondent sees the allegations and the evidence shown to them;
a complainant sees progress, never the evidence. Everyone else, staff included, gets a 404.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from moot.permissions import add_perm, has_any_role, holdings, in_scope, predicate
from moot.roles import Role

if TYPE_CHECKING:
    from moot.discipline.models import Case


class View(StrEnum):
    """How much of a case a person sees."""

    OFFICER = "case officer"  # administers the case: everything, and the actions
    INVESTIGATOR = "investigator"
    PANEL = "panel"
    APPEAL_PANEL = "appeal panel"
    RESPONDENT = "respondent"  # the allegations, the evidence shown to them, deadlines, decision
    COMPLAINANT = "complainant"  # progress and outcome, not the evidence


# The views that see the whole file (allegations, every piece of evidence, declarations, reads).
FULL_VIEWS = frozenset({View.OFFICER, View.INVESTIGATOR, View.PANEL, View.APPEAL_PANEL})

CASE_ROLES = frozenset({Role.CASE_OFFICER})
OVERSIGHT_ROLES = frozenset({Role.PANEL_MEMBER, Role.AUDITOR})
INTERIM_ROLES = frozenset({Role.CASE_OFFICER, Role.NATIONAL_STAFF})


def _parts(user: Any, case: Case) -> set[str]:
    return set(case.parties.filter(person=user).values_list("part", flat=True))


def case_view(user: Any, case: Case) -> View | None:
    """The fullest view of `case` the user has, or None: then the case does not exist for them."""
    if not getattr(user, "is_authenticated", False):
        return None
    parts = _parts(user, case)
    respondent = case.respondent
    is_respondent = respondent is not None and respondent.account_id == user.pk
    # A party to a case never administers it, whatever their role elsewhere.
    involved = is_respondent or bool(parts & {"complainant", "witness"})
    # Until triage names the member, a complaint waits in the national intake queue.
    area = respondent.branch.path if respondent is not None else None
    if not involved and (in_scope(user, area, CASE_ROLES) if area else _national_case_officer(user)):
        return View.OFFICER
    if case.investigator_id == user.pk:
        return View.INVESTIGATOR
    if "panel" in parts:
        return View.PANEL
    if "appeal_panel" in parts:
        return View.APPEAL_PANEL
    if is_respondent:
        return View.RESPONDENT
    if "complainant" in parts:
        return View.COMPLAINANT
    return None


def _national_case_officer(user: Any) -> bool:
    return any(h.role in CASE_ROLES and h.unit_path and h.unit_path.count(".") == 1 for h in holdings(user))


def may_administer(user: Any, case: Case) -> bool:
    return case_view(user, case) == View.OFFICER


def holds(user: Any, role: Role) -> bool:
    return any(h.role == role for h in holdings(user))


@predicate
def can_oversee(user: Any) -> bool:
    """The disciplinary committee and auditors see cases by stage and age, not their contents."""
    return has_any_role(user, OVERSIGHT_ROLES)


@predicate
def can_handle_cases(user: Any) -> bool:
    return has_any_role(user, CASE_ROLES)


@predicate
def can_handle_interim(user: Any) -> bool:
    return has_any_role(user, INTERIM_ROLES)


@predicate
def is_national_executive(user: Any) -> bool:
    return holds(user, Role.NEC_MEMBER)


add_perm("discipline.oversee", can_oversee)
add_perm("discipline.handle_cases", can_handle_cases)
add_perm("discipline.handle_interim", can_handle_interim)
add_perm("discipline.suspend_units", is_national_executive)
add_perm("discipline.decide_reviews", is_national_executive)
