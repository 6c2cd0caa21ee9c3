"""`moot count BALLOTS --method ...`: count a ballot file and print the count sheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from moot.core.tally.ballots import BallotError, Ballots, Overvote, Skipped
from moot.core.tally.blt import read_blt, write_blt
from moot.core.tally.constraints import ConstraintError, read_constraints
from moot.core.tally.count import METHODS, CountError, count
from moot.core.tally.csvio import read_csv
from moot.core.tally.report import FORMATS
from moot.core.tally.ties import LotError


class UsageError(Exception):
    """Bad arguments: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors in one line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The `moot count` options."""
    p = _Parser(prog="moot count", description="Count ranked ballots exactly, stage by stage.")
    p.add_argument("ballots", help="ballot file: .blt, or .csv (one paper per row, or ballot_id,rank,choice)")
    p.add_argument("--method", required=True, choices=list(METHODS))
    p.add_argument("--seats", type=int, help="places to fill (default: the BLT header, else 1)")
    p.add_argument("--constraints", metavar="FILE", help="JSON category constraints (scottish-stv, ers97, meek)")
    p.add_argument("--seed", type=int, help="seed for lots (default: a fresh random seed, printed)")
    p.add_argument(
        "--lot",
        metavar="ORDER",
        help="the returning officer's draw: candidates (numbers or names), comma-separated, favoured first",
    )
    p.add_argument("--format", default="text", choices=list(FORMATS))
    p.add_argument("--input-format", choices=["blt", "csv"], help="default: from the file extension")
    p.add_argument(
        "--overvote",
        choices=[o.value for o in Overvote],
        default=Overvote.EXHAUST.value,
        help="a rank naming several candidates (= or $OVERVOTE): exhaust the paper there, or skip the rank",
    )
    p.add_argument(
        "--skipped",
        choices=[s.value for s in Skipped],
        default=Skipped.SKIP.value,
        help="a blank rank ($UNDERVOTE, a gap) in CSV: skip it, or exhaust the paper there",
    )
    p.add_argument("--write-blt", metavar="FILE", help="also write the (grouped) ballots as BLT")
    return p


def _read(args: argparse.Namespace) -> Ballots:
    """Read the ballot file in the format asked for or implied by its name."""
    path = Path(args.ballots)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    kind = args.input_format or ("csv" if path.suffix.lower() == ".csv" else "blt")
    overvote, skipped = Overvote(args.overvote), Skipped(args.skipped)
    if kind == "csv":
        return read_csv(path, overvote=overvote, skipped=skipped)
    return read_blt(path, overvote=overvote)


def _lot_order(spec: str | None, ballots: Ballots) -> list[int] | None:
    """Candidates of a given draw, favoured first."""
    if spec is None:
        return None
    try:
        return [ballots.index_of(item.strip()) for item in spec.split(",") if item.strip()]
    except BallotError as exc:
        raise UsageError(f"--lot: {exc}") from None


def run(args: argparse.Namespace) -> str:
    """Read, count and render; errors are raised for `main` to report."""
    ballots = _read(args)
    constraints = read_constraints(args.constraints, ballots) if args.constraints else None
    result = count(
        ballots,
        method=args.method,
        seats=args.seats,
        constraints=constraints,
        seed=args.seed,
        lot_order=_lot_order(args.lot, ballots),
    )
    if args.write_blt:
        write_blt(ballots, args.write_blt, seats=result.seats)
    return FORMATS[args.format](result)


def main(argv: list[str] | None = None) -> int:
    """Entry point: 0 on success, 2 on malformed input or bad arguments (one line on stderr)."""
    try:
        args = build_parser().parse_args(argv)
        sys.stdout.write(run(args))
    except (UsageError, BallotError, ConstraintError, CountError, LotError) as exc:
        print(f"moot count: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"moot count: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
