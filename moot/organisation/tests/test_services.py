"""Organisation services keep the tree's shape and leave a ledger event for every change."""

from __future__ import annotations

import pytest

from moot.conftest import Org
from moot.core.rules import Refused
from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger
from moot.organisation import services
from moot.organisation.models import Unit

pytestmark = pytest.mark.django_db


def test_the_tree_only_grows_in_its_order(org: Org) -> None:
    with pytest.raises(Refused, match="A branch cannot be created under nation or region Region A"):
        services.create_unit(kind=Unit.Kind.BRANCH, name="Stray", code="stray", parent=org.region_a, by=None)
    assert not Unit.objects.filter(code="stray").exists()


def test_subtrees_follow_the_path(org: Org) -> None:
    assert org.branch_a1.is_within(org.lp_a) and org.branch_a1.is_within(org.national)
    assert not org.branch_b1.is_within(org.lp_a)
    assert org.branch_a1.ancestor_ids() == [org.national.pk, org.region_a.pk, org.lp_a.pk, org.branch_a1.pk]


def test_a_status_change_needs_reasons_and_is_recorded(org: Org) -> None:
    with pytest.raises(Refused, match="needs written reasons"):
        services.change_unit_status(unit=org.lp_b, status=Unit.Status.SUSPENDED, reason=" ", by=None)
    services.change_unit_status(
        unit=org.lp_b,
        status=Unit.Status.SUSPENDED,
        reason="NEC minute 12/2026",
        by=None,
        rule_version="unit-suspension@1",
    )
    org.lp_b.refresh_from_db()
    assert org.lp_b.status == Unit.Status.SUSPENDED
    assert [c.status for c in org.lp_b.status_changes.all()] == ["active", "suspended"]
    event = Event.objects.filter(action="unit.status_changed").get()
    assert event.rule_version == "unit-suspension@1"
    assert event.data == {"from": "active", "to": "suspended", "reason": "NEC minute 12/2026"}
    with pytest.raises(Refused, match="already suspended"):
        services.change_unit_status(unit=org.lp_b, status=Unit.Status.SUSPENDED, reason="again", by=None)


def test_every_setup_step_left_a_verifiable_event(org: Org) -> None:
    assert Event.objects.filter(action="unit.created").count() == Unit.objects.count()
    assert verify_ledger().ok
