from datetime import date
from fractions import Fraction

import pytest

from moot.core.rules import RuleKey, default_rulebook
from moot.core.rules.versions import ParameterValue

# The values, written out by hand: changing a default must change this table too.
EXPECTED: dict[str, dict[str, ParameterValue]] = {
    "selection-vote": {
        "continuous_months": 6,
        "minimum_age": 0,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "national-ballot-vote": {
        "continuous_months": 6,
        "minimum_age": 0,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "meeting-vote": {
        "continuous_months": 0,
        "minimum_age": 0,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "office": {
        "continuous_months": 12,
        "minimum_age": 16,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "candidate": {
        "continuous_months": 12,
        "minimum_age": 18,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "conference-delegate": {
        "continuous_months": 12,
        "minimum_age": 16,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "requisition-signature": {
        "continuous_months": 0,
        "minimum_age": 0,
        "provisional_allowed": False,
        "arrears_allowed": False,
    },
    "provisional-membership": {"weeks": 8},
    "continuous-membership": {"lapse_grace_days": 90},
    "arrears": {"grace_days": 28, "lapse_after_months": 6},
    "agm-notice": {"units_days": 28, "members_days": 7},
    "meeting-notice": {"days": 7},
    "requisition": {
        "units_share": Fraction(1, 3),
        "members_share": Fraction(1, 5),
        "convene_within_days": 28,
    },
    "quorum": {"share": Fraction(1, 10), "fixed_number": 30},
    "interim-suspension": {"review_days": 28, "maximum_months": 6},
    "allegation-response": {"days": 14},
    "appeal": {"days": 14},
    "sanctions": {
        "proven": ("warning", "reprimand", "suspension", "expulsion"),
        "proscribed-support-proven": ("auto-exclusion",),
        "not-proven": (),
        "suspension_max_months": 24,
    },
    "readmission": {"years": 5},
    "conduct": {},
    "unit-suspension": {"max_review_days": 90, "max_sunset_months": 12},
}


def test_every_rule_key_has_a_default_and_nothing_else_does() -> None:
    assert set(default_rulebook().keys()) == {str(k) for k in RuleKey} == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_default_parameters(key: str) -> None:
    rule = default_rulebook().in_force(key, date(2010, 1, 1))
    assert dict(rule.parameters) == EXPECTED[key]
    assert rule.version == 1


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_default_has_a_title_and_a_one_sentence_text(key: str) -> None:
    rule = default_rulebook().history(key)[0]
    assert rule.title and rule.title == rule.title.strip()
    assert rule.text.endswith(".") and rule.text.count(". ") == 0
    assert rule.made_by == "default rulebook"


def test_no_default_is_in_force_before_1_january_2010() -> None:
    assert default_rulebook().all_in_force(date(2009, 12, 31)) == {}
    assert len(default_rulebook().all_in_force(date(2010, 1, 1))) == len(EXPECTED)
