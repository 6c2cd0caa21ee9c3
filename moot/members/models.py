"""The membership register: members, their home branch and their membership periods."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from moot.organisation.models import Unit


class MemberStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    ACTIVE = "active", "Active"
    ARREARS = "arrears", "In arrears"
    LAPSED = "lapsed", "Lapsed"
    RESIGNED = "resigned", "Resigned"
    SUSPENDED = "suspended", "Suspended"
    EXPELLED = "expelled", "Expelled"
    EXCLUDED = "excluded", "Excluded"


class Member(models.Model):
    Status = MemberStatus

    # Unique through Meta.constraints, whose index also serves prefix search (see there).
    membership_number = models.CharField(max_length=20)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    branch = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="branch_members")
    # The branch's local party, kept on the row so scope filters need no join at 500,000 members.
    # No index of its own: (local_party, status) below begins with it.
    local_party = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="local_party_members", db_index=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    paid_up_to = models.DateField(null=True, blank=True)
    # Derived from the periods by the services (moot.core.rules.continuous_since), stored so an
    # electorate of 500,000 is one indexed comparison instead of a walk over every history.
    continuous_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "membership_number"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MemberStatus.values), name="member_status_known"),
            # One index for uniqueness, equality and number-prefix search on PostgreSQL (varchar_pattern_ops),
            # where unique=True made two. Names and postcodes are searched through the indexes of
            # migrations 0002 and 0003; every index left off the table here is time off a bulk import
            # (docs/benchmarks.md).
            models.UniqueConstraint(
                fields=["membership_number"],
                name="member_number_unique",
                opclasses=["varchar_pattern_ops"],
                violation_error_message="This membership number is already on the register.",
            ),
        ]
        indexes = [
            models.Index(fields=["local_party", "status"]),
            models.Index(fields=["status", "continuous_since"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.membership_number})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MembershipPeriod(models.Model):
    """One spell of membership: joined on a date, ended (lapsed, resigned, expelled…) or not."""

    class EndReason(models.TextChoices):
        LAPSED = "lapsed", "Lapsed"
        RESIGNED = "resigned", "Resigned"
        EXPELLED = "expelled", "Expelled"
        EXCLUDED = "excluded", "Excluded"
        DIED = "died", "Died"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="periods")
    joined_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["member", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("joined_on")),
                name="period_ends_after_join",
            ),
        ]
        indexes = [models.Index(fields=["joined_on"]), models.Index(fields=["ended_on"])]

    def __str__(self) -> str:
        return f"{self.joined_on} to {self.ended_on or 'now'}"


class MemberStatusChange(models.Model):
    """One change of a member's status, from a date, with who decided and why."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    from_on = models.DateField()
    changed_at = models.DateTimeField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    rule_version = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["member", "from_on", "id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.status} from {self.from_on}"


class Affiliation(models.Model):
    """A member's tie to an organisation (union, society, other group) over dates, with evidence."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="affiliations")
    organisation = models.ForeignKey("rulebook.Organisation", on_delete=models.PROTECT, related_name="affiliations")
    from_on = models.DateField()
    to_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["member", "from_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_on__isnull=True) | Q(to_on__gt=models.F("from_on")), name="affiliation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.organisation} from {self.from_on}"
