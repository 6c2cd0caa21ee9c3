"""Shared helpers for the tally tests: the test data and small election builders."""

from __future__ import annotations

from pathlib import Path

from moot.core.tally import Ballots, CountResult, count, parse_blt, read_blt, read_csv
from moot.core.tally.arithmetic import fmt

DATA = Path(__file__).parent / "data" / "elections"


def load(relative: str) -> Ballots:
    """A ballot file from the test data."""
    path = DATA / relative
    return read_csv(path) if path.suffix == ".csv" else read_blt(path)


def run(relative: str, method: str, **kw: object) -> CountResult:
    """Count a test-data file."""
    return count(load(relative), method=method, seed=kw.pop("seed", 1), **kw)  # type: ignore[arg-type]


def blt(seats: int, names: str, *lines: str) -> Ballots:
    """Ballots from compact lines like '4 A B' (4 papers ranking A then B); names are letters."""
    ids = {name: i + 1 for i, name in enumerate(names.split())}
    body = [f"{len(ids)} {seats}"]
    for line in lines:
        weight, *prefs = line.split()
        body.append(" ".join([weight, *(str(ids[p]) for p in prefs), "0"]))
    body += ["0", *(f'"{n}"' for n in ids), '"test"']
    return parse_blt("\n".join(body) + "\n")


def names(result: CountResult) -> list[str]:
    """Elected names in order."""
    return result.elected_names


def total(result: CountResult, stage: str, name: str, places: int | None = None) -> str:
    """A candidate's total at a stage label, as text."""
    s = next(s for s in result.stages if s.label == stage)
    return fmt(s.totals[result.candidates.index(name)], result.decimals, places)


def elected_at(result: CountResult, name: str) -> str:
    """The stage label at which a candidate was elected."""
    s = result.stage_elected(result.candidates.index(name))
    assert s is not None
    return s.label
