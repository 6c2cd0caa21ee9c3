"""The due-process guards of a disciplinary case, each a check that returns a reasoned Decision."""

from __future__ import annotations

from collections.abc import Callable

from moot.core.rules.dates import add_days, long_date
from moot.core.rules.decision import Decision
from moot.core.workflows.case_facts import Allegation, CaseFacts
from moot.core.workflows.machine import listed

CaseGuard = Callable[[CaseFacts], Decision]


def _allow(f: CaseFacts, *reasons: str) -> Decision:
    return Decision.allow(*reasons, rule_version=f.rule_version)


def _refuse(f: CaseFacts, *reasons: str) -> Decision:
    return Decision.refuse(*reasons, rule_version=f.rule_version)


def allegation_in_force(allegation: Allegation) -> Decision:
    """No retroactivity: conduct is judged only by the rule or proscription in force on its date."""
    a, conduct = allegation, long_date(allegation.conduct_on)
    if a.conduct_on < a.cited_from:
        return Decision.refuse(
            f"Allegation {a.id} cannot proceed: the conduct is dated {conduct}, before "
            f"{a.cites} took effect on {long_date(a.cited_from)}; conduct is judged only by "
            "the rules in force when it happened."
        )
    if a.cited_until is not None and a.conduct_on >= a.cited_until:
        return Decision.refuse(
            f"Allegation {a.id} cannot proceed: the conduct is dated {conduct}, after {a.cites} "
            f"ceased to apply on {long_date(a.cited_until)}."
        )
    return Decision.allow(
        f"Allegation {a.id}: the conduct on {conduct} falls under {a.cites}, in force from {long_date(a.cited_from)}."
    )


def allegations_in_force(f: CaseFacts) -> Decision:
    """Every allegation cites a rule in force on its conduct date (rulebook: no retroactivity)."""
    if not f.allegations:
        return _refuse(f, "The case has no allegations; there is nothing for the respondent to answer.")
    decision = Decision.all_of(allegation_in_force(a) for a in f.allegations)
    return Decision(decision.allowed, decision.reasons, f.rule_version)


def investigator_impartial(f: CaseFacts) -> Decision:
    """ACAS: the facts are established by someone with no stake in the outcome."""
    who = f.investigator_id
    if not who:
        return _refuse(f, "No investigator has been appointed.")
    why = _stakes(f, who, include_panel=False)
    # Being appointed made them the investigator and an actor; neither is a stake in the outcome.
    why = [w for w in why if w not in ("investigated the case", "acted in the case")]
    if why:
        return _refuse(f, f"{who} cannot investigate the case: {'; '.join(why)}.")
    return _allow(f, f"{who} investigates the case and has no interest in it.")


def notice_served_with_evidence(f: CaseFacts) -> Decision:
    """ACAS: tell the person in writing what is alleged and give them the evidence."""
    if f.notice_served_on is None:
        return _refuse(f, "No notice of the allegations has been served on the respondent.")
    served = long_date(f.notice_served_on)
    if not f.evidence_bundle_served:
        return _refuse(
            f,
            f"The notice served on {served} did not include the evidence bundle; "
            "the respondent must see the evidence against them.",
        )
    return _allow(f, f"Notice of the allegations, with the evidence bundle, was served on {served}.")


def respond_by_set(f: CaseFacts) -> Decision:
    """A notice states the date by which the respondent may reply (STYLE: deadlines are `*_by`)."""
    if f.respond_by is None or f.notice_served_on is None:
        return _refuse(f, "The notice must state the date by which the respondent may respond.")
    if f.respond_by <= f.notice_served_on:
        return _refuse(
            f,
            f"The respond-by date, {long_date(f.respond_by)}, must be after the notice is "
            f"served on {long_date(f.notice_served_on)}.",
        )
    return _allow(f, f"The respondent may respond until {long_date(f.respond_by)}.")


def time_to_prepare(f: CaseFacts) -> Decision:
    """ACAS: reasonable time to prepare, counted from delivery, not from posting."""
    if f.notice_delivered_on is None or f.notice_served_on is None:
        return _refuse(f, "The delivery of the notice has not been recorded.")
    if f.notice_delivered_on < f.notice_served_on:
        return _refuse(f, "The notice cannot be delivered before it was served.")
    earliest = add_days(f.notice_delivered_on, f.min_response_days)
    if f.respond_by is None or f.respond_by < earliest:
        set_to = long_date(f.respond_by) if f.respond_by else "not set"
        return _refuse(
            f,
            f"The notice was delivered on {long_date(f.notice_delivered_on)}; the respondent "
            f"must have {f.min_response_days} days to respond, so the respond-by date must be "
            f"{long_date(earliest)} or later (it is {set_to}).",
        )
    return _allow(
        f,
        f"Delivered on {long_date(f.notice_delivered_on)}; the respondent may respond until {long_date(f.respond_by)}.",
    )


def response_received(f: CaseFacts) -> Decision:
    """The respondent's answer is on file (ACAS: let them state their case)."""
    if f.response_received_on is None:
        return _refuse(f, "No response from the respondent has been recorded.")
    if f.response_received_on > f.today:
        return _refuse(f, "A response cannot be recorded as received on a future date.")
    return _allow(f, f"The respondent's response was received on {long_date(f.response_received_on)}.")


def response_window_over(f: CaseFacts) -> Decision:
    """The window closes only after its last day has passed, never early."""
    if f.respond_by is None:
        return _refuse(f, "No respond-by date has been set, so the response window cannot close.")
    if f.today <= f.respond_by:
        return _refuse(
            f,
            f"The respondent may respond until {long_date(f.respond_by)}; the window can "
            f"close from {long_date(add_days(f.respond_by, 1))}.",
        )
    return _allow(f, f"The response window closed after {long_date(f.respond_by)}.")


def respondent_heard(f: CaseFacts) -> Decision:
    """No decision until notice with evidence is served and a response is in or the window shut."""
    notice = notice_served_with_evidence(f)
    if not notice.allowed:
        return notice
    if f.response_received_on is not None and f.response_received_on <= f.today:
        return Decision.all_of([notice, response_received(f)])
    if f.respond_by is not None and f.today <= f.respond_by:
        return _refuse(
            f,
            f"No decision yet: the respondent may respond until {long_date(f.respond_by)} "
            "and no response has been received.",
        )
    return Decision.all_of([notice, response_window_over(f)])


def _stakes(f: CaseFacts, person: str, *, include_panel: bool) -> list[str]:
    """Why `person` has a stake in the case; empty when they have none."""
    why = [
        reason
        for reason, applies in (
            ("is the respondent", person == f.respondent_id),
            ("investigated the case", person == f.investigator_id),
            ("made the complaint", person in f.complainant_ids),
            ("is a witness", person in f.witness_ids),
            ("acted in the case", person in f.actor_ids),
            ("is an officer of the respondent's branch", person in f.branch_officer_ids),
            ("sat on the panel that decided the case", include_panel and person in f.panel_ids),
        )
        if applies
    ]
    why += [f"declared an interest ({d.interest})" for d in f.declarations if d.person_id == person]
    return why


def _panel_impartial(f: CaseFacts, members: frozenset[str], *, appeal: bool) -> Decision:
    name = "appeal panel" if appeal else "panel"
    if len(members) < f.min_panel_size:
        return _refuse(
            f,
            f"The {name} has {len(members)} member(s); the rulebook requires at least {f.min_panel_size}.",
        )
    refusals = [
        f"{person} cannot sit on the {name}: {'; '.join(why)}."
        for person in sorted(members)
        if (why := _stakes(f, person, include_panel=appeal))
    ]
    if refusals:
        return _refuse(f, *refusals)
    return _allow(f, f"No member of the {name} ({', '.join(sorted(members))}) has acted in the case.")


def panel_impartial(f: CaseFacts) -> Decision:
    """ACAS: the case is heard by people not involved in it (declarations plus automatic check)."""
    return _panel_impartial(f, f.panel_ids, appeal=False)


def appeal_panel_impartial(f: CaseFacts) -> Decision:
    """ACAS: the appeal is heard by someone not involved before, including the first panel."""
    return _panel_impartial(f, f.appeal_panel_ids, appeal=True)


def reasons_for_each_allegation(f: CaseFacts) -> Decision:
    """ACAS: a decision in writing, with reasons for the finding on every allegation."""
    by_id = {finding.allegation_id: finding for finding in f.findings}
    missing = [
        f"Allegation {a.id} has no finding."
        if a.id not in by_id
        else f"The finding on allegation {a.id} has no written reasons."
        for a in f.allegations
        if a.id not in by_id or not by_id[a.id].reasons.strip()
    ]
    strays = [
        f"A finding refers to allegation {i}, which is not part of this case."
        for i in sorted(set(by_id) - set(f.allegation_ids()))
    ]
    if missing or strays or not f.allegations:
        return _refuse(f, *(missing + strays or ["There are no allegations to decide."]))
    return _allow(f, f"Written reasons are given for allegations {listed(f.allegation_ids())}.")


def sanction_allowed(f: CaseFacts) -> Decision:
    """A sanction only for upheld findings, and only one the rulebook allows for them."""
    known = set(f.allegation_ids())
    upheld = [x.allegation_id for x in f.findings if x.upheld and x.allegation_id in known]
    sanction, allowed = f.proposed_sanction, ", ".join(sorted(f.allowed_sanctions)) or "none"
    if not upheld:
        if sanction is not None:
            return _refuse(f, f"No allegation is upheld, so no sanction ('{sanction}') can follow.")
        return _allow(f, "No allegation is upheld; no sanction follows.")
    if sanction is None:
        return _refuse(
            f,
            f"Allegations {listed(upheld)} are upheld but no outcome is chosen; the rulebook allows: {allowed}.",
        )
    if sanction not in f.allowed_sanctions:
        return _refuse(
            f,
            f"The sanction '{sanction}' is not one the rulebook allows for upholding "
            f"allegations {listed(upheld)}; it allows: {allowed}.",
        )
    return _allow(f, f"The sanction '{sanction}' is allowed for allegations {listed(upheld)}.")


def decision_notified(f: CaseFacts) -> Decision:
    """ACAS: tell the person the decision in writing and of their right of appeal, with its date."""
    if f.decision_notified_on is None:
        return _refuse(f, "The decision and its reasons have not been sent to the respondent.")
    earliest = add_days(f.decision_notified_on, f.min_appeal_days)
    if f.appeal_by is None or f.appeal_by < earliest:
        return _refuse(
            f,
            f"The decision was notified on {long_date(f.decision_notified_on)}; the appeal "
            f"window must run at least {f.min_appeal_days} days, to {long_date(earliest)}.",
        )
    return _allow(
        f,
        f"Decision notified on {long_date(f.decision_notified_on)}; an appeal may be lodged "
        f"until {long_date(f.appeal_by)}.",
    )


def appeal_in_time(f: CaseFacts) -> Decision:
    """An appeal is accepted only within the window the rulebook gives (14 days by default)."""
    if f.appeal_by is None:
        return _refuse(f, "No appeal window has been opened; the decision has not been notified.")
    if f.appeal_lodged_on is None:
        return _refuse(f, "No appeal has been lodged.")
    if f.appeal_lodged_on > f.appeal_by:
        return _refuse(
            f,
            f"The appeal was lodged on {long_date(f.appeal_lodged_on)}, after the appeal "
            f"window closed on {long_date(f.appeal_by)}.",
        )
    return _allow(
        f,
        f"The appeal was lodged on {long_date(f.appeal_lodged_on)}, within the window ending {long_date(f.appeal_by)}.",
    )


def appeal_window_over(f: CaseFacts) -> Decision:
    """The decision becomes final only after the last day for an appeal has passed."""
    if f.appeal_by is None:
        return _refuse(f, "No appeal window has been opened, so none can close.")
    if f.today <= f.appeal_by:
        return _refuse(
            f,
            f"An appeal may be lodged until {long_date(f.appeal_by)}; the decision becomes "
            f"final from {long_date(add_days(f.appeal_by, 1))}.",
        )
    return _allow(f, f"No appeal was lodged by {long_date(f.appeal_by)}; the decision is final.")


def appeal_reasoned(f: CaseFacts) -> Decision:
    """ACAS: the appeal outcome is given in writing with reasons."""
    if not f.appeal_reasons.strip():
        return _refuse(f, "The appeal decision has no written reasons.")
    return _allow(f, "The appeal decision gives written reasons.")


def written_reasons_given(f: CaseFacts) -> Decision:
    """Dismissing or withdrawing a case is itself a decision, so it carries reasons."""
    if not f.action_reasons.strip():
        return _refuse(f, "Written reasons are required for this decision.")
    return _allow(f, f"Reasons given: {f.action_reasons.strip()}")


def respondent_left(f: CaseFacts) -> Decision:
    """A case lapses only when the respondent is no longer a member, never by neglect."""
    if f.respondent_left_on is None or f.respondent_left_on > f.today:
        return _refuse(
            f,
            "A case lapses only when the respondent's membership has ended; an undecided "
            "case must be decided or withdrawn with reasons.",
        )
    return _allow(f, f"The respondent's membership ended on {long_date(f.respondent_left_on)}.")
