"""Property tests: balance, determinism, order invariance, one-seat STV = AV, sane winners."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moot.core.tally import Ballots, count
from moot.core.tally.ballots import group
from moot.core.tally.record import check_balance

STV = ["scottish-stv", "ers97", "meek"]
ALL = ["fptp", "block", "irv", *STV]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw: st.DrawFn, max_candidates: int = 6) -> tuple[Ballots, list[tuple[tuple[int, ...], int]]]:
    """Small random elections (with many ties) and the ungrouped papers they came from."""
    n = draw(st.integers(2, max_candidates))
    ranking = st.permutations(range(n)).flatmap(lambda p: st.integers(1, n).map(lambda k: tuple(p[:k])))
    papers = draw(st.lists(st.tuples(ranking, st.integers(1, 9)), min_size=1, max_size=14))
    rankings, weights, _ = group(papers)
    seats = draw(st.integers(1, n))
    return Ballots([f"C{i}" for i in range(n)], rankings, weights, seats=seats), papers


@FAST
@given(elections(), st.sampled_from(ALL), st.integers(0, 10**6))
def test_balance_winners_and_seats(e: tuple[Ballots, list[Any]], method: str, seed: int) -> None:
    ballots, _ = e
    seats = 1 if method == "irv" else (ballots.seats or 1)
    r = count(ballots, method=method, seats=seats, seed=seed)
    for stage in r.stages:
        check_balance(stage, r.valid)
    assert set(r.elected) <= set(range(len(ballots.candidates)))
    assert len(set(r.elected)) == len(r.elected)
    assert len(r.elected) == min(seats, len(ballots.candidates))


@FAST
@given(elections(), st.sampled_from(ALL), st.integers(0, 10**6))
def test_same_seed_same_count(e: tuple[Ballots, list[Any]], method: str, seed: int) -> None:
    ballots, _ = e
    seats = 1 if method == "irv" else ballots.seats
    a = count(ballots, method=method, seats=seats, seed=seed)
    b = count(ballots, method=method, seats=seats, seed=seed)
    assert a.elected == b.elected
    assert [s.totals for s in a.stages] == [s.totals for s in b.stages]


@FAST
@given(elections(), st.sampled_from(ALL), st.integers(0, 10**6), st.randoms(use_true_random=False))
def test_order_of_papers_does_not_matter(
    e: tuple[Ballots, list[Any]],
    method: str,
    seed: int,
    rnd: random.Random,
) -> None:
    ballots, papers = e
    shuffled = list(papers)
    rnd.shuffle(shuffled)
    rankings, weights, _ = group(shuffled)
    other = Ballots(ballots.candidates, rankings, weights, seats=ballots.seats)
    seats = 1 if method == "irv" else ballots.seats
    a = count(ballots, method=method, seats=seats, seed=seed)
    b = count(other, method=method, seats=seats, seed=seed)
    assert a.elected == b.elected
    assert [s.totals for s in a.stages] == [s.totals for s in b.stages]


@FAST
@given(elections(), st.integers(0, 10**6))
def test_one_seat_scottish_stv_is_alternative_vote(e: tuple[Ballots, list[Any]], seed: int) -> None:
    """With one seat no surplus is ever transferred before the count ends, and both exclude the
    lowest with the same backwards tie-break and the same lots, so the winner is the same."""
    ballots, _ = e
    stv = count(ballots, method="scottish-stv", seats=1, seed=seed)
    av = count(ballots, method="irv", seats=1, seed=seed)
    assert stv.elected == av.elected
