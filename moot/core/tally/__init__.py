"""moot.core.tally: exact, reproducible counts of ranked ballots. Plain Python, no Django.

from moot.core.tally import count, read_blt
result = count(read_blt("ward.blt"), method="scottish-stv", seed=42)
result.elected_names
"""

from moot.core.tally.ballots import BallotError, Ballots, Overvote, Skipped
from moot.core.tally.blt import format_blt, parse_blt, read_blt, write_blt
from moot.core.tally.constraints import Category, ConstraintError, Constraints, parse_constraints
from moot.core.tally.count import METHODS, CountError, count
from moot.core.tally.csvio import parse_csv, read_csv
from moot.core.tally.record import CountResult, Stage, Tie

__all__ = [
    "METHODS",
    "BallotError",
    "Ballots",
    "Category",
    "ConstraintError",
    "Constraints",
    "CountError",
    "CountResult",
    "Overvote",
    "Skipped",
    "Stage",
    "Tie",
    "count",
    "format_blt",
    "parse_blt",
    "parse_constraints",
    "parse_csv",
    "read_blt",
    "read_csv",
    "write_blt",
]
