from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from moot.accounts import services
from moot.accounts.models import ApiToken
from moot.core.rules import Refused
from moot.http import AuthenticatedRequest


@login_required
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        try:
            _, new_key = services.issue_api_token(
                person=request.user, name=request.POST.get("name", ""), by=request.user
            )
        except Refused as refused:
            messages.error(request, str(refused))
    tokens = ApiToken.objects.filter(person=request.user).order_by("-created_at")
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def revoke_api_token(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, person=request.user).first()
    if token is None:  # someone else's token, or none: never say which
        raise Http404("No such token.")
    try:
        services.revoke_api_token(token=token, by=request.user)
        messages.success(request, f"Token {token.name} revoked.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("api_tokens")
