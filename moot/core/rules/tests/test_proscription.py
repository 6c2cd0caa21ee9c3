"""No retroactivity: a group proscribed on 20 July 2021, and rules that took effect on a date."""

from datetime import date

import pytest

from moot.core.rules import default_rulebook
from moot.core.rules.proscription import (
    affiliation_counts,
    cited_version_governs,
    rule_applies_to_conduct,
    support_counts,
)
from moot.core.rules.tests.helpers import amend

PROSCRIBED = date(2021, 7, 20)
LIFTED = date(2023, 1, 10)


@pytest.mark.parametrize(
    ("evidence_dated", "counts"),
    [
        (date(2021, 3, 3), False),  # the brief's story: support given months before the ban
        (date(2021, 7, 19), False),  # the day before
        (date(2021, 7, 20), True),  # the day of
        (date(2021, 7, 21), True),  # the day after
        (date(2021, 8, 1), True),
        (date(2023, 1, 9), True),  # the last day before lifting
        (date(2023, 1, 10), False),  # the day it was lifted
        (date(2023, 1, 11), False),  # after lifting
    ],
)
def test_support_counts_only_while_the_proscription_is_in_force(evidence_dated: date, counts: bool) -> None:
    decision = support_counts(PROSCRIBED, LIFTED, evidence_dated, organisation="Group X")
    assert decision.allowed is counts


def test_support_before_the_proscription_is_refused_citing_both_dates() -> None:
    decision = support_counts(PROSCRIBED, None, date(2021, 3, 3), organisation="Group X")
    assert decision.reasons == (
        "Does not count: the evidence of support is dated 3 March 2021, before Group X was "
        "proscribed on 20 July 2021; a proscription never applies to support given before it "
        "took effect.",
    )


def test_support_after_lifting_is_refused_citing_the_lifting() -> None:
    decision = support_counts(PROSCRIBED, LIFTED, date(2023, 2, 1), organisation="Group X")
    assert decision.reasons == (
        "Does not count: the evidence of support is dated 1 February 2023, on or after the "
        "proscription of Group X was lifted on 10 January 2023.",
    )


def test_support_while_proscribed_says_so() -> None:
    decision = support_counts(PROSCRIBED, None, date(2021, 8, 1), organisation="Group X")
    assert decision.reasons == (
        "Counts: the evidence of support is dated 1 August 2021, while Group X was proscribed (from 20 July 2021).",
    )


@pytest.mark.parametrize(
    ("affiliated_from", "affiliated_to", "counts"),
    [
        (date(2019, 1, 1), date(2021, 7, 20), False),  # left on the day of the ban
        (date(2019, 1, 1), date(2021, 7, 21), True),  # still affiliated on the day of the ban
        (date(2019, 1, 1), None, True),
        (date(2023, 1, 10), None, False),  # joined the day it was lifted
        (date(2023, 1, 9), None, True),
    ],
)
def test_an_affiliation_counts_only_where_it_overlaps_the_proscription(
    affiliated_from: date, affiliated_to: date | None, counts: bool
) -> None:
    decision = affiliation_counts(affiliated_from, affiliated_to, PROSCRIBED, LIFTED)
    assert decision.allowed is counts


def test_an_affiliation_from_before_the_ban_counts_only_from_the_ban() -> None:
    decision = affiliation_counts(date(2019, 1, 1), None, PROSCRIBED, None)
    assert decision.reasons[0].startswith("Counts from 20 July 2021:")


@pytest.mark.parametrize(
    ("conduct_on", "applies"),
    [(date(2021, 7, 19), False), (date(2021, 7, 20), True), (date(2021, 7, 21), True)],
)
def test_a_rule_applies_only_to_conduct_on_or_after_it_took_effect(conduct_on: date, applies: bool) -> None:
    assert rule_applies_to_conduct(PROSCRIBED, conduct_on).allowed is applies


def test_a_rule_version_refusal_cites_the_version_and_dates() -> None:
    rules = amend(default_rulebook(), "sanctions", PROSCRIBED)
    v2 = rules.version("sanctions", 2)
    decision = rule_applies_to_conduct(v2, date(2021, 7, 19))
    assert decision.reasons == (
        "Does not apply: the conduct is dated 19 July 2021, before rule 'sanctions' (version 2, "
        "in force from 20 July 2021) took effect on 20 July 2021; no rule applies to conduct "
        "before it.",
    )
    assert decision.rule_version == "sanctions@2"


class TestCitedVersion:
    RULES = amend(default_rulebook(), "sanctions", PROSCRIBED)

    @pytest.mark.parametrize(
        ("ref", "conduct_on", "governs"),
        [
            ("sanctions@1", date(2021, 7, 19), True),  # old version governs older conduct
            ("sanctions@2", date(2021, 7, 19), False),  # the amendment does not reach back
            ("sanctions@1", date(2021, 7, 20), False),  # superseded on the day of the change
            ("sanctions@2", date(2021, 7, 20), True),
            ("sanctions@2", date(2021, 7, 21), True),
            ("sanctions@1", date(2009, 12, 31), False),  # before any version
            ("sanctions@7", date(2021, 7, 21), False),
        ],
    )
    def test_an_allegation_must_cite_the_version_in_force_on_the_conduct_date(
        self, ref: str, conduct_on: date, governs: bool
    ) -> None:
        assert cited_version_governs(self.RULES, ref, conduct_on).allowed is governs

    def test_the_refusal_names_the_governing_version(self) -> None:
        decision = cited_version_governs(self.RULES, "sanctions@2", date(2021, 7, 19))
        assert decision.reasons == (
            "Does not apply: the conduct on 19 July 2021 is governed by rule 'sanctions' "
            "(version 1, in force from 1 January 2010), not by version 2.",
        )
        assert decision.rule_version == "sanctions@1"
