"""The organisation: units in a tree, their status history, and the bodies attached to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class UnitKind(models.TextChoices):
    NATIONAL = "national", "National party"
    REGION = "region", "Nation or region"
    LOCAL_PARTY = "local_party", "Local party"
    BRANCH = "branch", "Branch"


class UnitStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class Unit(models.Model):
    """National party, nation/region, local party or branch; `path` makes subtree queries cheap."""

    Kind = UnitKind

    Status = UnitStatus

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=60, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Materialised path of zero-padded ids, e.g. "000001.000004.000031." — prefix = subtree.
    path = models.CharField(max_length=255, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_known"),
            models.CheckConstraint(condition=Q(status__in=UnitStatus.values), name="unit_status_known"),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(".")

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit."""
        return [int(part) for part in self.path.split(".") if part]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class UnitStatusChange(models.Model):
    """One change of a unit's status, with its reason; the unit's history is these rows."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Unit.Status.choices)
    changed_at = models.DateTimeField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["unit", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.status} at {self.changed_at:%Y-%m-%d}"


class BodyKind(models.TextChoices):
    NATIONAL_EXECUTIVE = "national_executive", "National executive committee"
    DISCIPLINARY_COMMITTEE = "disciplinary_committee", "National disciplinary committee"
    CONFERENCE_ARRANGEMENTS = "conference_arrangements", "Conference arrangements committee"
    LOCAL_EXECUTIVE = "local_executive", "Local executive committee"
    GENERAL_MEETING = "general_meeting", "General meeting"


class Body(models.Model):
    """A committee or meeting attached to a unit: NEC, disciplinary committee, CAC, LEC, GM."""

    Kind = BodyKind

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=200)
    seats = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: open to all members of the unit.")

    class Meta:
        ordering = ["unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="one_body_of_each_kind_per_unit"),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A post on a body (chair, secretary, seat 3…) held by a person from one date to another."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="offices")
    title = models.CharField(max_length=100)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offices")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "title", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="office_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.body}"
