"""The rulebook (effective-dated rule versions), the register of organisations and proscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Rule(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class RuleVersion(models.Model):
    """One version of a rule; it governs from `effective_from` until the next version's date."""

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    text = models.TextField()
    parameters = models.JSONField(default=dict)
    reason = models.TextField()
    decision_reference = models.CharField(max_length=200, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["rule__key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="one_number_per_rule_version"),
            models.UniqueConstraint(fields=["rule", "effective_from"], name="one_version_per_rule_per_day"),
            models.CheckConstraint(condition=Q(version__gte=1), name="rule_versions_start_at_1"),
        ]

    def __str__(self) -> str:
        return f"{self.rule.key}@{self.version}"


class OrganisationKind(models.TextChoices):
    TRADE_UNION = "trade_union", "Trade union"
    AFFILIATED_SOCIETY = "affiliated_society", "Affiliated society"
    OTHER_PARTY = "other_party", "Other political party"
    OTHER_GROUP = "other_group", "Other group"


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_known")
        ]

    def __str__(self) -> str:
        return self.name


class Proscription(models.Model):
    """An organisation proscribed from a date by a decision, with the criteria of support."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="proscriptions")
    proscribed_from = models.DateField()
    decided_by = models.CharField(max_length=200, help_text="The body that decided, e.g. the NEC.")
    minute_reference = models.CharField(max_length=200)
    reasons = models.TextField()
    support_criteria = models.TextField(help_text="What counts as support of the organisation.")
    lifted_on = models.DateField(null=True, blank=True)
    lifted_minute_reference = models.CharField(max_length=200, blank=True)
    lifted_reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-proscribed_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gt=F("proscribed_from")),
                name="proscription_lifted_after_it_began",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} proscribed from {self.proscribed_from}"
