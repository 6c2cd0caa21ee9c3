from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moot.core.rules import Rulebook, RuleNotInForce, RuleVersion, amendment_allowed
from moot.core.rules.versions import RuleParameterError, parameters_from_json


def version(number: int, effective_from: date, **parameters: object) -> RuleVersion:
    return RuleVersion(
        key="selection-vote",
        version=number,
        effective_from=effective_from,
        title="selection vote",
        text="To vote in a selection a member needs continuous membership.",
        parameters=parameters or {"continuous_months": 6},  # type: ignore[arg-type]
    )


V1 = version(1, date(2010, 1, 1))
V2 = version(2, date(2018, 5, 1), continuous_months=12)
V3 = version(3, date(2021, 1, 1), continuous_months=3)
BOOK = Rulebook([V3, V1, V2])  # order given does not matter


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2010, 1, 1), V1),
        (date(2018, 4, 30), V1),  # day before v2
        (date(2018, 5, 1), V2),  # day of v2
        (date(2018, 5, 2), V2),  # day after v2
        (date(2020, 12, 31), V2),
        (date(2021, 1, 1), V3),
        (date(2040, 1, 1), V3),
    ],
)
def test_in_force_is_the_latest_version_effective_on_or_before_the_date(on: date, expected: RuleVersion) -> None:
    assert BOOK.in_force("selection-vote", on) == expected


def test_in_force_before_the_first_version_is_a_clear_error() -> None:
    with pytest.raises(RuleNotInForce, match=r"was in force on 31 December 2009.*1 January 2010"):
        BOOK.in_force("selection-vote", date(2009, 12, 31))


def test_unknown_rule_is_a_clear_error() -> None:
    with pytest.raises(RuleNotInForce, match="no rule 'quorum'"):
        BOOK.in_force("quorum", date(2020, 1, 1))


def test_history_is_oldest_first() -> None:
    assert BOOK.history("selection-vote") == (V1, V2, V3)


def test_all_in_force_leaves_out_rules_not_yet_made() -> None:
    later = RuleVersion("quorum", 1, date(2019, 1, 1), "quorum", "A quorum.", {"fixed_number": 3})
    book = BOOK.amended(later)
    assert book.all_in_force(date(2018, 12, 31)) == {"selection-vote": V2}
    assert book.all_in_force(date(2019, 1, 1)) == {"selection-vote": V2, "quorum": later}
    assert len(book) == 4 and len(BOOK) == 3  # amended() leaves the original alone


def test_labels_and_references() -> None:
    assert str(V3) == V3.ref == "selection-vote@3"
    assert V3.label == "selection-vote v3 (in force from 1 January 2021)"
    assert V3.cite() == "rule 'selection vote' (version 3, in force from 1 January 2021)"
    assert BOOK.resolve("selection-vote@2") == V2
    with pytest.raises(RuleNotInForce):
        BOOK.resolve("selection-vote@9")
    with pytest.raises(RuleNotInForce):
        BOOK.resolve("selection-vote")


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ([V1, V3], "expected version 2, found 3"),
        ([V1, version(2, date(2010, 1, 1))], "not after version 1"),
        ([V1, version(2, date(2009, 1, 1))], "not after version 1"),
        ([V1, V1], "expected version 2, found 1"),
    ],
)
def test_a_rulebook_refuses_a_muddled_history(versions: list[RuleVersion], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rulebook(versions)


def test_parameters_cannot_be_changed_after_the_fact() -> None:
    given_parameters: dict[str, object] = {"continuous_months": 6}
    rule = RuleVersion("x", 1, date(2010, 1, 1), "x", "x", given_parameters)  # type: ignore[arg-type]
    given_parameters["continuous_months"] = 1
    assert rule.integer("continuous_months") == 6
    with pytest.raises(TypeError):
        rule.parameters["continuous_months"] = 1  # type: ignore[index]


def test_typed_parameters_refuse_the_wrong_type() -> None:
    rule = RuleVersion(
        "x",
        1,
        date(2010, 1, 1),
        "x",
        "x",
        {"days": 7, "yes": True, "share": Fraction(1, 3), "list": ("a",)},
    )
    assert rule.integer("days") == 7
    assert rule.flag("yes") is True
    assert rule.share("share") == Fraction(1, 3)
    assert rule.choices("list") == ("a",)
    with pytest.raises(RuleParameterError, match="not a whole number"):
        rule.integer("yes")  # a bool is not a number of days
    with pytest.raises(RuleParameterError, match="not a share"):
        rule.share("days")
    with pytest.raises(RuleParameterError, match="not yes/no"):
        rule.flag("days")
    with pytest.raises(RuleParameterError, match="not a list"):
        rule.choices("days")
    with pytest.raises(RuleParameterError, match="x@1 has no parameter 'weeks'"):
        rule.integer("weeks")


parameter_values = st.one_of(
    st.integers(-1000, 1000),
    st.booleans(),
    st.text(max_size=10),
    st.fractions(min_value=0, max_value=1, max_denominator=1000),
    st.lists(st.text(max_size=5), max_size=4).map(tuple),
)


@given(st.dictionaries(st.text(min_size=1, max_size=8), parameter_values, max_size=6))
def test_parameters_survive_a_json_round_trip(parameters: dict[str, object]) -> None:
    rule = RuleVersion("x", 1, date(2010, 1, 1), "x", "x", parameters)  # type: ignore[arg-type]
    back = parameters_from_json(rule.parameters_json())
    assert back == dict(rule.parameters)
    assert [type(v) for v in back.values()] == [type(v) for v in rule.parameters.values()]


def test_parameters_from_json_refuses_what_it_cannot_read() -> None:
    with pytest.raises(RuleParameterError, match="'x'"):
        parameters_from_json({"x": 1.5})


class TestAmendment:
    def test_the_next_version_taking_effect_later_is_allowed(self) -> None:
        proposed = version(4, date(2024, 6, 1), continuous_months=9)
        decision = amendment_allowed(BOOK, proposed, made_on=date(2024, 5, 1))
        assert decision.allowed
        assert decision.reasons == ("Rule 'selection vote' version 4 will be in force from 1 June 2024.",)
        assert decision.rule_version == "selection-vote@4"

    def test_taking_effect_on_the_day_it_is_made_is_allowed(self) -> None:
        proposed = version(4, date(2024, 5, 1))
        assert amendment_allowed(BOOK, proposed, made_on=date(2024, 5, 1)).allowed

    def test_a_backdated_amendment_is_refused(self) -> None:
        proposed = version(4, date(2024, 4, 30))
        decision = amendment_allowed(BOOK, proposed, made_on=date(2024, 5, 1))
        assert not decision.allowed
        assert (
            "Refused: a rule made on 1 May 2024 cannot take effect earlier, on 30 April 2024; "
            "rules never apply backwards in time." in decision.reasons
        )

    def test_a_skipped_version_number_is_refused(self) -> None:
        decision = amendment_allowed(BOOK, version(5, date(2030, 1, 1)), made_on=date(2024, 1, 1))
        assert decision.reasons == ("Refused: the next version of rule 'selection vote' is 4, not 5.",)

    def test_parameters_must_keep_their_names_and_types(self) -> None:
        renamed = version(4, date(2030, 1, 1), months=6)
        retyped = version(4, date(2030, 1, 1), continuous_months=True)
        assert "must have the parameters continuous_months" in " ".join(
            amendment_allowed(BOOK, renamed, made_on=date(2024, 1, 1)).reasons
        )
        assert amendment_allowed(BOOK, retyped, made_on=date(2024, 1, 1)).reasons == (
            "Refused: parameter 'continuous_months' must keep its type (int).",
        )

    def test_a_first_version_of_a_new_rule_is_allowed(self) -> None:
        new = RuleVersion("new-rule", 1, date(2025, 1, 1), "new rule", "A new rule.", {})
        assert amendment_allowed(BOOK, new, made_on=date(2024, 1, 1)).allowed
