"""Every write to the rulebook and the proscription register, each by the national executive."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from moot.core.rules import Refused, amendment_allowed
from moot.core.rules import RuleVersion as CoreRuleVersion
from moot.core.rules.defaults import default_versions
from moot.core.rules.versions import parameters_from_json
from moot.ledger.services import Entry, record, record_many
from moot.rulebook.models import Organisation, Proscription, Rule, RuleVersion
from moot.rulebook.selectors import load_rulebook


def install_default_rulebook_if_empty(*args: Any, using: str = "default", **kwargs: Any) -> None:
    """Seed version 1 of every standing rule not yet in the rulebook (after migrate or flush)."""
    # Per rule, not all-or-nothing: a rule added to the defaults by an upgrade reaches existing
    # databases, while rules already there (and their amendments) are never touched.
    present = set(Rule.objects.using(using).values_list("key", flat=True))
    versions = [v for v in default_versions() if v.key not in present]
    if not versions:
        return
    with transaction.atomic(using=using):
        now = timezone.now()
        rules = {v.key: Rule.objects.create(key=v.key, title=v.title) for v in versions}
        rows = [
            RuleVersion.objects.create(
                rule=rules[v.key],
                version=v.version,
                effective_from=v.effective_from,
                text=v.text,
                parameters=v.parameters_json(),
                reason=v.reason or "",
                made_at=now,
            )
            for v in versions
        ]
        record_many(
            [
                Entry(
                    "rule.version_made",
                    row,
                    {
                        "rule": row.rule.key,
                        "version": row.version,
                        "effective_from": row.effective_from.isoformat(),
                        "parameters": row.parameters,
                        "reason": row.reason,
                    },
                    by=None,
                    rule_version=f"{row.rule.key}@{row.version}",
                )
                for row in rows
            ]
        )


@transaction.atomic
def amend_rule(
    *,
    key: str,
    effective_from: date,
    parameters: dict[str, Any],
    text: str,
    reason: str,
    decision_reference: str,
    by: Any,
    today: date | None = None,
) -> RuleVersion:
    """Make the next version of a rule; it may take effect today or later, never earlier."""
    today = today or timezone.localdate()
    rule = Rule.objects.select_for_update().filter(key=key).first()
    if rule is None:
        raise Refused(f"There is no rule '{key}'.")
    if not reason.strip() or not decision_reference.strip():
        raise Refused("An amendment needs written reasons and the decision's minute reference.")
    rulebook = load_rulebook()
    proposed = CoreRuleVersion(
        key=key,
        version=len(rulebook.history(key)) + 1,
        effective_from=effective_from,
        title=rule.title,
        text=text,
        parameters=parameters_from_json(parameters),
        made_by=str(by),
        made_on=today,
        reason=reason,
    )
    decision = amendment_allowed(rulebook, proposed, today)
    if not decision:
        raise Refused(decision)
    row = RuleVersion.objects.create(
        rule=rule,
        version=proposed.version,
        effective_from=effective_from,
        text=text,
        parameters=proposed.parameters_json(),
        reason=reason,
        decision_reference=decision_reference,
        made_by=by,
        made_at=timezone.now(),
    )
    record(
        "rule.version_made",
        row,
        {
            "rule": key,
            "version": row.version,
            "effective_from": effective_from.isoformat(),
            "parameters": row.parameters,
            "reason": reason,
            "decision_reference": decision_reference,
        },
        by=by,
        rule_version=proposed.ref,
    )
    from moot.discipline.reviews import open_reviews_for_amended_rule  # discipline imports the rulebook

    open_reviews_for_amended_rule(row, by=by, today=today)
    return row


@transaction.atomic
def register_organisation(*, name: str, kind: str, description: str, by: Any) -> Organisation:
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise Refused(f"{name} is already on the register of organisations.")
    if kind not in Organisation.Kind.values:
        raise Refused(f"'{kind}' is not a kind of organisation moot knows.")
    organisation = Organisation.objects.create(name=name.strip(), kind=kind, description=description)
    record("organisation.registered", organisation, {"name": organisation.name, "kind": kind}, by=by)
    return organisation


@transaction.atomic
def proscribe_organisation(
    *,
    organisation: Organisation,
    proscribed_from: date,
    decided_by: str,
    minute_reference: str,
    reasons: str,
    support_criteria: str,
    by: Any,
    today: date | None = None,
) -> Proscription:
    """Proscribe from a date no earlier than the decision: support given before it never counts."""
    today = today or timezone.localdate()
    if proscribed_from < today:
        raise Refused(
            f"A proscription decided on {today:%-d %B %Y} cannot take effect earlier, on "
            f"{proscribed_from:%-d %B %Y}: conduct is judged only by the rules in force when it happened."
        )
    missing = [
        name
        for name, value in (
            ("the deciding body", decided_by),
            ("a minute reference", minute_reference),
            ("written reasons", reasons),
            ("the criteria of support", support_criteria),
        )
        if not value.strip()
    ]
    if missing:
        raise Refused("A proscription needs " + ", ".join(missing) + ".")
    if organisation.proscriptions.filter(lifted_on__isnull=True).exists():
        raise Refused(f"{organisation} is already proscribed.")
    proscription = Proscription.objects.create(
        organisation=organisation,
        proscribed_from=proscribed_from,
        decided_by=decided_by,
        minute_reference=minute_reference,
        reasons=reasons,
        support_criteria=support_criteria,
        recorded_by=by,
    )
    record(
        "organisation.proscribed",
        proscription,
        {
            "organisation": organisation.pk,
            "proscribed_from": proscribed_from.isoformat(),
            "decided_by": decided_by,
            "minute_reference": minute_reference,
            "reasons": reasons,
            "support_criteria": support_criteria,
        },
        by=by,
    )
    return proscription


@transaction.atomic
def lift_proscription(
    *,
    proscription: Proscription,
    lifted_on: date,
    minute_reference: str,
    reasons: str,
    by: Any,
    today: date | None = None,
) -> Proscription:
    """Lift a proscription from a date; every case or sanction that relied on it is opened for review."""
    if proscription.lifted_on is not None:
        raise Refused(f"This proscription was already lifted on {proscription.lifted_on:%-d %B %Y}.")
    if lifted_on <= proscription.proscribed_from:
        raise Refused("A proscription can only be lifted after the date it took effect.")
    if not reasons.strip() or not minute_reference.strip():
        raise Refused("Lifting a proscription needs written reasons and the decision's minute reference.")
    updated = Proscription.objects.filter(pk=proscription.pk, lifted_on__isnull=True).update(
        lifted_on=lifted_on, lifted_minute_reference=minute_reference, lifted_reasons=reasons
    )
    if not updated:
        raise Refused("This proscription changed while you were looking at it; reload and try again.")
    proscription.refresh_from_db()
    record(
        "organisation.proscription_lifted",
        proscription,
        {"lifted_on": lifted_on.isoformat(), "minute_reference": minute_reference, "reasons": reasons},
        by=by,
    )
    from moot.discipline.reviews import open_reviews_for_lifted_proscription  # discipline imports the rulebook

    open_reviews_for_lifted_proscription(proscription, by=by, today=today)
    return proscription
