"""Alternative vote (instant-runoff), one seat.

Each round every paper counts for its highest-ranked continuing candidate. A candidate with more
than half of the papers still in the count (not exhausted) is elected. Otherwise the candidate with
the fewest votes is excluded and their papers pass to the next continuing preference. Ties for
exclusion: the most recent previous round at which the tied candidates had unequal votes, then lot.
"""

from __future__ import annotations

from moot.core.tally.ballots import Ballots
from moot.core.tally.record import Action, CountResult
from moot.core.tally.state import CountState, Options
from moot.core.tally.ties import pick_lowest

NAME = "Alternative vote (instant-runoff)"
_RULE = "most recent previous round with unequal votes"


def count_irv(ballots: Ballots, options: Options) -> CountResult:
    """Count rounds until a candidate has a majority of the continuing papers."""
    result = CountResult(
        method="irv",
        method_name=NAME,
        candidates=list(ballots.candidates),
        seats=1,
        decimals=0,
        valid=ballots.total,
        quota=None,
    )
    st = CountState(ballots, options, result)
    st.first_stage()
    st.record(1, Action.ROUND)
    while not st.elected:
        hopeful = st.hopeful()
        if not hopeful:
            break
        live = sum(st.totals[c] for c in hopeful)
        leader = max(hopeful, key=lambda c: st.totals[c])
        if 2 * st.totals[leader] > live or len(hopeful) == 1:
            st.rec.last.notes.append(f"majority: {st.totals[leader]} of {live} continuing votes")
            st.elect([leader])
            break
        lowest, tie = pick_lowest(hopeful, st.totals, result.stages, st.lot, backwards=True, rule=_RULE)
        st.exclude(lowest)
        for batch in st.take_pile(lowest):
            st.receive(st.papers.sort(batch.codes, st.continuing), batch.value, stage=st.stage_number + 1)
        st.totals[lowest] = 0
        st.record(st.stage_number + 1, Action.ROUND, subjects=[lowest], excluded=[lowest], ties=[tie] if tie else [])
    return result
