"""Proscriptions: never backdated, decided with reasons and criteria, lifted by a later decision, public."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from moot.core.rules import Refused
from moot.ledger.models import Event
from moot.rulebook.models import Organisation
from moot.rulebook.services import lift_proscription, proscribe_organisation, register_organisation

pytestmark = pytest.mark.django_db
DECIDED = date(2021, 7, 20)


def _proscribe(organisation: Organisation, proscribed_from: date = DECIDED, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "organisation": organisation,
        "proscribed_from": proscribed_from,
        "decided_by": "NEC",
        "minute_reference": "NEC 2021/07/3",
        "reasons": "Organises against the party's candidates.",
        "support_criteria": "Membership, donations or speaking at its events.",
        "by": None,
        "today": DECIDED,
    }
    return proscribe_organisation(**(fields | overrides))


@pytest.fixture
def group(db: Any) -> Organisation:
    return register_organisation(name="Example Platform", kind="other_group", description="", by=None)


def test_a_proscription_cannot_take_effect_before_it_was_decided(group: Organisation) -> None:
    with pytest.raises(Refused, match="cannot take effect earlier, on 19 July 2021"):
        _proscribe(group, date(2021, 7, 19))
    assert not group.proscriptions.exists()


def test_a_proscription_needs_reasons_and_criteria(group: Organisation) -> None:
    with pytest.raises(Refused, match="written reasons, the criteria of support"):
        _proscribe(group, reasons="", support_criteria=" ")


def test_proscribe_and_lift_are_recorded_and_public(group: Organisation) -> None:
    proscription = _proscribe(group)
    with pytest.raises(Refused, match="already proscribed"):
        _proscribe(group)
    page = Client().get("/public/proscriptions/").content.decode()
    assert "Example Platform" in page and "20 July 2021" in page and "speaking at its events" in page
    lift_proscription(
        proscription=proscription,
        lifted_on=date(2024, 1, 10),
        minute_reference="NEC 2024/1",
        reasons="Dissolved.",
        by=None,
    )
    assert Client().get("/api/v1/proscriptions").json()[0]["lifted_on"] == "2024-01-10"
    assert list(Event.objects.filter(action__startswith="organisation.").values_list("action", flat=True)) == [
        "organisation.registered",
        "organisation.proscribed",
        "organisation.proscription_lifted",
    ]


def test_only_the_executive_may_change_the_register(org: Any, national_staff: Any, group: Organisation) -> None:
    client = Client()
    client.force_login(national_staff)
    response = client.post(
        "/proscriptions/proscribe/",
        {
            "organisation": group.pk,
            "proscribed_from": "2030-01-01",
            "decided_by": "NEC",
            "minute_reference": "x",
            "reasons": "x",
            "support_criteria": "x",
        },
    )
    assert response.status_code == 403
    assert client.post("/proscriptions/organisations/", {"name": "Other", "kind": "other_group"}).status_code == 403
    assert not group.proscriptions.exists() and not Organisation.objects.filter(name="Other").exists()
