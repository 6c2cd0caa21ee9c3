"""The library entry point: `count(ballots, method=..., seats=..., constraints=..., seed=...)`."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

from moot.core.tally.ballots import Ballots
from moot.core.tally.block import count_block
from moot.core.tally.constraints import ConstraintError, Constraints
from moot.core.tally.ers97 import count_ers97
from moot.core.tally.fptp import count_fptp
from moot.core.tally.irv import count_irv
from moot.core.tally.meek import count_meek
from moot.core.tally.record import CountResult
from moot.core.tally.scottish_stv import count_scottish_stv
from moot.core.tally.state import Options
from moot.core.tally.ties import Lot

Counter = Callable[[Ballots, Options], CountResult]

METHODS: dict[str, Counter] = {
    "fptp": count_fptp,
    "block": count_block,
    "irv": count_irv,
    "scottish-stv": count_scottish_stv,
    "ers97": count_ers97,
    "meek": count_meek,
}
CONSTRAINED = {"scottish-stv", "ers97", "meek"}


class CountError(ValueError):
    """A count that cannot be run as asked (bad seats, method, constraints or lot)."""


def count(
    ballots: Ballots,
    *,
    method: str,
    seats: int | None = None,
    constraints: Constraints | None = None,
    seed: int | None = None,
    lot_order: Sequence[int] | None = None,
) -> CountResult:
    """Count `ballots` by `method`; seats default to the BLT header, the seed to a fresh random one.

    The seed (and any given lot order) is kept in the result, so a recount reproduces every lot.
    """
    if method not in METHODS:
        raise CountError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    seats = seats if seats is not None else (ballots.seats or 1)
    if seats < 1:
        raise CountError("seats must be at least 1")
    if method == "irv" and seats != 1:
        raise CountError(f"irv fills one seat, not {seats}; use --seats 1 or an STV method")
    if constraints is not None:
        if method not in CONSTRAINED:
            raise CountError(f"constraints work with {', '.join(sorted(CONSTRAINED))}, not {method}")
        try:
            constraints.check(ballots.standing, seats, ballots.candidates)
        except ConstraintError as exc:
            raise CountError(str(exc)) from None
    if seed is None:
        seed = secrets.randbelow(10**9)
    lot = Lot(ballots.candidates, seed=seed, order=lot_order)
    result = METHODS[method](ballots, Options(seats=seats, lot=lot, constraints=constraints))
    result.title = ballots.title
    result.withdrawn = sorted(ballots.withdrawn)
    result.invalid = ballots.invalid
    result.seed = seed
    result.lot_order = list(lot_order) if lot_order is not None else None
    if constraints is not None:
        result.constraints = [cat.describe(ballots.candidates) for cat in constraints.categories]
    return result
