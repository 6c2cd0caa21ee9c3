"""Letters: rendered once to PDF (WeasyPrint) and kept as sent, emailed, and logged delivery by delivery."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from moot.discipline.models import Case, Delivery, InterimSuspension, Notice, UnitSuspension
from moot.ledger.services import record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Whom a letter is addressed to: an account where there is one, else a name and address."""

    name: str
    email: str
    user: Any = None

    @classmethod
    def of(cls, user: Any) -> Recipient:
        return cls(user.name or user.email, user.email, user)


def render_pdf(notice: Notice) -> bytes:
    """The letter as PDF; imported late because WeasyPrint loads Pango on import."""
    from weasyprint import HTML

    html = render_to_string("discipline/letter.html", {"notice": notice, "paragraphs": notice.body.split("\n\n")})
    return bytes(HTML(string=html).write_pdf())


def send_notice(
    *,
    kind: str,
    to: Recipient,
    subject: str,
    paragraphs: Sequence[str],
    by: Any,
    case: Case | None = None,
    interim: InterimSuspension | None = None,
    unit_suspension: UnitSuspension | None = None,
) -> Notice:
    """Write a letter in the caller's transaction; once that commits it is rendered to PDF and emailed."""
    notice = Notice.objects.create(
        kind=kind,
        case=case,
        interim=interim,
        unit_suspension=unit_suspension,
        recipient=to.user,
        recipient_name=to.name,
        recipient_email=to.email,
        subject=subject,
        body="\n\n".join(p.strip() for p in paragraphs if p.strip()),
        created_at=timezone.now(),
    )
    if to.user is not None:
        # The letter is on the member's own page from the moment it is written.
        Delivery.objects.create(
            notice=notice,
            channel=Delivery.Channel.PORTAL,
            outcome=Delivery.Outcome.DELIVERED,
            address=to.user.email,
            at=notice.created_at,
        )
    subject_of = case or interim or unit_suspension or ("notice", notice.pk)
    record(
        "notice.written",
        subject_of,
        {
            "notice": notice.pk,
            "kind": kind,
            "to": to.name,
            "body_sha256": hashlib.sha256(notice.body.encode()).hexdigest(),
        },
        by=by,
    )
    # Rendering takes a moment and mail can fail: neither may hold the case's transaction open or undo it.
    transaction.on_commit(lambda: dispatch_notice(notice.pk))
    return notice


def dispatch_notice(notice_id: int) -> Delivery:
    """Render the PDF (once; its hash goes in the ledger), then email it; the delivery log says how it went."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if not notice.pdf_sha256:
            pdf = render_pdf(notice)
            notice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            notice.pdf.save(f"notice-{notice.pk}.pdf", ContentFile(pdf), save=False)
            notice.save(update_fields=["pdf", "pdf_sha256"])
            record("notice.rendered", ("discipline.notice", notice.pk), {"pdf_sha256": notice.pdf_sha256}, by=None)
    return email_notice(notice.pk)


def email_notice(notice_id: int) -> Delivery:
    """Email a notice with its PDF; success or failure goes in the delivery log."""
    notice = Notice.objects.get(pk=notice_id)
    if not notice.recipient_email:
        return Delivery.objects.create(
            notice=notice,
            channel=Delivery.Channel.EMAIL,
            outcome=Delivery.Outcome.FAILED,
            detail="No email address on record: the letter must be posted.",
            at=timezone.now(),
        )
    message = EmailMessage(
        subject=notice.subject, body=notice.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[notice.recipient_email]
    )
    with notice.pdf.open("rb") as pdf:
        message.attach(f"{notice.subject}.pdf", pdf.read(), "application/pdf")
    try:
        message.send()
    except Exception as failure:  # any transport error is logged for a person to act on, never lost
        log.warning("notice %s not emailed: %s", notice.pk, failure)
        return Delivery.objects.create(
            notice=notice,
            channel=Delivery.Channel.EMAIL,
            outcome=Delivery.Outcome.FAILED,
            address=notice.recipient_email,
            detail=str(failure),
            at=timezone.now(),
        )
    return Delivery.objects.create(
        notice=notice,
        channel=Delivery.Channel.EMAIL,
        outcome=Delivery.Outcome.SENT,
        address=notice.recipient_email,
        at=timezone.now(),
    )


@transaction.atomic
def record_posting(*, notice: Notice, address: str, by: Any) -> Delivery:
    """A printed letter posted by hand: the delivery log says so, and the ledger too."""
    delivery = Delivery.objects.create(
        notice=notice,
        channel=Delivery.Channel.POST,
        outcome=Delivery.Outcome.SENT,
        address=address,
        detail=f"Posted by {by}",
        at=timezone.now(),
    )
    record("notice.posted", ("discipline.notice", notice.pk), {"address": address}, by=by)
    return delivery
