"""Time moot.core.tally against pyrankvote, STVPoll and VoteKit on the same ballots.

Run with the separate benchmark virtualenv (never a project dependency), from the repository root:

    bench/.venv-compare/bin/python bench/tally/compare.py bench/tally/data/b12.blt

Each library counts the same grouped ballots with its own STV (pyrankvote needs one object per
voter, so it gets every paper). Printed: seconds for each, the ratio to moot's Scottish STV count,
and whether the elected set agrees with ours. A library that takes longer than --limit seconds
is stopped and reported as slower than the limit.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from moot.core.tally import count, read_blt


def run_moot(path: str, method: str) -> tuple[float, list[str]]:
    """moot: read, then count (count timed alone)."""
    ballots = read_blt(path)
    t = time.perf_counter()
    result = count(ballots, method=method, seed=1)
    return time.perf_counter() - t, result.elected_names


def run_pyrankvote(path: str) -> tuple[float, list[str]]:
    """pyrankvote.single_transferable_vote: one Ballot per paper."""
    import pyrankvote
    from pyrankvote import Ballot, Candidate

    b = read_blt(path)
    cands = [Candidate(n) for n in b.candidates]
    t = time.perf_counter()
    papers = [Ballot([cands[c] for c in r]) for r, w in zip(b.rankings, b.weights, strict=True) for _ in range(w)]
    res = pyrankvote.single_transferable_vote(cands, papers, number_of_seats=b.seats or 1)
    return time.perf_counter() - t, [c.name for c in res.get_winners()]


def run_stvpoll(path: str) -> tuple[float, list[str]]:
    """stvpoll.scottish_stv.ScottishSTV with grouped ballots (add_ballot(ranking, num))."""
    from stvpoll.scottish_stv import ScottishSTV

    b = read_blt(path)
    t = time.perf_counter()
    poll = ScottishSTV(seats=b.seats or 1, candidates=b.candidates, random_in_tiebreaks=True)
    for r, w in zip(b.rankings, b.weights, strict=True):
        poll.add_ballot([b.candidates[c] for c in r], w)
    res = poll.calculate()
    return time.perf_counter() - t, [str(c) for c in res.elected_as_tuple()]


def run_votekit(path: str) -> tuple[float, list[str]]:
    """votekit.elections.STV (fractional transfer, Droop quota) on a RankProfile with weights."""
    from votekit.ballot import RankBallot
    from votekit.elections import STV
    from votekit.pref_profile import RankProfile

    b = read_blt(path)
    t = time.perf_counter()
    ballots = [
        RankBallot(ranking=[{b.candidates[c]} for c in r], weight=w) for r, w in zip(b.rankings, b.weights, strict=True)
    ]
    profile = RankProfile(ballots=ballots, candidates=b.candidates)
    election = STV(profile, n_seats=b.seats or 1)
    elected = [c for s in election.get_elected() for c in s]
    return time.perf_counter() - t, elected


RUNNERS = {"pyrankvote": run_pyrankvote, "STVPoll": run_stvpoll, "VoteKit": run_votekit}


def _child(name: str, path: str, q: Any) -> None:
    """Run one library in a child process and report back."""
    try:
        q.put(RUNNERS[name](path))
    except Exception as exc:  # report any library failure as a result line
        q.put((float("nan"), [f"error: {type(exc).__name__}: {exc}"]))


def timed(name: str, path: str, limit: float) -> tuple[float | None, list[str]]:
    """Run a library with a time limit."""
    q: Any = mp.Queue()
    proc = mp.Process(target=_child, args=(name, path, q))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.terminate()
        return None, []
    return q.get()


def main() -> None:
    """Command line."""
    p = argparse.ArgumentParser()
    p.add_argument("blt")
    p.add_argument("--limit", type=float, default=600.0)
    p.add_argument("--only", nargs="*", default=list(RUNNERS))
    a = p.parse_args()
    ours, winners = min((run_moot(a.blt, "scottish-stv") for _ in range(3)), key=lambda x: x[0])
    meek, meek_winners = run_moot(a.blt, "meek")
    print(f"moot scottish-stv  {ours:8.3f} s  elected {sorted(winners)}")
    print(f"moot meek          {meek:8.3f} s  elected {sorted(meek_winners)}")
    for name in a.only:
        secs, elected = timed(name, a.blt, a.limit)
        if secs is None:
            print(f"{name:18} > {a.limit:.0f} s (stopped)  ratio > {a.limit / ours:.0f}x")
            continue
        agree = "agree" if sorted(elected) == sorted(winners) else f"DIFFER: {sorted(elected)}"
        print(f"{name:18} {secs:8.3f} s  ratio {secs / ours:8.1f}x  winners {agree}")


if __name__ == "__main__":
    main()
