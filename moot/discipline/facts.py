"""Gathering the pure workflows' facts from the database, and their rules from the rulebook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Q

from moot.core.rules.dates import add_days
from moot.core.rules.defaults import RuleKey
from moot.core.rules.sanctions import sanctions_allowed
from moot.core.rules.versions import Rulebook
from moot.core.workflows import case_facts as core
from moot.core.workflows.interim_suspension import InterimRules
from moot.core.workflows.interim_suspension import InterimSuspension as CoreInterim
from moot.core.workflows.unit_suspension import UnitRules
from moot.core.workflows.unit_suspension import UnitSuspension as CoreUnitSuspension
from moot.discipline.models import Allegation, Case, CaseParty, InterimSuspension, UnitSuspension
from moot.organisation.models import Office
from moot.roles import Role

PROSCRIBED_SUPPORT = "proscribed-support-proven"
PROVEN = "proven"


def interim_rules(rulebook: Rulebook, on: date) -> InterimRules:
    """The interim-suspension rule in force on `on`, as the workflow's parameters."""
    rule = rulebook.in_force(RuleKey.INTERIM_SUSPENSION, on)
    return InterimRules(
        review_days=rule.integer("review_days"),
        maximum_months=rule.integer("maximum_months"),
        imposer_roles=frozenset({Role.CASE_OFFICER.value, Role.NATIONAL_STAFF.value}),
        renewer_roles=frozenset({Role.NATIONAL_STAFF.value}),
        rule_version=rule.ref,
    )


def unit_rules(rulebook: Rulebook, on: date) -> UnitRules:
    rule = rulebook.in_force(RuleKey.UNIT_SUSPENSION, on)
    return UnitRules(
        decider_roles=frozenset({Role.NEC_MEMBER.value}),
        max_review_days=rule.integer("max_review_days"),
        max_sunset_months=rule.integer("max_sunset_months"),
        rule_version=rule.ref,
    )


def case_settled_on(case: Case) -> date | None:
    """The day the case stopped needing an interim suspension: decided, or closed without a decision."""
    # A withdrawn or dismissed case has no decision to wait for; the suspension must not outlive it.
    return case.decided_on or case.closed_on


def core_interim(s: InterimSuspension, case_decided_on: date | None = None) -> CoreInterim:
    """The suspension as the workflow sees it; the case counts as decided once it is settled."""
    settled = case_decided_on or case_settled_on(s.case)
    return CoreInterim(
        member_id=str(s.member_id),
        case_id=s.case.reference,
        stage=s.stage,  # type: ignore[arg-type]
        imposed_on=s.imposed_on,
        imposed_by=str(s.imposed_by_id),
        reasons=s.reasons,
        review_by=s.review_by,
        ends_by=s.ends_by,
        case_decided_on=settled,
        reminded_for=s.reminded_for,
        rule_version=s.rule_version,
    )


def core_unit_suspension(s: UnitSuspension) -> CoreUnitSuspension:
    return CoreUnitSuspension(
        unit_id=str(s.unit_id),
        stage=s.stage,  # type: ignore[arg-type]
        suspended_on=s.suspended_on,
        decided_by=str(s.decided_by_id),
        reasons=s.reasons,
        appointed_officer_id=str(s.appointed_officer_id),
        review_by=s.review_by,
        sunset_on=s.sunset_on,
        reminded_for=s.reminded_for,
        escalated_for=s.escalated_for,
        rule_version=s.rule_version,
    )


def core_allegation(a: Allegation) -> core.Allegation:
    """An allegation with the dates the cited rule version or proscription applied."""
    if a.proscription is not None:
        p = a.proscription
        return core.Allegation(
            id=str(a.number),
            cites=f"the proscription of {p.organisation.name}",
            conduct_on=a.conduct_on,
            cited_from=p.proscribed_from,
            cited_until=p.lifted_on,
        )
    assert a.rule_version is not None
    v = a.rule_version
    following = v.rule.versions.filter(version=v.version + 1).first()
    return core.Allegation(
        id=str(a.number),
        cites=f"rule '{v.rule.title}' (version {v.version})",
        conduct_on=a.conduct_on,
        cited_from=v.effective_from,
        cited_until=following.effective_from if following else None,
    )


def finding_label(a: Allegation) -> str:
    """The rulebook's name for an upheld finding: support of a proscribed organisation, or a charge proven."""
    return PROSCRIBED_SUPPORT if a.proscription_id else PROVEN


def allowed_sanctions(rulebook: Rulebook, upheld: list[Allegation], decided_on: date) -> frozenset[str]:
    """Sanctions allowed for every upheld allegation, by the versions at its conduct date and today."""
    allowed: set[str] | None = None
    for a in upheld:
        label = finding_label(a)
        here = set(sanctions_allowed(rulebook.in_force(RuleKey.SANCTIONS, a.conduct_on), label))
        here &= set(sanctions_allowed(rulebook.in_force(RuleKey.SANCTIONS, decided_on), label))
        allowed = here if allowed is None else allowed & here
    return frozenset(allowed or ())


def person_label(user: Any) -> str:
    """How the guards name a person in a refusal: their name, with the account number to tell namesakes apart."""
    return f"{user.name or user.email} (#{user.pk})"


def _people(case: Case, part: str) -> frozenset[str]:
    return frozenset(person_label(p.person) for p in case.parties.filter(part=part).select_related("person"))


def branch_officer_ids(case: Case, on: date) -> frozenset[str]:
    """Officers of the respondent's branch today: none of them may judge the case."""
    assert case.respondent is not None
    offices = Office.objects.filter(body__unit=case.respondent.branch, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    return frozenset(person_label(o.holder) for o in offices.select_related("holder"))


def case_facts(case: Case, today: date, **changes: Any) -> core.CaseFacts:
    """The case as it stands today; `changes` adds what the action proposes (findings, reasons…)."""
    respondent = case.respondent
    assert respondent is not None, "a case is judged only once triage has identified the respondent"
    left_on = None
    if respondent.status in {"lapsed", "resigned", "expelled", "excluded"}:
        last = respondent.status_changes.order_by("-from_on", "-id").first()
        left_on = last.from_on if last else today
    allegations = list(case.allegations.select_related("rule_version__rule", "proscription__organisation"))
    findings = tuple(
        core.Finding(str(a.number), a.finding.upheld, a.finding.reasons) for a in allegations if hasattr(a, "finding")
    )
    facts = core.CaseFacts(
        today=today,
        respondent_id=person_label(respondent.account) if respondent.account else f"member {respondent.pk}",
        complainant_ids=_people(case, CaseParty.Part.COMPLAINANT),
        witness_ids=_people(case, CaseParty.Part.WITNESS),
        actor_ids=_people(case, CaseParty.Part.ACTOR),
        branch_officer_ids=branch_officer_ids(case, today),
        declarations=tuple(
            core.Declaration(person_label(d.person), d.interest) for d in case.declarations.select_related("person")
        ),
        investigator_id=person_label(case.investigator) if case.investigator else None,
        allegations=tuple(core_allegation(a) for a in allegations),
        notice_served_on=case.notice_served_on,
        evidence_bundle_served=case.evidence_bundle_served,
        notice_delivered_on=case.notice_delivered_on,
        respond_by=case.respond_by,
        response_received_on=case.response_received_on,
        panel_ids=_people(case, CaseParty.Part.PANEL),
        findings=findings,
        proposed_sanction=case.sanction or None,
        decision_notified_on=case.decision_notified_on,
        appeal_by=case.appeal_by,
        appeal_lodged_on=case.appeal_lodged_on,
        appeal_panel_ids=_people(case, CaseParty.Part.APPEAL_PANEL),
        appeal_reasons=case.appeal_reasons,
        respondent_left_on=left_on,
    )
    return replace(facts, **changes) if changes else facts


def response_deadline(served_on: date, delivered_on: date | None, days: int) -> date:
    """The last day to respond: `days` after service, and never fewer than `days` after delivery."""
    return max(add_days(served_on, days), add_days(delivered_on, days) if delivered_on else served_on)
