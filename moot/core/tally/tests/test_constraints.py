"""Category constraints: guard and doom (Hill; Otten for overlapping categories)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from moot.core.tally import Ballots, Category, Constraints, CountError, count, parse_constraints
from moot.core.tally.ballots import group

from .helpers import blt, load, names

STV = ["scottish-stv", "ers97", "meek"]


@pytest.mark.parametrize("method", STV)
def test_at_least_one_woman_changes_the_result(method: str) -> None:
    """4 A, 4 B, 3 C, 1 D for 2 places, women = {C, D}. Unconstrained A and B win; with at least one
    woman, B (or A) cannot both be elected: once A is in, B is doomed, so C takes the second place."""
    ballots = blt(2, "A B C D", "4 A", "4 B", "3 C", "1 D")
    free = count(ballots, method=method, seed=1)
    assert sorted(names(free)) == ["A", "B"]
    women = Constraints((Category("women", frozenset({2, 3}), minimum=1),))
    held = count(ballots, method=method, seed=1, constraints=women)
    assert "C" in names(held) and len(held.elected) == 2


@pytest.mark.parametrize("method", STV)
def test_at_most_constraint_dooms(method: str) -> None:
    """At most one of A and B: the second of them to reach a quota is doomed and excluded."""
    ballots = blt(2, "A B C", "5 A B", "4 B", "2 C")
    cons = Constraints((Category("party", frozenset({0, 1}), maximum=1),))
    r = count(ballots, method=method, seed=1, constraints=cons)
    assert sorted(names(r)) == ["A", "C"]


@pytest.mark.parametrize("method", STV)
def test_constraint_satisfied_anyway_changes_nothing_on_real_data(method: str) -> None:
    ballots = load("scotland/edinburgh_2017_ward01_almond.blt")
    free = count(ballots, method=method, seed=1)
    cons = Constraints((Category("lib dems", frozenset({3, 9}), minimum=1, maximum=2),))
    held = count(ballots, method=method, seed=1, constraints=cons)
    assert held.elected == free.elected
    assert [s.totals for s in held.stages] == [s.totals for s in free.stages]


def test_infeasible_is_refused_before_counting() -> None:
    ballots = blt(2, "A B C", "1 A", "1 B", "1 C")
    cons = Constraints((Category("x", frozenset({0}), minimum=2),))
    with pytest.raises(CountError, match="infeasible: category 'x' needs at least 2"):
        count(ballots, method="scottish-stv", constraints=cons)
    clash = Constraints((Category("x", frozenset({0, 1}), minimum=2), Category("y", frozenset({1, 2}), maximum=0)))
    with pytest.raises(CountError, match="no set of candidates"):
        count(ballots, method="meek", constraints=clash)


def test_overlapping_feasibility_is_exact() -> None:
    """Women {0,1,2}, under-30s {2,3}: 2 places, at least 1 woman, at least 1 under-30, at most 1 of
    {2}: candidate 2 alone satisfies both, so electing 0 then 1 would be infeasible."""
    cons = Constraints(
        (
            Category("women", frozenset({0, 1, 2}), minimum=1),
            Category("young", frozenset({2, 3}), minimum=1),
        )
    )
    everyone = frozenset({0, 1, 2, 3})
    assert cons.feasible(frozenset(), everyone, 2)
    assert not cons.feasible(frozenset({0, 1}), frozenset({3}), 2)
    assert cons.doomed(frozenset({0}), frozenset({1, 2, 3}), 2) == [1]
    assert cons.guarded(frozenset({0}), frozenset({1, 2, 3}), 2) == set()
    assert cons.guarded(frozenset({0}), frozenset({1, 2}), 2) == {2}


def test_constraints_file() -> None:
    ballots = blt(2, "A B C", "1 A")
    cons = parse_constraints('{"categories": [{"name": "w", "candidates": ["A", 3], "min": 1}]}', ballots)
    assert cons.categories[0].members == frozenset({0, 2})
    from moot.core.tally import ConstraintError

    with pytest.raises(ConstraintError, match="no candidate called 'Z'"):
        parse_constraints('{"categories": [{"candidates": ["Z"]}]}', ballots)
    with pytest.raises(ConstraintError, match="not valid JSON"):
        parse_constraints("{", ballots)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(3, 6).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.permutations(range(n)), st.integers(1, 9)), min_size=1, max_size=10),
            st.integers(1, n - 1),
        )
    ),
    st.sampled_from(STV),
)
# Found by hypothesis: Meek filled the last vacancies before the votes settled, so an exclusion
# forced by the constraint changed the order of election.
@example((6, [([0, 1, 2, 3, 4, 5], 1), ([0, 1, 2, 3, 4, 5], 1), ([0, 2, 5, 3, 4, 1], 2)], 5), "meek")
# ... and a guard made Meek exclude the only unguarded candidate before the votes had shown that
# anyone was due for exclusion.
@example(
    (
        5,
        [([0, 1, 2, 3, 4], 1), ([0, 1, 4, 3, 2], 4), ([0, 2, 4, 3, 1], 7), ([3, 1, 2, 0, 4], 5), ([4, 1, 2, 3, 0], 4)],
        4,
    ),
    "meek",
)
def test_satisfied_constraint_never_changes_the_result(
    data: tuple[int, list[tuple[list[int], int]], int], method: str
) -> None:
    n, papers, seats = data
    rankings, weights, _ = group([(tuple(p), w) for p, w in papers])
    ballots = Ballots([f"C{i}" for i in range(n)], rankings, weights, seats=seats)
    free = count(ballots, method=method, seed=3)
    members = frozenset(range(0, n, 2))
    have = len(members & set(free.elected))
    cons = Constraints((Category("even", members, minimum=have, maximum=have),))
    held = count(ballots, method=method, seed=3, constraints=cons)
    assert held.elected == free.elected
