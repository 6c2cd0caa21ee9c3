"""One table from action name to service call, shared by the case page's forms and the JSON API.

`data` is the submitted form or JSON body: dates as ISO strings (or dates), people as email
addresses, findings either as a list or as the form's `upheld-N` / `reasons-N` fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from moot.accounts.models import User
from moot.core.rules import Refused
from moot.discipline import services, suspensions
from moot.discipline.models import Case
from moot.members.models import Member
from moot.rulebook.models import Proscription

Data = Mapping[str, Any]


def _text(data: Data, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value)


def _date(data: Data, name: str, label: str) -> date:
    value = data.get(name)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(data, name))
    except ValueError:
        raise Refused(f"Give the {label} as a date.") from None


def _people(data: Data, name: str) -> list[User]:
    """Accounts named by email address: a list, or one per line or comma-separated."""
    value = data.get(name) or []
    raw = value if isinstance(value, list) else str(value).replace(",", "\n").splitlines()
    emails = [str(e).strip().lower() for e in raw if str(e).strip()]
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    missing = [e for e in emails if e not in found]
    if missing:
        raise Refused(f"No account has the address {', '.join(missing)}.")
    return [found[e] for e in emails]


def _one_person(data: Data, name: str, label: str) -> User:
    people = _people(data, name)
    if len(people) != 1:
        raise Refused(f"Name the {label} by one email address.")
    return people[0]


def _member_by_number(number: str) -> Member:
    member = Member.objects.filter(membership_number=number.strip()).select_related("branch").first()
    if member is None:
        raise Refused(f"No member has the membership number '{number.strip()}'.")
    return member


def _findings(data: Data, case: Case) -> list[services.ProposedFinding]:
    listed = data.get("findings")
    if isinstance(listed, list):
        return [
            services.ProposedFinding(int(f["allegation"]), bool(f["upheld"]), str(f.get("reasons", ""))) for f in listed
        ]
    return [
        services.ProposedFinding(
            a.number, _text(data, f"upheld-{a.number}") == "yes", _text(data, f"reasons-{a.number}")
        )
        for a in case.allegations.all()
    ]


def _months(data: Data) -> int | None:
    text = _text(data, "sanction_months").strip()
    if not text:
        return None
    if not text.isdigit():
        raise Refused("Give the length of a suspension as a whole number of months.")
    return int(text)


def _triage(case: Case, by: Any, data: Data) -> Any:
    number = _text(data, "membership_number").strip()
    respondent = _member_by_number(number) if number and case.respondent_id is None else None
    return services.triage(case=case, by=by, reasons=_text(data, "reasons"), respondent=respondent)


def _allegation(case: Case, by: Any, data: Data) -> Any:
    cites = _text(data, "cites")
    proscription = None
    if cites.startswith("proscription:"):
        ident = cites.split(":", 1)[1]
        proscription = Proscription.objects.filter(pk=int(ident) if ident.isdigit() else 0).first()
        if proscription is None:
            raise Refused("Choose a proscription from the list.")
    return services.add_allegation(
        case=case,
        by=by,
        text=_text(data, "text"),
        conduct_on=_date(data, "conduct_on", "date of the conduct"),
        rule_key="" if proscription else cites.removeprefix("rule:"),
        proscription=proscription,
    )


def _evidence(case: Case, by: Any, data: Data) -> Any:
    upload = data.get("file")
    if upload is None:
        raise Refused("Choose a file to upload.")
    number = _text(data, "allegation")
    allegation = case.allegations.filter(number=int(number)).first() if number.isdigit() else None
    return services.add_evidence(
        case=case,
        by=by,
        content=upload.read(),
        filename=upload.name or "evidence",
        description=_text(data, "description"),
        dated_on=_date(data, "dated_on", "date of the evidence"),
        allegation=allegation,
        shown_to_respondent=_text(data, "withhold") != "yes",
        withheld_reason=_text(data, "withheld_reason"),
    )


Action = Callable[[Case, Any, Data], Any]

ACTIONS: dict[str, Action] = {
    "triage": _triage,
    "dismiss_no_case": lambda c, by, d: services.dismiss_no_case(case=c, by=by, reasons=_text(d, "reasons")),
    "add_allegation": _allegation,
    "add_evidence": _evidence,
    "add_witness": lambda c, by, d: [services.add_witness(case=c, by=by, person=p) for p in _people(d, "people")],
    "declare_interest": lambda c, by, d: services.declare_interest(case=c, person=by, interest=_text(d, "interest")),
    "open_investigation": lambda c, by, d: services.open_investigation(
        case=c, by=by, investigator=_one_person(d, "investigator", "investigator")
    ),
    "serve_notice": lambda c, by, d: services.serve_notice(case=c, by=by),
    "record_delivery": lambda c, by, d: services.record_delivery(
        case=c, by=by, delivered_on=_date(d, "delivered_on", "day the notice was delivered")
    ),
    "submit_response": lambda c, by, d: services.submit_response(
        case=c, by=by, response=_text(d, "response"), companion=_text(d, "companion")
    ),
    "close_response_window": lambda c, by, d: services.close_response_window(case=c, by=by),
    "refer_to_panel": lambda c, by, d: services.refer_to_panel(case=c, by=by, panel=_people(d, "panel")),
    "open_hearing": lambda c, by, d: services.open_hearing(
        case=c, by=by, hearing_on=_date(d, "hearing_on", "day of the hearing")
    ),
    "decide": lambda c, by, d: services.decide(
        case=c,
        by=by,
        findings=_findings(d, c),
        sanction=_text(d, "sanction"),
        sanction_months=_months(d),
        reasons=_text(d, "reasons"),
    ),
    "notify_decision": lambda c, by, d: services.notify_decision(case=c, by=by),
    "lodge_appeal": lambda c, by, d: services.lodge_appeal(case=c, by=by, grounds=_text(d, "grounds")),
    "appoint_appeal_panel": lambda c, by, d: services.appoint_appeal_panel(case=c, by=by, panel=_people(d, "panel")),
    "close_appeal_window": lambda c, by, d: services.close_appeal_window(case=c, by=by),
    "decide_appeal": lambda c, by, d: services.decide_appeal(
        case=c, by=by, outcome=_text(d, "outcome"), reasons=_text(d, "reasons")
    ),
    "withdraw": lambda c, by, d: services.withdraw(case=c, by=by, reasons=_text(d, "reasons")),
    "impose_interim_suspension": lambda c, by, d: suspensions.impose_interim_suspension(
        case=c, by=by, reasons=_text(d, "reasons")
    ),
}


def perform(action: str, case: Case, by: Any, data: Data) -> Any:
    """Do one named action on a case through its service; Refused carries every reason it may not."""
    act = ACTIONS.get(action)
    if act is None:
        raise Refused(f"'{action}' is not something that can be done to a case.")
    return act(case, by, data)
