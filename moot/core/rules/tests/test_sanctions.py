from datetime import date

import pytest

from moot.core.rules import default_rulebook
from moot.core.rules.sanctions import sanction_allowed
from moot.core.rules.tests.helpers import amend

RULES = default_rulebook()
CONDUCT = date(2022, 1, 10)
DECIDED = date(2022, 6, 1)


@pytest.mark.parametrize(
    ("finding", "sanction", "allowed"),
    [
        ("proven", "warning", True),
        ("proven", "reprimand", True),
        ("proven", "expulsion", True),
        ("proven", "auto-exclusion", False),
        ("proscribed-support-proven", "auto-exclusion", True),
        ("proscribed-support-proven", "expulsion", False),
        ("not-proven", "warning", False),
        ("made-up finding", "warning", False),
    ],
)
def test_sanctions_the_rulebook_allows_for_a_finding(finding: str, sanction: str, allowed: bool) -> None:
    decision = sanction_allowed(RULES, finding=finding, sanction=sanction, conduct_on=CONDUCT, decided_on=DECIDED)
    assert decision.allowed is allowed


def test_a_refusal_lists_what_is_allowed() -> None:
    decision = sanction_allowed(RULES, finding="proven", sanction="fine", conduct_on=CONDUCT, decided_on=DECIDED)
    assert decision.reasons == (
        "Refused: rule 'sanctions' (version 1, in force from 1 January 2010), in force on "
        "10 January 2022, does not allow 'fine' for the finding 'proven'; it allows: warning, "
        "reprimand, suspension, expulsion.",
    )


@pytest.mark.parametrize(("months", "allowed"), [(None, False), (0, False), (1, True), (24, True), (25, False)])
def test_a_suspension_needs_a_length_within_the_maximum(months: int | None, allowed: bool) -> None:
    decision = sanction_allowed(
        RULES,
        finding="proven",
        sanction="suspension",
        conduct_on=CONDUCT,
        decided_on=DECIDED,
        months=months,
    )
    assert decision.allowed is allowed


def test_a_sanction_added_after_the_conduct_cannot_be_imposed_for_it() -> None:
    harsher = amend(
        RULES,
        "sanctions",
        date(2022, 3, 1),
        **{"not-proven": ("warning",)},
    )
    before = sanction_allowed(
        harsher,
        finding="not-proven",
        sanction="warning",
        conduct_on=date(2022, 2, 28),
        decided_on=DECIDED,
    )
    on_the_day = sanction_allowed(
        harsher,
        finding="not-proven",
        sanction="warning",
        conduct_on=date(2022, 3, 1),
        decided_on=DECIDED,
    )
    assert not before.allowed
    assert "in force on 28 February 2022" in before.explain()
    assert on_the_day.allowed
    assert on_the_day.rule_version == "sanctions@2"


def test_a_sanction_abolished_before_the_decision_cannot_be_imposed() -> None:
    gentler = amend(RULES, "sanctions", date(2022, 3, 1), proven=("warning", "reprimand"))
    decision = sanction_allowed(gentler, finding="proven", sanction="expulsion", conduct_on=CONDUCT, decided_on=DECIDED)
    assert not decision.allowed
    assert "in force on 1 June 2022, does not allow 'expulsion'" in decision.explain()
    assert decision.rule_version == "sanctions@1; sanctions@2"


def test_a_shorter_maximum_in_either_version_limits_a_suspension() -> None:
    shorter = amend(RULES, "sanctions", date(2022, 3, 1), suspension_max_months=12)
    decision = sanction_allowed(
        shorter,
        finding="proven",
        sanction="suspension",
        conduct_on=CONDUCT,
        decided_on=DECIDED,
        months=18,
    )
    assert decision.reasons == ("Refused: a suspension may last at most 12 months; 18 were given.",)
