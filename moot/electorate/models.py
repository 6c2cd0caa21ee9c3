"""An electorate: who may vote in a ballot with a freeze date, and why each excluded member may not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from moot.members.models import Member
from moot.organisation.models import Unit


class ElectorateStatus(models.TextChoices):
    COMPILING = "compiling", "Compiling"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class BallotKindChoice(models.TextChoices):
    SELECTION = "selection", "Selection (local party)"
    NATIONAL = "national", "National ballot"


class Electorate(models.Model):
    Status = ElectorateStatus
    BallotKind = BallotKindChoice

    title = models.CharField(max_length=200)
    ballot_kind = models.CharField(max_length=20, choices=BallotKindChoice.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="electorates")
    freeze_on = models.DateField()
    status = models.CharField(max_length=20, choices=ElectorateStatus.choices, default=ElectorateStatus.COMPILING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    eligible_count = models.PositiveIntegerField(default=0)
    excluded_count = models.PositiveIntegerField(default=0)
    rule_version = models.CharField(max_length=300, blank=True)
    failure = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ElectorateStatus.values), name="electorate_status_known"),
            models.CheckConstraint(
                condition=Q(ballot_kind__in=BallotKindChoice.values), name="electorate_ballot_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (freeze date {self.freeze_on})"

    @property
    def percent_done(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class ElectorateEntry(models.Model):
    """One member's place on one electorate: eligible, or excluded with the reasons."""

    # Keyed by (electorate, member) and nothing else: a compile writes 500,000 of these at once and
    # pays for every index per row. Lookups by member (My membership) go through the electorate,
    # one probe of this key per compiled electorate.
    pk = models.CompositePrimaryKey("electorate", "member")
    # No database foreign keys: PostgreSQL checks those row by row, which took longer than writing
    # the rows (docs/benchmarks.md). The compile enters only members it has just read, for its own
    # electorate; members are never deleted, and Django still cascades and protects on delete.
    electorate = models.ForeignKey(
        Electorate, on_delete=models.CASCADE, related_name="entries", db_constraint=False, db_index=False
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="electorate_entries", db_constraint=False, db_index=False
    )
    eligible = models.BooleanField()
    reasons = models.TextField(blank=True)  # for an excluded member, the sentences of the Decision

    class Meta:
        db_table = "electorate_entry"

    def __str__(self) -> str:
        return f"{self.member} in {self.electorate}: {'eligible' if self.eligible else 'excluded'}"
