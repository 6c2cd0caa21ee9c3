"""Disciplinary cases, interim and unit suspensions, notices and readmission: the records due process keeps.

Stages are the `moot.core.workflows` enums, stored with check constraints; only the services in
this app change them (each change writes a ledger event with the rule version applied).
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import Q

from moot.core.workflows.case import CaseStage
from moot.core.workflows.interim_suspension import InterimStage
from moot.core.workflows.readmission import ReadmissionStage
from moot.core.workflows.unit_suspension import UnitStage
from moot.members.models import Member
from moot.organisation.models import Unit
from moot.rulebook.models import Proscription, RuleVersion

User = settings.AUTH_USER_MODEL


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(str(item), str(item).replace("_", " ")) for item in enum]


class Case(models.Model):
    """A complaint about a member, from intake to a final decision or closure."""

    class Source(models.TextChoices):
        MEMBER = "member", "A member, from their page"
        STAFF = "staff", "Staff"
        EXTERNAL = "external", "The public complaint form"

    class AppealOutcome(models.TextChoices):
        DISMISSED = "dismissed", "Appeal dismissed: the decision stands"
        ALLOWED = "allowed", "Appeal allowed: the decision is set aside"

    reference = models.CharField(max_length=20, unique=True)
    # Unknown until triage when the complaint names someone the complainant cannot identify on the
    # register (a public form must never confirm who is a member).
    respondent = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    respondent_named = models.CharField(max_length=300, blank=True, help_text="Whom the complaint is about, as given.")
    stage = models.CharField(max_length=30, choices=_choices(CaseStage), default=CaseStage.RECEIVED)
    source = models.CharField(max_length=20, choices=Source.choices)
    summary = models.TextField(help_text="What the complaint says happened, in the complainant's words.")
    received_on = models.DateField()
    # A complainant from outside the register is known by name and address only.
    complainant_name = models.CharField(max_length=200, blank=True)
    complainant_email = models.EmailField(blank=True)
    triage_reasons = models.TextField(blank=True)
    investigator = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Notice of allegations and the respondent's answer.
    notice_served_on = models.DateField(null=True, blank=True)
    evidence_bundle_served = models.BooleanField(default=False)
    notice_delivered_on = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    response_received_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    companion = models.CharField(max_length=200, blank=True, help_text="Companion or representative at the hearing.")
    hearing_on = models.DateField(null=True, blank=True)
    # The decision.
    decided_on = models.DateField(null=True, blank=True)
    sanction = models.CharField(max_length=30, blank=True)
    sanction_months = models.PositiveIntegerField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decision_notified_on = models.DateField(null=True, blank=True)
    appeal_by = models.DateField(null=True, blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_grounds = models.TextField(blank=True)
    appeal_outcome = models.CharField(max_length=20, choices=AppealOutcome.choices, blank=True)
    appeal_reasons = models.TextField(blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    # The sanction's effect on membership, applied once the decision is final.
    sanction_applied_on = models.DateField(null=True, blank=True)
    sanction_ends_on = models.DateField(null=True, blank=True)
    closed_reasons = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=[str(s) for s in CaseStage]), name="case_stage_known")
        ]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def stage_enum(self) -> CaseStage:
        return CaseStage(self.stage)


class CaseParty(models.Model):
    """Someone with a part in a case; the part decides what they may see and whether they may judge."""

    class Part(models.TextChoices):
        COMPLAINANT = "complainant", "Complainant"
        WITNESS = "witness", "Witness"
        ACTOR = "actor", "Acted in the case"  # triage, investigation, notice, interim suspension
        PANEL = "panel", "Panel member"
        APPEAL_PANEL = "appeal_panel", "Appeal panel member"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_parts")
    part = models.CharField(max_length=20, choices=Part.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person", "part"], name="one_part_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_part_display()}) in {self.case}"


class Allegation(models.Model):
    """One allegation: the conduct and its date, and the rule version or proscription it breached."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allegations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    conduct_on = models.DateField()
    # The version in force on the conduct date, never a later one (rulebook: no retroactivity).
    rule_version = models.ForeignKey(RuleVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proscription = models.ForeignKey(
        Proscription, null=True, blank=True, on_delete=models.PROTECT, related_name="allegations"
    )

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="allegation_numbered_once"),
            models.CheckConstraint(
                condition=Q(rule_version__isnull=False, proscription__isnull=True)
                | Q(rule_version__isnull=True, proscription__isnull=False),
                name="allegation_cites_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"Allegation {self.number}"


class Evidence(models.Model):
    """A file of evidence, stored privately; its SHA-256 is in the ledger, so any change shows."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    allegation = models.ForeignKey(Allegation, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    description = models.CharField(max_length=300)
    dated_on = models.DateField(help_text="The date of what the evidence shows (e.g. of the support given).")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    # ACAS: the person is shown the evidence against them; withholding any needs a reason.
    shown_to_respondent = models.BooleanField(default=True)
    withheld_reason = models.TextField(blank=True)
    added_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.case})"


class Finding(models.Model):
    """The panel's finding on one allegation, with written reasons."""

    allegation = models.OneToOneField(Allegation, on_delete=models.PROTECT, related_name="finding")
    upheld = models.BooleanField()
    reasons = models.TextField()

    def __str__(self) -> str:
        return f"Finding on {self.allegation}: {'upheld' if self.upheld else 'not upheld'}"


class Declaration(models.Model):
    """An interest declared in a case; it keeps the person off its panels."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    interest = models.TextField()
    declared_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Interest declared by {self.person} in {self.case}"


class CaseRead(models.Model):
    """Every opening of a case, by whom and as what (issue 5: every read of a case is logged)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    as_part = models.CharField(max_length=30)
    what = models.CharField(max_length=100)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} read by {self.reader} at {self.at:%Y-%m-%d %H:%M}"


class InterimSuspension(models.Model):
    """A member suspended pending a case; it lapses on its own unless renewed (rulebook)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interim_suspensions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="interim_suspensions")
    stage = models.CharField(max_length=20, choices=_choices(InterimStage))
    imposed_on = models.DateField()
    imposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    review_by = models.DateField()
    ends_by = models.DateField()
    reminded_for = models.DateField(null=True, blank=True)
    status_before = models.CharField(max_length=20)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    rule_version = models.CharField(max_length=80)

    class Meta:
        ordering = ["-imposed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=[str(s) for s in InterimStage]), name="interim_stage_known")
        ]

    def __str__(self) -> str:
        return f"Interim suspension of {self.member} ({self.case})"


class InterimRenewal(models.Model):
    """One renewal, with the new reasons it relied on."""

    suspension = models.ForeignKey(InterimSuspension, on_delete=models.PROTECT, related_name="renewals")
    renewed_on = models.DateField()
    renewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    review_by = models.DateField()

    class Meta:
        ordering = ["suspension", "renewed_on", "id"]

    def __str__(self) -> str:
        return f"Renewal of {self.suspension} on {self.renewed_on}"


class UnitSuspension(models.Model):
    """A unit suspended by the national executive: reasons, an appointed officer, a review date, a sunset."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="suspensions")
    stage = models.CharField(max_length=20, choices=_choices(UnitStage))
    suspended_on = models.DateField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    minute_reference = models.CharField(max_length=200)
    reasons = models.TextField()
    appointed_officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    review_by = models.DateField()
    sunset_on = models.DateField()
    reminded_for = models.DateField(null=True, blank=True)
    escalated_for = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    rule_version = models.CharField(max_length=80)

    class Meta:
        ordering = ["-suspended_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=[str(s) for s in UnitStage]), name="unit_suspension_stage_known"
            )
        ]

    def __str__(self) -> str:
        return f"Suspension of {self.unit} from {self.suspended_on}"


class UnitSuspensionReview(models.Model):
    """One review by the national executive: continued (with a new review date) or restored."""

    suspension = models.ForeignKey(UnitSuspension, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20)  # "continued" or "restored"
    reasons = models.TextField()
    next_review_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["suspension", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"Review of {self.suspension} on {self.reviewed_on}"


class ReadmissionApplication(models.Model):
    """An expelled person's application to rejoin, decided with reasons."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="readmission_applications")
    applied_on = models.DateField()
    expelled_on = models.DateField()
    statement = models.TextField()
    stage = models.CharField(max_length=20, choices=_choices(ReadmissionStage), default=ReadmissionStage.APPLIED)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(blank=True)
    rule_version = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"Readmission application of {self.member} ({self.applied_on})"


class Review(models.Model):
    """A case or sanction reopened because the proscription or rule it relied on was lifted or amended."""

    class Trigger(models.TextChoices):
        PROSCRIPTION_LIFTED = "proscription_lifted", "Proscription lifted"
        RULE_AMENDED = "rule_amended", "Rule amended"

    class Outcome(models.TextChoices):
        OPEN = "open", "Open"
        REINSTATED = "reinstated", "Reinstated"
        UPHELD = "upheld", "Upheld: the case or sanction stands"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    trigger = models.CharField(max_length=30, choices=Trigger.choices)
    trigger_reference = models.CharField(max_length=200)
    opened_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "trigger", "trigger_reference"], name="one_review_per_trigger")
        ]

    def __str__(self) -> str:
        return f"Review of {self.case} after {self.trigger_reference}"


class Notice(models.Model):
    """A letter sent to someone about a case or suspension; rendered once, kept as sent."""

    class Kind(models.TextChoices):
        COMPLAINT_RECEIVED = "complaint_received", "Complaint received"
        NO_CASE = "no_case", "No case to answer"
        ALLEGATIONS = "allegations", "Notice of allegations"
        HEARING = "hearing", "Notice of hearing"
        DECISION = "decision", "Decision"
        APPEAL_OUTCOME = "appeal_outcome", "Decision on appeal"
        CASE_CLOSED = "case_closed", "Case closed"
        INTERIM_IMPOSED = "interim_imposed", "Interim suspension imposed"
        INTERIM_RENEWED = "interim_renewed", "Interim suspension renewed"
        INTERIM_ENDED = "interim_ended", "Interim suspension ended"
        INTERIM_REMINDER = "interim_reminder", "Interim suspension due for review"
        UNIT_SUSPENDED = "unit_suspended", "Local party suspended"
        UNIT_REVIEWED = "unit_reviewed", "Local party suspension reviewed"
        UNIT_RESTORED = "unit_restored", "Local party restored"
        UNIT_REMINDER = "unit_reminder", "Local party suspension due for review"
        READMISSION = "readmission", "Decision on readmission"
        REVIEW = "review", "Review after a change of rule or proscription"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    interim = models.ForeignKey(
        InterimSuspension, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    unit_suspension = models.ForeignKey(
        UnitSuspension, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    recipient = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    pdf = models.FileField(upload_to="notices/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient_name}"


class Delivery(models.Model):
    """One attempt to deliver a notice, by email or by post (the delivery log)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post (PDF printed and posted)"
        PORTAL = "portal", "Shown on the member's page"

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        DELIVERED = "delivered", "Delivered"

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    address = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["notice", "at", "id"]

    def __str__(self) -> str:
        return f"{self.notice} by {self.channel}: {self.outcome}"
