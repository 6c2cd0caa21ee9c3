"""ERS97 conformance: one small hand-made election per clause, worked by hand in the docstring.

Notation: "4 A B" is four papers marked A 1, B 2. Values are in votes to two decimal places.
"""

from __future__ import annotations

from moot.core.tally import count
from moot.core.tally.arithmetic import fmt
from moot.core.tally.record import Action

from .helpers import blt, elected_at, names, total


def _ers(seats: int, cands: str, *lines: str, lot: list[int] | None = None):  # type: ignore[no-untyped-def]
    return count(blt(seats, cands, *lines), method="ers97", seed=0, lot_order=lot)


def test_5_1_6_quota_exact() -> None:
    """100 valid votes, 3 places: 100 / 4 = 25.00 exactly, so the quota is 25.00."""
    r = _ers(3, "A B C D", "40 A", "30 B", "20 C", "10 D")
    assert fmt(r.quota or 0, 2) == "25.00"


def test_5_1_6_quota_inexact_adds_one_hundredth() -> None:
    """10 valid votes, 2 places: 10 / 3 = 3.333...; ignore the remainder (3.33) and add 0.01: 3.34."""
    r = _ers(2, "A B C", "5 A", "3 B", "2 C")
    assert fmt(r.quota or 0, 2) == "3.34"


def test_5_1_7_elected_on_equalling_the_quota() -> None:
    """1 place, A 3, B 1: quota 4 / 2 = 2.00; A's 3 exceeds it, so A is deemed elected at stage 1."""
    r = _ers(1, "A B", "3 A", "1 B")
    assert names(r) == ["A"] and elected_at(r, "A") == "1"


def test_5_3_1_and_5_3_7_first_stage_surplus_divided_over_transferable_papers() -> None:
    """2 places: 7 A B, 2 A, 3 C, 2 D. Total 14; quota 14/3 = 4.666 -> 4.67.

    Stage 1: A 9 elected, surplus 4.33. 5.3.1: all A's papers are examined; 7 are transferable.
    5.3.7: their value 7.00 exceeds 4.33, so the transfer value is 4.33 / 7 = 0.618... -> 0.61.
    Stage 2: B gets 7 x 0.61 = 4.27; the non-transferable difference is 4.33 - 4.27 = 0.06.
    Stage 3: no surplus; D (2) is excluded, its 2 papers non-transferable. Continuing B 4.27, C 3
    for one place: total active vote 7.27 / 2 = 3.635 -> 3.64 < quota, so 5.4.9(b) elects B.
    """
    r = _ers(2, "A B C D", "7 A B", "2 A", "3 C", "2 D")
    assert fmt(r.stages[1].transfer_value or 0, 2) == "0.61"
    assert total(r, "2", "B") == "4.27"
    assert fmt(r.stages[1].loss, 2) == "0.06"
    assert names(r) == ["A", "B"] and elected_at(r, "B") == "3"
    assert fmt(r.stages[2].exhausted, 2) == "2.00"


def test_5_3_7_present_value_when_transferable_papers_do_not_exceed_the_surplus() -> None:
    """2 places: 6 A, 2 A B, 3 B, 2 C. Total 13; quota 4.34. A 8 elected, surplus 3.66.

    Only 2 papers are transferable, value 2.00, not exceeding 3.66: each goes at its present
    value 1.00. B gets 2.00 (total 5.00, elected at stage 2); the other 1.66 is non-transferable.
    """
    r = _ers(2, "A B C", "6 A", "2 A B", "3 B", "2 C")
    assert fmt(r.stages[1].transfer_value or 0, 2) == "1.00"
    assert total(r, "2", "B") == "5.00"
    assert fmt(r.stages[1].exhausted, 2) == "1.66"
    assert names(r) == ["A", "B"] and elected_at(r, "B") == "2"


def test_5_3_2_later_surplus_comes_from_the_last_batch_only() -> None:
    """3 places: 6 A B C, 2 B D, 3 C, 3 D. Total 14; quota 14/4 = 3.50.

    Stage 1: A 6 elected, surplus 2.50. Not deferred (2.50 > C 3 - B 2 = 1). Transfer value
    2.50 / 6 -> 0.41; B gets 2.46 (total 4.46, elected), loss 0.04.
    Stage 3: B's surplus 0.96 comes only from the last batch received, the 6 A B C papers at 0.41,
    not from B's own B D papers: transfer value 0.96 / 6 = 0.16, so C gets 0.96 (total 3.96,
    elected) and D gets nothing.
    """
    r = _ers(3, "A B C D", "6 A B C", "2 B D", "3 C", "3 D")
    assert total(r, "2", "B") == "4.46"
    assert fmt(r.stages[2].transfer_value or 0, 2) == "0.16"
    assert total(r, "3", "C") == "3.96"
    assert total(r, "3", "D") == "3.00"
    assert fmt(r.stages[2].loss, 2) == "0.04"
    assert names(r) == ["A", "B", "C"]


def test_5_2_2_deferral_and_5_2_5_bulk_exclusion_and_5_5_1() -> None:
    """2 places: 4 A B, 5 C, 3 D A C, 1 E (B has no first preferences). Total 13; quota 4.34.

    Stage 1: C 5 elected, surplus 0.66. Lowest: B 0, E 1, D 3, A 4.
    5.2.2(a): 0.66 does not exceed E 1 - B 0 = 1, so the surplus is deferred.
    5.2.5: B and E together: 0 + 1 + 0.66 = 1.66 <= D 3; adding D: 4.66 > A 4. Stage 2 excludes
    B and E together (E's paper is non-transferable); C still shows 5.00.
    Next: 0.66 <= A 4 - D 3 again defers; excluding D would leave one continuing candidate for
    one place, so 5.5.1 deems A elected without a further transfer.
    """
    r = _ers(2, "A B C D E", "4 A B", "5 C", "3 D A C", "1 E")
    s2 = r.stages[1]
    assert s2.action is Action.BULK_EXCLUSION
    assert sorted(r.candidates[c] for c in s2.excluded) == ["B", "E"]
    assert total(r, "2", "C") == "5.00"
    assert names(r) == ["C", "A"]
    assert len(r.stages) == 2


def test_5_4_sub_stages_in_descending_transfer_value() -> None:
    """2 places: 14 A X D, 1 X C, 4 C, 5 D, 6 E. Total 30; quota 10.00.

    Stage 1: A 14 elected, surplus 4.00; not deferred (4 > C 4 - X 1 = 3). Transfer value
    4.00 / 14 -> 0.28: X gets 3.92 (4.92), loss 0.08.
    Stage 3: C (4) excluded; its 4 papers are non-transferable.
    Stage 4: X (4.92) excluded in two sub-stages. 4.1: the 1.00 batch (X C) is non-transferable.
    4.2: the 0.28 batch (14 A X D) gives D 3.92 (8.92). Active vote D 8.92 + E 6 = 14.92;
    14.92 / 2 = 7.46 < quota, and D exceeds it: D is elected at 4.2 (5.4.9(b)).
    """
    r = _ers(2, "A X C D E", "14 A X D", "1 X C", "4 C", "5 D", "6 E")
    labels = [s.label for s in r.stages]
    assert labels == ["1", "2", "3", "4.1", "4.2"]
    assert [fmt(s.transfer_value or 0, 2) for s in r.stages[3:]] == ["1.00", "0.28"]
    assert total(r, "4.2", "D") == "8.92"
    assert names(r) == ["A", "D"] and elected_at(r, "D") == "4.2"


def test_5_4_8_quota_recalculated_before_anyone_is_elected() -> None:
    """2 places: 3 A B, 1 B, 3 C, 2 D, 1 E. Total 10; quota 10/3 -> 3.34. Nobody is elected.

    5.2.5: B 1 + E 1 = 2 <= D 2, adding D gives 4 > 3: B and E are excluded together. B's paper and
    E's paper have no further preference: 2 votes non-transferable. 5.4.8: quota (10 - 2) / 3 =
    2.666 -> 2.67. A 3 and C 3 now equal or exceed it: both deemed elected at stage 2.
    """
    r = _ers(2, "A B C D E", "3 A B", "1 B", "3 C", "2 D", "1 E")
    assert fmt(r.stages[1].quota or 0, 2) == "2.67"
    assert sorted(names(r)) == ["A", "C"] and elected_at(r, "A") == "2"


def test_5_2_3_equal_surpluses_by_lot_when_equal_throughout() -> None:
    """3 places: 5 A C, 5 B D, 1 C, 1 D. Total 12; quota 3.00. A and B elected, surpluses 2.00 each,
    equal at every point: lot. With the draw B before A, B's surplus goes first: 2.00 / 5 = 0.40 to D,
    who reaches 3.00 and takes the last place. With A before B, C does instead."""
    assert names(_ers(3, "A B C D", "5 A C", "5 B D", "1 C", "1 D", lot=[1, 0, 2, 3])) == ["A", "B", "D"]
    assert names(_ers(3, "A B C D", "5 A C", "5 B D", "1 C", "1 D", lot=[0, 1, 2, 3])) == ["A", "B", "C"]


def test_5_6_2_tied_for_the_last_place_and_equal_throughout_none_elected() -> None:
    """1 place: 3 A, 3 B, 1 C. Quota 3.50. C excluded; its paper is non-transferable, so 5.4.8
    gives quota 3.00. A and B both reach it, but only one place: equal at every point, so 5.6.2
    elects neither at stage 2. Then one must be excluded: equal throughout, so by lot; with the
    draw A before B, B is excluded and 5.5.1 deems A elected."""
    r = _ers(1, "A B C", "3 A", "3 B", "1 C", lot=[0, 1, 2])
    assert any("5.6.2" in n for n in r.stages[1].notes)
    assert names(r) == ["A"]
    assert any(t.by_lot for t in r.ties())


def test_5_5_2_remaining_candidates_formally_excluded() -> None:
    """1 place: 5 A, 2 B, 1 C. Quota 4.00: A elected at stage 1; B and C are formally excluded."""
    r = _ers(1, "A B C", "5 A", "2 B", "1 C")
    assert names(r) == ["A"] and len(r.stages) == 1
    assert any("5.5.2" in n for n in r.stages[-1].notes)
