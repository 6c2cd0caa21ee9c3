"""Reads of the rulebook: the core Rulebook built from the tables, rules in force on a date."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from moot.core.rules import Rulebook
from moot.core.rules import RuleVersion as CoreRuleVersion
from moot.core.rules.versions import parameters_from_json
from moot.rulebook.models import Proscription, RuleVersion


def load_rulebook() -> Rulebook:
    """Every version of every rule, as the pure core's Rulebook."""
    return Rulebook(
        [
            CoreRuleVersion(
                key=row.rule.key,
                version=row.version,
                effective_from=row.effective_from,
                title=row.rule.title,
                text=row.text,
                parameters=parameters_from_json(row.parameters),
                made_by=str(row.made_by) if row.made_by else "default rulebook",
                made_on=row.made_at.date(),
                reason=row.reason,
            )
            for row in RuleVersion.objects.select_related("rule", "made_by")
        ]
    )


def versions_in_force(on: date) -> list[RuleVersion]:
    """The version of each rule that governs `on` (rules not yet made on that date are left out)."""
    latest: dict[int, RuleVersion] = {}
    for row in RuleVersion.objects.filter(effective_from__lte=on).select_related("rule").order_by("effective_from"):
        latest[row.rule_id] = row
    return sorted(latest.values(), key=lambda row: row.rule.key)


def proscriptions_published() -> QuerySet[Proscription]:
    return Proscription.objects.select_related("organisation").order_by("-proscribed_from")
