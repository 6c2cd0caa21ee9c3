"""Every change to a disciplinary case: one service per action, each through the workflow table.

Each service gathers the facts, asks `moot.core.workflows.case.attempt` (which refuses with every
reason), changes the case, writes its ledger event with the rule version applied, and tells the
people concerned. Views, the API and `moot tick` call these and nothing else.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from moot.core.rules import Decision, Refused
from moot.core.rules.dates import add_months, long_date
from moot.core.rules.deadlines import appeal_by as appeal_deadline
from moot.core.rules.deadlines import respond_by as response_deadline_rule
from moot.core.rules.defaults import RuleKey
from moot.core.rules.proscription import support_counts
from moot.core.rules.sanctions import sanction_allowed
from moot.core.rules.versions import RuleNotInForce
from moot.core.workflows import case as workflow
from moot.core.workflows.case import CaseAction, CaseStage
from moot.core.workflows.case_facts import Finding as CoreFinding
from moot.core.workflows.case_guards import respondent_heard
from moot.discipline import facts as gather
from moot.discipline.models import (
    Allegation,
    Case,
    CaseParty,
    CaseRead,
    Declaration,
    Evidence,
    Finding,
)
from moot.discipline.notices import Recipient, send_notice
from moot.discipline.permissions import View, case_view, holds, may_administer
from moot.ledger.services import record
from moot.members.models import Member, MembershipPeriod
from moot.members.services import change_member_status, end_membership
from moot.roles import Role
from moot.rulebook.models import Proscription, Rule
from moot.rulebook.models import RuleVersion as RuleVersionRow
from moot.rulebook.selectors import load_rulebook

Ac, St = CaseAction, CaseStage

# Until notice is served the case may still be framed: allegations and evidence added.
FRAMING_STAGES = (St.RECEIVED, St.TRIAGED, St.UNDER_INVESTIGATION)
SANCTION_STATUS = {
    "expulsion": Member.Status.EXPELLED,
    "auto-exclusion": Member.Status.EXCLUDED,
    "suspension": Member.Status.SUSPENDED,
}
PERIOD_ENDS = {"expulsion": MembershipPeriod.EndReason.EXPELLED, "auto-exclusion": MembershipPeriod.EndReason.EXCLUDED}


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _require_officer(case: Case, by: Any) -> None:
    if not may_administer(by, case):
        raise Refused(
            "Only a case officer responsible for the respondent's area, with no part in the case "
            "as complainant, witness or respondent, may do this."
        )


def _acted(case: Case, by: Any) -> None:
    """Remember who acted outside a panel: they may never sit on one for this case."""
    if by is not None and getattr(by, "pk", None):
        CaseParty.objects.get_or_create(case=case, person=by, part=CaseParty.Part.ACTOR)


def _move(
    case: Case,
    action: CaseAction,
    *,
    by: Any,
    today: date,
    rule_version: str | None = None,
    payload: dict[str, Any] | None = None,
    **changes: Any,
) -> Decision:
    """Attempt the move on today's facts; on success store the new stage and write the ledger event."""
    facts = gather.case_facts(case, today, rule_version=rule_version, **changes)
    move = workflow.attempt(case.stage_enum, action, facts)
    updated = Case.objects.filter(pk=case.pk, stage=case.stage).update(stage=move.to_stage)
    if not updated:
        raise Refused(f"Case {case.reference} changed while you were looking at it; reload and try again.")
    record(
        f"case.{action}",
        case,
        {
            "from": str(move.from_stage),
            "to": str(move.to_stage),
            "on": today.isoformat(),
            "reasons": list(move.decision.reasons),
            **(payload or {}),
        },
        by=by,
        rule_version=move.decision.rule_version or "",
    )
    case.stage = move.to_stage
    return move.decision


def respondent_of(case: Case) -> Member:
    """The member the case is about; refused while triage has not yet identified them."""
    if case.respondent is None:
        raise Refused(f"Case {case.reference} does not yet say which member it is about; triage identifies them.")
    return case.respondent


def _respondent(case: Case) -> Recipient:
    member = case.respondent
    assert member is not None  # notices go to a respondent only after triage identified them
    if member.account is not None:
        return Recipient.of(member.account)
    return Recipient(member.name, member.email)


def _complainants(case: Case) -> list[Recipient]:
    people = [
        Recipient.of(p.person) for p in case.parties.filter(part=CaseParty.Part.COMPLAINANT).select_related("person")
    ]
    if not people and case.complainant_email:
        people.append(Recipient(case.complainant_name or case.complainant_email, case.complainant_email))
    return people


# --- intake and triage -----------------------------------------------------------------------------


@transaction.atomic
def lodge_complaint(
    *,
    summary: str,
    source: str,
    respondent: Member | None = None,
    respondent_named: str = "",
    by: Any = None,
    complainant_name: str = "",
    complainant_email: str = "",
    today: date | None = None,
) -> Case:
    """Receive a complaint (from a member's page, staff or the public form) and give it a reference."""
    today = _today(today)
    problems = []
    if not summary.strip():
        problems.append("Say what happened: a complaint needs a written account.")
    if respondent is None and not respondent_named.strip():
        problems.append("Say whom the complaint is about.")
    if source == Case.Source.EXTERNAL and not (complainant_name.strip() and complainant_email.strip()):
        problems.append("Give your name and email address so the case officer can reply.")
    if by is not None and respondent is not None and respondent.account_id == getattr(by, "pk", None):
        problems.append("You cannot complain about yourself.")
    if problems:
        raise Refused(Decision.refuse(*problems))
    case = Case.objects.create(
        reference=f"pending-{secrets.token_hex(6)}",
        respondent=respondent,
        respondent_named=respondent_named.strip() or (respondent.name if respondent else ""),
        source=source,
        summary=summary.strip(),
        received_on=today,
        complainant_name=complainant_name.strip(),
        complainant_email=complainant_email.strip(),
    )
    case.reference = f"C-{today.year}-{case.pk:05d}"
    case.save(update_fields=["reference"])
    if by is not None and source != Case.Source.STAFF:
        CaseParty.objects.create(case=case, person=by, part=CaseParty.Part.COMPLAINANT)
    elif by is not None:
        _acted(case, by)
    record(
        "case.received",
        case,
        {
            "source": source,
            "respondent": respondent.membership_number if respondent else None,
            "respondent_named": case.respondent_named,
            "on": today.isoformat(),
        },
        by=by,
    )
    for person in _complainants(case):
        send_notice(
            kind="complaint_received",
            to=person,
            case=case,
            by=by,
            subject=f"Your complaint, reference {case.reference}",
            paragraphs=[
                f"We received your complaint on {long_date(today)}. Its reference is {case.reference}.",
                "A case officer will decide whether there is a case to answer. You will be told "
                "how the case progresses; the evidence and the respondent's answers stay "
                "confidential to the parties who need them.",
            ],
        )
    return case


@transaction.atomic
def triage(
    *, case: Case, by: Any, reasons: str = "", respondent: Member | None = None, today: date | None = None
) -> Case:
    """Identify the member the complaint is about (if not yet known) and take the case on."""
    if respondent is not None and case.respondent_id is None:
        # The case officer identifies the member; the case now sits in that member's area.
        Case.objects.filter(pk=case.pk).update(respondent=respondent)
        case.respondent = respondent
    if case.respondent_id is None:
        _require_officer(case, by)
        raise Refused("Identify the member the complaint is about (by membership number) before triage.")
    _require_officer(case, by)
    today = _today(today)
    _move(
        case,
        Ac.TRIAGE,
        by=by,
        today=today,
        payload={"notes": reasons, "respondent": respondent_of(case).membership_number},
    )
    Case.objects.filter(pk=case.pk).update(triage_reasons=reasons.strip())
    case.triage_reasons = reasons.strip()
    _acted(case, by)
    return case


@transaction.atomic
def dismiss_no_case(*, case: Case, by: Any, reasons: str, today: date | None = None) -> Case:
    """No case to answer, with written reasons sent to the complainant (and the respondent if told)."""
    _require_officer(case, by)
    today = _today(today)
    _move(case, Ac.DISMISS_NO_CASE, by=by, today=today, action_reasons=reasons, payload={"reasons": reasons})
    _close(case, today, reasons)
    _acted(case, by)
    for person in _complainants(case):
        send_notice(
            kind="no_case",
            to=person,
            case=case,
            by=by,
            subject=f"Case {case.reference}: no case to answer",
            paragraphs=[
                f"The complaint was considered on {long_date(today)}. There is no case to answer.",
                f"Reasons: {reasons.strip()}",
            ],
        )
    return case


def _close(case: Case, today: date, reasons: str) -> None:
    Case.objects.filter(pk=case.pk).update(closed_on=today, closed_reasons=reasons.strip())
    case.closed_on, case.closed_reasons = today, reasons.strip()


# --- framing the case: allegations, evidence, witnesses, declarations ----------------------------


def _require_framing(case: Case) -> None:
    if case.stage not in FRAMING_STAGES:
        raise Refused(
            f"Case {case.reference} is {workflow.CASE_WORKFLOW.label(case.stage_enum)}: allegations and "
            "evidence are fixed once notice has been served. Serve a fresh notice in a new case instead."
        )


@transaction.atomic
def add_allegation(
    *,
    case: Case,
    by: Any,
    text: str,
    conduct_on: date,
    rule_key: str = "",
    proscription: Proscription | None = None,
    today: date | None = None,
) -> Allegation:
    """An allegation cites the rule version in force on the conduct date, or a proscription then in force."""
    _require_officer(case, by)
    _require_framing(case)
    today = _today(today)
    problems = []
    if not text.strip():
        problems.append("Say what the member is alleged to have done.")
    if conduct_on > today:
        problems.append(f"The conduct cannot be dated after today ({long_date(today)}).")
    if bool(rule_key) == (proscription is not None):
        problems.append("An allegation cites exactly one thing: a rule, or a proscription.")
    version: RuleVersionRow | None = None
    if rule_key and proscription is None:
        rulebook = load_rulebook()
        try:
            cited = rulebook.in_force(rule_key, conduct_on)
        except RuleNotInForce as missing:
            problems.append(f"Refused: {missing}; conduct is judged only by a rule in force when it happened.")
        else:
            version = RuleVersionRow.objects.get(rule__key=rule_key, version=cited.version)
    if proscription is not None:
        counts = support_counts(
            proscription.proscribed_from,
            proscription.lifted_on,
            conduct_on,
            organisation=proscription.organisation.name,
        )
        if not counts:
            problems.extend(counts.reasons)
    if problems:
        raise Refused(Decision.refuse(*problems))
    number = case.allegations.count() + 1
    allegation = Allegation.objects.create(
        case=case,
        number=number,
        text=text.strip(),
        conduct_on=conduct_on,
        rule_version=version,
        proscription=proscription,
    )
    cites = f"{version.rule.key}@{version.version}" if version else f"proscription:{proscription.pk}"  # type: ignore[union-attr]
    record(
        "case.allegation_added",
        case,
        {"number": number, "text": allegation.text, "conduct_on": conduct_on.isoformat(), "cites": cites},
        by=by,
        rule_version=cites if version else "",
    )
    _acted(case, by)
    return allegation


@transaction.atomic
def add_evidence(
    *,
    case: Case,
    by: Any,
    content: bytes,
    filename: str,
    description: str,
    dated_on: date,
    allegation: Allegation | None = None,
    shown_to_respondent: bool = True,
    withheld_reason: str = "",
) -> Evidence:
    """Store a file privately and put its SHA-256 in the ledger; support must postdate the proscription."""
    if not (may_administer(by, case) or case.investigator_id == getattr(by, "pk", None)):
        raise Refused("Only the case officer or the investigator may add evidence to this case.")
    _require_framing(case)
    problems = []
    if not content:
        problems.append("The evidence file is empty.")
    if not description.strip():
        problems.append("Describe the evidence in a line.")
    if not shown_to_respondent and not withheld_reason.strip():
        problems.append(
            "Evidence withheld from the respondent needs a written reason (for example, to protect "
            "a witness); the panel will weigh it."
        )
    if allegation is not None and allegation.case_id != case.pk:
        problems.append("That allegation belongs to another case.")
    if allegation is not None and allegation.proscription is not None:
        p = allegation.proscription
        counts = support_counts(p.proscribed_from, p.lifted_on, dated_on, organisation=p.organisation.name)
        if not counts:
            problems.extend(counts.reasons)
    if problems:
        raise Refused(Decision.refuse(*problems))
    sha = hashlib.sha256(content).hexdigest()
    item = Evidence(
        case=case,
        allegation=allegation,
        description=description.strip(),
        dated_on=dated_on,
        original_name=filename[:255],
        sha256=sha,
        size=len(content),
        shown_to_respondent=shown_to_respondent,
        withheld_reason=withheld_reason.strip(),
        added_by=by,
        added_at=timezone.now(),
    )
    item.file.save(f"{case.reference}-{sha[:16]}", ContentFile(content), save=False)
    item.save()
    record(
        "case.evidence_added",
        case,
        {
            "evidence": item.pk,
            "sha256": sha,
            "size": len(content),
            "dated_on": dated_on.isoformat(),
            "description": item.description,
            "shown_to_respondent": shown_to_respondent,
        },
        by=by,
    )
    _acted(case, by)
    return item


@transaction.atomic
def add_witness(*, case: Case, by: Any, person: Any) -> CaseParty:
    _require_officer(case, by)
    party, _ = CaseParty.objects.get_or_create(case=case, person=person, part=CaseParty.Part.WITNESS)
    record("case.witness_added", case, {"person": person.pk}, by=by)
    return party


@transaction.atomic
def declare_interest(*, case: Case, person: Any, interest: str) -> Declaration:
    """Anyone may declare an interest in a case; from then on they sit on none of its panels."""
    if not interest.strip():
        raise Refused("Say what the interest is.")
    declaration = Declaration.objects.create(
        case=case, person=person, interest=interest.strip(), declared_at=timezone.now()
    )
    record("case.interest_declared", case, {"person": person.pk, "interest": declaration.interest}, by=person)
    return declaration


# --- investigation and notice --------------------------------------------------------------------


@transaction.atomic
def open_investigation(*, case: Case, by: Any, investigator: Any, today: date | None = None) -> Case:
    _require_officer(case, by)
    today = _today(today)
    Case.objects.filter(pk=case.pk).update(investigator=investigator)
    case.investigator = investigator
    _move(case, Ac.OPEN_INVESTIGATION, by=by, today=today, payload={"investigator": investigator.pk})
    _acted(case, by)
    _acted(case, investigator)
    return case


@transaction.atomic
def serve_notice(*, case: Case, by: Any, today: date | None = None) -> Case:
    """Serve the allegations with the evidence bundle; the response window is set by the rulebook."""
    _require_officer(case, by)
    today = _today(today)
    deadline = response_deadline_rule(today, load_rulebook())
    Case.objects.filter(pk=case.pk).update(notice_served_on=today, evidence_bundle_served=True, respond_by=deadline.on)
    case.notice_served_on, case.evidence_bundle_served, case.respond_by = today, True, deadline.on
    _move(
        case,
        Ac.SERVE_NOTICE,
        by=by,
        today=today,
        rule_version=deadline.rule_version,
        payload={"respond_by": deadline.on.isoformat()},
    )
    _acted(case, by)
    allegations = list(case.allegations.select_related("rule_version__rule", "proscription__organisation"))
    shown = list(case.evidence.filter(shown_to_respondent=True))
    withheld = case.evidence.filter(shown_to_respondent=False).count()
    send_notice(
        kind="allegations",
        to=_respondent(case),
        case=case,
        by=by,
        subject=f"Notice of allegations, case {case.reference}",
        paragraphs=[
            f"This notice sets out what is alleged against you. {deadline.reason}: you may respond "
            f"until {long_date(deadline.on)}, and longer if this notice reaches you late — the 14 days "
            "run from the day it is delivered. No decision will be taken before then.",
            *[
                f"Allegation {a.number}: {a.text} (conduct dated {long_date(a.conduct_on)}; cites "
                f"{gather.core_allegation(a).cites})"
                for a in allegations
            ],
            "Evidence enclosed: "
            + (
                "; ".join(f"{e.description} (dated {long_date(e.dated_on)}, SHA-256 {e.sha256[:12]}…)" for e in shown)
                or "none"
            )
            + (f". {withheld} item(s) withheld, each with a written reason the panel will weigh." if withheld else "."),
            "You may respond in writing from your page in moot, and bring a companion or representative "
            "to any hearing. An independent panel, with nobody who has acted in the case, will decide.",
        ],
    )
    return case


@transaction.atomic
def record_delivery(*, case: Case, by: Any, delivered_on: date, today: date | None = None) -> Case:
    """Delivery starts the clock: the respond-by date moves so the member has the full window."""
    _require_officer(case, by)
    today = _today(today)
    if case.notice_served_on and delivered_on < case.notice_served_on:
        raise Refused(f"Delivery cannot be before the notice was served on {long_date(case.notice_served_on)}.")
    if delivered_on > today:
        raise Refused("Delivery cannot be recorded for a day still to come.")
    rule = load_rulebook().in_force(RuleKey.ALLEGATION_RESPONSE, case.notice_served_on or delivered_on)
    respond_by = gather.response_deadline(case.notice_served_on or delivered_on, delivered_on, rule.integer("days"))
    Case.objects.filter(pk=case.pk).update(notice_delivered_on=delivered_on, respond_by=respond_by)
    case.notice_delivered_on, case.respond_by = delivered_on, respond_by
    _move(
        case,
        Ac.RECORD_DELIVERY,
        by=by,
        today=today,
        rule_version=rule.ref,
        min_response_days=rule.integer("days"),
        payload={"delivered_on": delivered_on.isoformat(), "respond_by": respond_by.isoformat()},
    )
    _acted(case, by)
    return case


@transaction.atomic
def submit_response(*, case: Case, by: Any, response: str, companion: str = "", today: date | None = None) -> Case:
    """The respondent answers the allegations, naming a companion or representative if they wish."""
    today = _today(today)
    if respondent_of(case).account_id != getattr(by, "pk", None):
        raise Refused("Only the member the allegations are about may respond to them.")
    if not response.strip():
        raise Refused("Write your response before sending it.")
    if case.respond_by and today > case.respond_by:
        raise Refused(
            f"The response window closed on {long_date(case.respond_by)}. Ask the case officer to "
            "accept a late response if you had good reason."
        )
    Case.objects.filter(pk=case.pk).update(
        response=response.strip(), companion=companion.strip(), response_received_on=today
    )
    case.response, case.companion, case.response_received_on = response.strip(), companion.strip(), today
    _move(
        case,
        Ac.RECEIVE_RESPONSE,
        by=by,
        today=today,
        payload={
            "companion": companion.strip(),
            "response_sha256": hashlib.sha256(response.strip().encode()).hexdigest(),
        },
    )
    return case


@transaction.atomic
def close_response_window(*, case: Case, by: Any = None, today: date | None = None) -> Case:
    """After respond-by with no response: the case may go to a panel (moot tick does this daily)."""
    if by is not None:
        _require_officer(case, by)
    _move(case, Ac.CLOSE_RESPONSE_WINDOW, by=by, today=_today(today))
    return case


# --- panel, hearing, decision, appeal -------------------------------------------------------------


def _check_panel(people: Sequence[Any]) -> None:
    not_members = [p for p in people if not holds(p, Role.PANEL_MEMBER)]
    if not_members:
        raise Refused(
            Decision.refuse(
                *[
                    f"{p.name or p.email} is not a member of the disciplinary committee's panel list."
                    for p in not_members
                ]
            )
        )
    if len({p.pk for p in people}) != len(people):
        raise Refused("The same person is named twice on the panel.")


@transaction.atomic
def refer_to_panel(*, case: Case, by: Any, panel: Sequence[Any], today: date | None = None) -> Case:
    """Name the panel; the workflow refuses anyone who acted, complained, witnessed or declared an interest."""
    _require_officer(case, by)
    _check_panel(panel)
    today = _today(today)
    case.parties.filter(part=CaseParty.Part.PANEL).delete()
    CaseParty.objects.bulk_create([CaseParty(case=case, person=p, part=CaseParty.Part.PANEL) for p in panel])
    _move(case, Ac.REFER_TO_PANEL, by=by, today=today, payload={"panel": [p.pk for p in panel]})
    _acted(case, by)
    return case


def _require_panel(case: Case, by: Any, part: str = CaseParty.Part.PANEL) -> None:
    if not case.parties.filter(part=part, person=by).exists():
        raise Refused("Only a member of the panel hearing this case may do this.")


@transaction.atomic
def open_hearing(*, case: Case, by: Any, hearing_on: date, today: date | None = None) -> Case:
    _require_panel(case, by)
    today = _today(today)
    if hearing_on < today:
        raise Refused("A hearing cannot be fixed for a day already past.")
    Case.objects.filter(pk=case.pk).update(hearing_on=hearing_on)
    case.hearing_on = hearing_on
    _move(case, Ac.OPEN_HEARING, by=by, today=today, payload={"hearing_on": hearing_on.isoformat()})
    companion = (
        f" Your companion or representative, {case.companion}, may attend."
        if case.companion
        else (" You may bring a companion or representative.")
    )
    send_notice(
        kind="hearing",
        to=_respondent(case),
        case=case,
        by=by,
        subject=f"Hearing of case {case.reference}",
        paragraphs=[
            f"The panel will hear your case on {long_date(hearing_on)}.{companion}",
            "The panel members have declared that they have had no part in the case.",
        ],
    )
    return case


@dataclass(frozen=True)
class ProposedFinding:
    allegation_number: int
    upheld: bool
    reasons: str


@transaction.atomic
def decide(
    *,
    case: Case,
    by: Any,
    findings: Iterable[ProposedFinding],
    sanction: str = "",
    sanction_months: int | None = None,
    reasons: str = "",
    today: date | None = None,
) -> Case:
    """The panel's reasoned decision on every allegation; a sanction only as the rulebook allows."""
    today = _today(today)
    _refuse_premature_decision(case, by, today)
    _require_panel(case, by)
    findings = list(findings)
    rulebook = load_rulebook()
    by_number = {a.number: a for a in case.allegations.select_related("proscription")}
    upheld = [by_number[f.allegation_number] for f in findings if f.upheld and f.allegation_number in by_number]
    allowed = gather.allowed_sanctions(rulebook, upheld, today)
    period_refusals: tuple[str, ...] = ()
    rule_version = ""
    for a in upheld if sanction else []:
        check = sanction_allowed(
            rulebook,
            finding=gather.finding_label(a),
            sanction=sanction,
            conduct_on=a.conduct_on,
            decided_on=today,
            months=sanction_months,
        )
        rule_version = check.rule_version or rule_version
        if not check:
            period_refusals += check.reasons
            allowed = allowed - {sanction}
    core_findings = tuple(CoreFinding(str(f.allegation_number), f.upheld, f.reasons) for f in findings)
    try:
        _move(
            case,
            Ac.DECIDE,
            by=by,
            today=today,
            findings=core_findings,
            proposed_sanction=sanction or None,
            allowed_sanctions=allowed,
            rule_version=rule_version or None,
            payload={
                "findings": [
                    {"allegation": f.allegation_number, "upheld": f.upheld, "reasons": f.reasons} for f in findings
                ],
                "sanction": sanction,
                "sanction_months": sanction_months,
                "reasons": reasons,
            },
        )
    except Refused as refused:
        if period_refusals:
            raise Refused(
                Decision.refuse(*refused.decision.reasons, *period_refusals, rule_version=refused.decision.rule_version)
            ) from refused
        raise
    for f in findings:
        Finding.objects.create(allegation=by_number[f.allegation_number], upheld=f.upheld, reasons=f.reasons.strip())
    Case.objects.filter(pk=case.pk).update(
        decided_on=today, sanction=sanction, sanction_months=sanction_months, decision_reasons=reasons.strip()
    )
    case.decided_on, case.sanction, case.sanction_months = today, sanction, sanction_months
    case.decision_reasons = reasons.strip()
    return case


def _refuse_premature_decision(case: Case, by: Any, today: date) -> None:
    """Before the hearing, say everything that stands in the way, the response window first (ACAS)."""
    if case.stage == St.HEARING:
        return
    facts = gather.case_facts(case, today)
    reasons = list(workflow.check(case.stage_enum, Ac.DECIDE, facts).reasons)
    heard = respondent_heard(facts)
    if case.stage in workflow.OPEN_STAGES and not heard:
        reasons = [*heard.reasons, *reasons]
    if not case.parties.filter(part=CaseParty.Part.PANEL, person=by).exists():
        reasons.append("Only a member of the panel hearing this case may decide it.")
    raise Refused(Decision.refuse(*reasons, rule_version=heard.rule_version))


@transaction.atomic
def notify_decision(*, case: Case, by: Any, today: date | None = None) -> Case:
    """Send the decision with its reasons and the right of appeal; the appeal window runs from today."""
    if not (may_administer(by, case) or case.parties.filter(part=CaseParty.Part.PANEL, person=by).exists()):
        raise Refused("Only the case officer or a member of the panel may send the decision.")
    today = _today(today)
    deadline = appeal_deadline(today, load_rulebook())
    Case.objects.filter(pk=case.pk).update(decision_notified_on=today, appeal_by=deadline.on)
    case.decision_notified_on, case.appeal_by = today, deadline.on
    _move(
        case,
        Ac.NOTIFY_DECISION,
        by=by,
        today=today,
        rule_version=deadline.rule_version,
        payload={"appeal_by": deadline.on.isoformat()},
    )
    findings = [
        f"Allegation {a.number}: {'upheld' if a.finding.upheld else 'not upheld'}. {a.finding.reasons}"
        for a in case.allegations.select_related("finding")
    ]
    outcome = (
        f"Sanction: {case.sanction}"
        + (f" for {case.sanction_months} months" if case.sanction_months else "")
        + ". It takes effect only when the decision is final."
        if case.sanction
        else "No sanction."
    )
    letter = [
        f"The panel decided your case on {long_date(case.decided_on or today)}.",
        *findings,
        outcome,
        f"Reasons: {case.decision_reasons}" if case.decision_reasons else "",
        f"You may appeal until {long_date(deadline.on)} from your page in moot. The appeal will be heard "
        "by members who have had no part in the case.",
    ]
    send_notice(
        kind="decision",
        to=_respondent(case),
        case=case,
        by=by,
        subject=f"Decision in case {case.reference}",
        paragraphs=letter,
    )
    for person in _complainants(case):
        send_notice(
            kind="decision",
            to=person,
            case=case,
            by=by,
            subject=f"Case {case.reference}: decided",
            paragraphs=[
                f"The panel has decided the case. The member may appeal until "
                f"{long_date(deadline.on)}; you will be told when the decision is final."
            ],
        )
    return case


@transaction.atomic
def lodge_appeal(*, case: Case, by: Any, grounds: str, today: date | None = None) -> Case:
    today = _today(today)
    if respondent_of(case).account_id != getattr(by, "pk", None):
        raise Refused("Only the member the decision is about may appeal against it.")
    if not grounds.strip():
        raise Refused("Give the grounds of your appeal.")
    Case.objects.filter(pk=case.pk).update(appeal_lodged_on=today, appeal_grounds=grounds.strip())
    case.appeal_lodged_on, case.appeal_grounds = today, grounds.strip()
    _move(case, Ac.LODGE_APPEAL, by=by, today=today, payload={"grounds": grounds.strip()})
    return case


@transaction.atomic
def close_appeal_window(*, case: Case, by: Any = None, today: date | None = None) -> Case:
    """No appeal by appeal-by: the decision is final and its sanction takes effect (moot tick)."""
    if by is not None:
        _require_officer(case, by)
    today = _today(today)
    _move(case, Ac.CLOSE_APPEAL_WINDOW, by=by, today=today)
    _make_final(case, by, today)
    return case


@transaction.atomic
def appoint_appeal_panel(*, case: Case, by: Any, panel: Sequence[Any]) -> Case:
    """Name the appeal panel; deciding the appeal refuses anyone who acted before, first panel included."""
    _require_officer(case, by)
    if case.stage != St.APPEALED:
        raise Refused(f"Case {case.reference} has no appeal to hear.")
    _check_panel(panel)
    case.parties.filter(part=CaseParty.Part.APPEAL_PANEL).delete()
    CaseParty.objects.bulk_create([CaseParty(case=case, person=p, part=CaseParty.Part.APPEAL_PANEL) for p in panel])
    record("case.appeal_panel_named", case, {"panel": [p.pk for p in panel]}, by=by)
    return case


@transaction.atomic
def decide_appeal(*, case: Case, by: Any, outcome: str, reasons: str, today: date | None = None) -> Case:
    _require_panel(case, by, CaseParty.Part.APPEAL_PANEL)
    today = _today(today)
    if outcome not in Case.AppealOutcome.values:
        raise Refused("The appeal is either dismissed (the decision stands) or allowed (it is set aside).")
    _move(
        case,
        Ac.DECIDE_APPEAL,
        by=by,
        today=today,
        appeal_reasons=reasons,
        payload={"outcome": outcome, "reasons": reasons},
    )
    Case.objects.filter(pk=case.pk).update(
        appeal_outcome=outcome, appeal_reasons=reasons.strip(), appeal_decided_on=today
    )
    case.appeal_outcome, case.appeal_reasons, case.appeal_decided_on = outcome, reasons.strip(), today
    stands = outcome == Case.AppealOutcome.DISMISSED
    result = "dismissed: the decision stands" if stands else "allowed: the decision is set aside"
    send_notice(
        kind="appeal_outcome",
        to=_respondent(case),
        case=case,
        by=by,
        subject=f"Your appeal, case {case.reference}",
        paragraphs=[f"Your appeal was {result} ({long_date(today)}).", f"Reasons: {reasons.strip()}"],
    )
    if stands:
        _make_final(case, by, today)
    else:
        _close(case, today, f"Appeal allowed: {reasons.strip()}")
    return case


def _make_final(case: Case, by: Any, today: date) -> None:
    """The decision is final: apply its sanction to the membership through the register's service."""
    _close(case, today, "Decision final.")
    status = SANCTION_STATUS.get(case.sanction)
    member = Member.objects.get(pk=respondent_of(case).pk)
    if status is not None and member.status != status:
        months = f" for {case.sanction_months} months" if case.sanction_months else ""
        rule = load_rulebook().in_force(RuleKey.SANCTIONS, today)
        change_member_status(
            member=member,
            status=status,
            from_on=today,
            by=by,
            rule_version=rule.ref,
            reason=f"Sanction in case {case.reference}: {case.sanction}{months}. {case.decision_reasons}".strip(),
        )
        if case.sanction in PERIOD_ENDS:
            end_membership(member=member, on=today, end_reason=PERIOD_ENDS[case.sanction], by=by)
        case.respondent = member
    ends = add_months(today, case.sanction_months) if case.sanction == "suspension" and case.sanction_months else None
    Case.objects.filter(pk=case.pk).update(sanction_applied_on=today if case.sanction else None, sanction_ends_on=ends)
    case.sanction_applied_on, case.sanction_ends_on = (today if case.sanction else None), ends
    record(
        "case.final",
        case,
        {"sanction": case.sanction, "applied_on": today.isoformat(), "ends_on": ends.isoformat() if ends else None},
        by=by,
    )
    for person in _complainants(case):
        send_notice(
            kind="case_closed",
            to=person,
            case=case,
            by=by,
            subject=f"Case {case.reference}: final",
            paragraphs=[f"The case is closed; the decision became final on {long_date(today)}."],
        )


# --- closing early ----------------------------------------------------------------------------------


@transaction.atomic
def withdraw(*, case: Case, by: Any, reasons: str, today: date | None = None) -> Case:
    _require_officer(case, by)
    today = _today(today)
    _move(case, Ac.WITHDRAW, by=by, today=today, action_reasons=reasons, payload={"reasons": reasons})
    _close(case, today, f"Withdrawn: {reasons.strip()}")
    _acted(case, by)
    for person in [_respondent(case)] if case.notice_served_on else []:
        send_notice(
            kind="case_closed",
            to=person,
            case=case,
            by=by,
            subject=f"Case {case.reference} withdrawn",
            paragraphs=[f"The case against you was withdrawn on {long_date(today)}.", f"Reasons: {reasons.strip()}"],
        )
    return case


@transaction.atomic
def lapse(*, case: Case, by: Any = None, today: date | None = None) -> Case:
    """The respondent has left the organisation: the case lapses (it never lapses by neglect)."""
    today = _today(today)
    _move(case, Ac.LAPSE, by=by, today=today)
    _close(case, today, "Lapsed: the respondent is no longer a member.")
    return case


# --- reading ----------------------------------------------------------------------------------------


def open_case(*, case: Case, reader: Any, what: str = "case page") -> View:
    """The reader's view of the case, logged; a case outside their part is refused as not found."""
    view = case_view(reader, case)
    if view is None:
        raise Case.DoesNotExist(f"No case {case.pk} for this reader.")
    CaseRead.objects.create(case=case, reader=reader, as_part=str(view), what=what, at=timezone.now())
    return view


def rule_keys_citable() -> list[Rule]:
    """The rules an allegation may cite (every rule in the rulebook, newest title first)."""
    return list(Rule.objects.order_by("title"))
