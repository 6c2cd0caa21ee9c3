"""Who may search, import, export and open members: role and scope, from moot.permissions."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from moot.members.models import Member
from moot.permissions import add_perm, has_any_role, predicate, scope_paths
from moot.roles import Role

# Who may import members: the import writes to the register of every branch in their scope.
IMPORT_ROLES = frozenset({Role.NATIONAL_STAFF, Role.REGIONAL_STAFF, Role.ADMINISTRATOR})


@predicate
def can_search_members(user: Any) -> bool:
    """Officers and staff whose role reaches some unit's register (members see only themselves)."""
    return bool(scope_paths(user))


@predicate
def can_import_members(user: Any) -> bool:
    """National and regional staff (and administrators); each row's branch is checked against their scope."""
    return has_any_role(user, IMPORT_ROLES) and bool(scope_paths(user, IMPORT_ROLES))


add_perm("members.search", can_search_members)
add_perm("members.import", can_import_members)


def get_member_for(user: Any, member_id: int) -> Member:
    """The member if `user` may see them; otherwise 404, so existence is not disclosed."""
    member = Member.objects.select_related("branch", "local_party").filter(pk=member_id).first()
    if member is None or not user.has_perm("members.view_member", member):
        raise Http404("No such member.")
    return member
