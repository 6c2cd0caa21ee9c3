"""First past the post: each paper counts for its first preference only.

With more than one seat this is the single non-transferable vote: the candidates with the most
first preferences are elected. A tie for the last seat is decided by lot.
"""

from __future__ import annotations

from moot.core.tally.ballots import Ballots
from moot.core.tally.block import elect_most_votes
from moot.core.tally.record import CountResult
from moot.core.tally.state import Options

NAME = "First past the post"


def count_fptp(ballots: Ballots, options: Options) -> CountResult:
    """Count first preferences and elect the leaders."""
    votes = [0] * len(ballots.candidates)
    for ranking, weight in zip(ballots.rankings, ballots.weights, strict=True):
        votes[ranking[0]] += weight
    return elect_most_votes(ballots, options, votes, method="fptp", name=NAME)
