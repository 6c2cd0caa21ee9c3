"""The disciplinary case as a table: complaint to final decision, with due process as guards."""

from __future__ import annotations

from enum import StrEnum

from moot.core.rules.decision import Decision
from moot.core.workflows import case_guards as g
from moot.core.workflows.case_facts import Allegation, CaseFacts, Declaration, Finding
from moot.core.workflows.machine import Transition, Verb, Workflow

__all__ = [
    "CASE_WORKFLOW",
    "OPEN_STAGES",
    "TRANSITIONS",
    "Allegation",
    "CaseAction",
    "CaseFacts",
    "CaseStage",
    "Declaration",
    "Finding",
    "attempt",
    "check",
    "next_actions",
]


class CaseStage(StrEnum):
    """Where a case stands; the model stores this with a check constraint."""

    RECEIVED = "received"
    TRIAGED = "triaged"
    UNDER_INVESTIGATION = "under_investigation"
    NOTICE_SERVED = "notice_served"  # sent; the clock runs from recorded delivery
    AWAITING_RESPONSE = "awaiting_response"
    READY_FOR_PANEL = "ready_for_panel"  # a response is in, or the window has closed
    REFERRED_TO_PANEL = "referred_to_panel"
    HEARING = "hearing"
    DECIDED = "decided"
    APPEAL_WINDOW = "appeal_window"
    APPEALED = "appealed"
    FINAL = "final"
    NO_CASE_TO_ANSWER = "no_case_to_answer"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


class CaseAction(StrEnum):
    """What can be done to a case, in the rule book's verbs; services are named the same."""

    TRIAGE = "triage"
    DISMISS_NO_CASE = "dismiss_no_case"
    OPEN_INVESTIGATION = "open_investigation"
    SERVE_NOTICE = "serve_notice"
    RECORD_DELIVERY = "record_delivery"
    RECEIVE_RESPONSE = "receive_response"
    CLOSE_RESPONSE_WINDOW = "close_response_window"
    REFER_TO_PANEL = "refer_to_panel"
    OPEN_HEARING = "open_hearing"
    DECIDE = "decide"
    NOTIFY_DECISION = "notify_decision"
    LODGE_APPEAL = "lodge_appeal"
    CLOSE_APPEAL_WINDOW = "close_appeal_window"
    DECIDE_APPEAL = "decide_appeal"
    WITHDRAW = "withdraw"
    LAPSE = "lapse"


St, Ac = CaseStage, CaseAction

# Until a decision, a case may be withdrawn (with reasons) or lapse (the respondent left).
OPEN_STAGES: tuple[CaseStage, ...] = (
    St.RECEIVED,
    St.TRIAGED,
    St.UNDER_INVESTIGATION,
    St.NOTICE_SERVED,
    St.AWAITING_RESPONSE,
    St.READY_FOR_PANEL,
    St.REFERRED_TO_PANEL,
    St.HEARING,
)

TRANSITIONS: dict[tuple[CaseStage, CaseAction], CaseStage] = {
    (St.RECEIVED, Ac.TRIAGE): St.TRIAGED,
    (St.TRIAGED, Ac.DISMISS_NO_CASE): St.NO_CASE_TO_ANSWER,
    (St.TRIAGED, Ac.OPEN_INVESTIGATION): St.UNDER_INVESTIGATION,
    (St.UNDER_INVESTIGATION, Ac.SERVE_NOTICE): St.NOTICE_SERVED,
    (St.NOTICE_SERVED, Ac.RECORD_DELIVERY): St.AWAITING_RESPONSE,
    (St.AWAITING_RESPONSE, Ac.RECEIVE_RESPONSE): St.READY_FOR_PANEL,
    (St.AWAITING_RESPONSE, Ac.CLOSE_RESPONSE_WINDOW): St.READY_FOR_PANEL,
    (St.READY_FOR_PANEL, Ac.REFER_TO_PANEL): St.REFERRED_TO_PANEL,
    (St.REFERRED_TO_PANEL, Ac.OPEN_HEARING): St.HEARING,
    (St.HEARING, Ac.DECIDE): St.DECIDED,
    (St.DECIDED, Ac.NOTIFY_DECISION): St.APPEAL_WINDOW,
    (St.APPEAL_WINDOW, Ac.LODGE_APPEAL): St.APPEALED,
    (St.APPEAL_WINDOW, Ac.CLOSE_APPEAL_WINDOW): St.FINAL,
    (St.APPEALED, Ac.DECIDE_APPEAL): St.FINAL,
    **{(stage, Ac.WITHDRAW): St.WITHDRAWN for stage in OPEN_STAGES},
    **{(stage, Ac.LAPSE): St.LAPSED for stage in OPEN_STAGES},
}

VERBS: dict[CaseAction, Verb] = {
    Ac.TRIAGE: Verb("triage", "triaged"),
    Ac.DISMISS_NO_CASE: Verb("dismiss as no case to answer", "dismissed as no case to answer"),
    Ac.OPEN_INVESTIGATION: Verb("open an investigation", "investigated"),
    Ac.SERVE_NOTICE: Verb("serve notice", "served with notice"),
    Ac.RECORD_DELIVERY: Verb("record delivery of the notice", "recorded as delivered"),
    Ac.RECEIVE_RESPONSE: Verb("receive the response", "answered"),
    Ac.CLOSE_RESPONSE_WINDOW: Verb("close the response window", "closed to responses"),
    Ac.REFER_TO_PANEL: Verb("refer to a panel", "referred to a panel"),
    Ac.OPEN_HEARING: Verb("open the hearing", "heard"),
    Ac.DECIDE: Verb("decide", "decided"),
    Ac.NOTIFY_DECISION: Verb("notify the decision", "notified"),
    Ac.LODGE_APPEAL: Verb("lodge an appeal", "appealed"),
    Ac.CLOSE_APPEAL_WINDOW: Verb("close the appeal window", "made final"),
    Ac.DECIDE_APPEAL: Verb("decide the appeal", "decided on appeal"),
    Ac.WITHDRAW: Verb("withdraw", "withdrawn"),
    Ac.LAPSE: Verb("lapse", "lapsed"),
}

# The decision guards repeat the earlier ones on purpose: the facts may have changed since
# (a notice found defective, a panel member's interest declared late), and a decision must
# stand on the facts as they are when it is taken.
GUARDS: dict[CaseAction, tuple[g.CaseGuard, ...]] = {
    Ac.DISMISS_NO_CASE: (g.written_reasons_given,),
    Ac.OPEN_INVESTIGATION: (g.allegations_in_force, g.investigator_impartial),
    Ac.SERVE_NOTICE: (g.allegations_in_force, g.notice_served_with_evidence, g.respond_by_set),
    Ac.RECORD_DELIVERY: (g.time_to_prepare,),
    Ac.RECEIVE_RESPONSE: (g.response_received,),
    Ac.CLOSE_RESPONSE_WINDOW: (g.response_window_over,),
    Ac.REFER_TO_PANEL: (g.respondent_heard, g.allegations_in_force, g.panel_impartial),
    Ac.OPEN_HEARING: (g.respondent_heard, g.panel_impartial),
    Ac.DECIDE: (
        g.respondent_heard,
        g.allegations_in_force,
        g.panel_impartial,
        g.reasons_for_each_allegation,
        g.sanction_allowed,
    ),
    Ac.NOTIFY_DECISION: (g.decision_notified,),
    Ac.LODGE_APPEAL: (g.appeal_in_time,),
    Ac.CLOSE_APPEAL_WINDOW: (g.appeal_window_over,),
    Ac.DECIDE_APPEAL: (g.appeal_panel_impartial, g.appeal_reasoned),
    Ac.WITHDRAW: (g.written_reasons_given,),
    Ac.LAPSE: (g.respondent_left,),
}

CASE_WORKFLOW: Workflow[CaseStage, CaseAction, CaseFacts] = Workflow(
    noun="case",
    transitions=TRANSITIONS,
    verbs=VERBS,
    guards=GUARDS,
    stage_labels={
        St.APPEAL_WINDOW: "in its appeal window",
        St.HEARING: "at hearing",
        St.READY_FOR_PANEL: "ready for a panel",
    },
)


def attempt(stage: CaseStage, action: CaseAction, facts: CaseFacts) -> Transition[CaseStage, CaseAction]:
    """Move a case by `action`, or raise Refused with every reason it may not move."""
    return CASE_WORKFLOW.attempt(stage, action, facts)


def check(stage: CaseStage, action: CaseAction, facts: CaseFacts) -> Decision:
    """Whether the case may move by `action`, without raising: for buttons and overdue lists."""
    return CASE_WORKFLOW.check(stage, action, facts)


def next_actions(stage: CaseStage) -> list[CaseAction]:
    """What the table allows next from `stage` (guards aside)."""
    return CASE_WORKFLOW.next_actions(stage)
