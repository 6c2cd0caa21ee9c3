from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class RegisterOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come from the membership register or staff appointments, never self sign-up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False
