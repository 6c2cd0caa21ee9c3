from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from moot.http import AuthenticatedRequest
from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger


def _require_auditor(request: AuthenticatedRequest) -> None:
    if not request.user.has_perm("ledger.read"):
        raise PermissionDenied("The ledger is open to auditors and administrators of the whole party.")


@login_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_auditor(request)
    events = Event.objects.select_related("actor").order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/event_list.html", {"page": page, "action": action})


@login_required
def event_detail(request: AuthenticatedRequest, seq: int) -> HttpResponse:
    _require_auditor(request)
    event = get_object_or_404(Event.objects.select_related("actor"), seq=seq)
    return render(request, "ledger/event_detail.html", {"event": event, "payload": event.data})


@login_required
@require_POST
def verify(request: AuthenticatedRequest) -> HttpResponse:
    _require_auditor(request)
    return render(request, "ledger/_verification.html", {"result": verify_ledger()})
