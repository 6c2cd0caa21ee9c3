"""Block vote: k seats, each paper is a vote for each of its first k preferences (unranked).

A ranked paper counts once for each of the first `seats` candidates it names; the candidates with
the most votes fill the seats. A tie for the last seats is decided by lot. A valid-vote total for
a block vote counts votes, not papers, so `valid` is the number of votes given.
"""

from __future__ import annotations

from moot.core.tally.ballots import Ballots
from moot.core.tally.record import Action, CountResult, Stage, Tie
from moot.core.tally.state import Options

NAME = "Block vote"


def count_block(ballots: Ballots, options: Options) -> CountResult:
    """Count each paper's first `seats` preferences."""
    votes = [0] * len(ballots.candidates)
    k = options.seats
    for ranking, weight in zip(ballots.rankings, ballots.weights, strict=True):
        for c in ranking[:k]:
            votes[c] += weight
    return elect_most_votes(ballots, options, votes, method="block", name=NAME)


def elect_most_votes(ballots: Ballots, options: Options, votes: list[int], *, method: str, name: str) -> CountResult:
    """Elect the `seats` standing candidates with most votes; a tie at the cut is broken by lot."""
    result = CountResult(
        method=method,
        method_name=name,
        candidates=list(ballots.candidates),
        seats=options.seats,
        decimals=0,
        valid=sum(votes),
        quota=None,
    )
    stage = Stage(1, Action.FIRST, totals=list(votes), exhausted=0, loss=0, changes=list(votes))
    result.stages.append(stage)
    order = sorted(ballots.standing, key=lambda c: -votes[c])
    seats = min(options.seats, len(order))
    winners = order[:seats]
    if seats < len(order) and votes[order[seats - 1]] == votes[order[seats]]:
        winners = _cut_by_lot(order, votes, seats, options, stage)
    stage.elected = sorted(winners, key=lambda c: -votes[c])
    result.elected = list(stage.elected)
    return result


def _cut_by_lot(order: list[int], votes: list[int], seats: int, options: Options, stage: Stage) -> list[int]:
    """Fill the last seats from candidates tied at the cut, by lot."""
    cut = votes[order[seats - 1]]
    sure = [c for c in order if votes[c] > cut]
    tied = [c for c in order if votes[c] == cut]
    ranked, draw = options.lot.rank(tied)
    chosen = ranked[: seats - len(sure)]
    for c in chosen:
        stage.ties.append(Tie("election", tied, c, "equal votes for the last seat; lot", [], True, draw))
    return sure + chosen
