"""CSV ballots: one paper per row (preferences in order), or the `ballot_id,rank,choice` normalised form.

Marks in either form: an empty cell or `$UNDERVOTE` is a skipped rank, `$OVERVOTE` (or names
joined by `=`) is a rank naming several candidates. What they do is the caller's choice
(`Skipped`, `Overvote`). Candidates are numbered in alphabetical order of their names, so the
result does not depend on the order of the rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from moot.core.tally.ballots import (
    OVERVOTE_MARK,
    UNDERVOTE_MARK,
    BallotError,
    Ballots,
    Level,
    Overvote,
    Skipped,
    group,
    normalise,
)

NORMALISED_HEADER = ["ballot_id", "rank", "choice"]
_UNDER = {"", "$UNDERVOTE", "$undervote"}
_OVER = {"$OVERVOTE", "$overvote"}
_WEIGHT_HEADERS = {"weight", "count", "n", "ballots"}


def read_csv(
    path: str | Path,
    *,
    overvote: Overvote = Overvote.EXHAUST,
    skipped: Skipped = Skipped.SKIP,
    source: str | None = None,
) -> Ballots:
    """Read either CSV form, telling them apart by the `ballot_id,rank,choice` header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(f"not UTF-8 text ({exc.reason})", source=str(path)) from None
    return parse_csv(text, overvote=overvote, skipped=skipped, source=source or str(path))


def parse_csv(
    text: str,
    *,
    overvote: Overvote = Overvote.EXHAUST,
    skipped: Skipped = Skipped.SKIP,
    source: str = "<csv>",
) -> Ballots:
    """Parse CSV text in either form."""
    rows = list(_rows(text, source))
    if not rows:
        raise BallotError("no ballots in the file", line=1, source=source)
    if [c.strip().lower() for c in rows[0][1]] == NORMALISED_HEADER:
        raw = _normalised(rows[1:], source)
    else:
        raw = _per_row(rows, source)
    names = sorted({name for _, levels in raw for level in levels for name in level} - {"", "$OVERVOTE"})
    if not names:
        raise BallotError("no candidate names in the file", line=1, source=source)
    index = {name: i for i, name in enumerate(names)}
    pairs = ((normalise(_levels(levels, index), overvote=overvote, skipped=skipped), weight) for weight, levels in raw)
    rankings, weights, invalid = group(pairs)
    return Ballots(candidates=names, rankings=rankings, weights=weights, invalid=invalid)


RawLevel = tuple[str, ...]  # () = skipped rank; ("$OVERVOTE",) or several names = overvote


def _levels(levels: list[RawLevel], index: dict[str, int]) -> list[Level]:
    """Raw ranks as candidate indexes and marks."""
    out: list[Level] = []
    for level in levels:
        if not level:
            out.append(UNDERVOTE_MARK)
        elif level == ("$OVERVOTE",):
            out.append(OVERVOTE_MARK)
        else:
            out.append(tuple(index[name] for name in level))
    return out


def _rows(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV rows with their line numbers."""
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row
    except csv.Error as exc:
        raise BallotError(f"bad CSV: {exc}", line=reader.line_num, source=source) from None


def _cell(cell: str) -> RawLevel:
    """A cell as a raw rank."""
    cell = cell.strip()
    if cell in _UNDER:
        return ()
    if cell in _OVER:
        return ("$OVERVOTE",)
    return tuple(part.strip() for part in cell.split("=")) if "=" in cell else (cell,)


def _per_row(rows: list[tuple[int, list[str]]], source: str) -> list[tuple[int, list[RawLevel]]]:
    """One paper per row; an optional header row whose first cell is a weight column name."""
    weighted = rows[0][1][0].strip().lower() in _WEIGHT_HEADERS
    if weighted or rows[0][1][0].strip().lower() in {"rank1", "rank 1", "choice1", "1", "first"}:
        rows = rows[1:]
    out: list[tuple[int, list[RawLevel]]] = []
    for lineno, row in rows:
        weight = 1
        if weighted:
            cell = row[0].strip()
            if not cell.isdigit():
                raise BallotError(f"weight {cell!r} is not a whole number", line=lineno, source=source)
            weight, row = int(cell), row[1:]
        out.append((weight, [_cell(c) for c in row]))
    return out


def _normalised(rows: list[tuple[int, list[str]]], source: str) -> list[tuple[int, list[RawLevel]]]:
    """`ballot_id,rank,choice` rows; ranks of a ballot may come in any order, gaps are skipped ranks."""
    papers: dict[str, dict[int, list[str]]] = {}
    for lineno, row in rows:
        if len(row) != 3:
            raise BallotError(f"expected 3 fields, found {len(row)}", line=lineno, source=source)
        ballot_id, rank_text, choice = (c.strip() for c in row)
        if not rank_text.isdigit() or int(rank_text) < 1:
            raise BallotError(f"rank {rank_text!r} is not a positive whole number", line=lineno, source=source)
        if not ballot_id:
            raise BallotError("empty ballot_id", line=lineno, source=source)
        papers.setdefault(ballot_id, {}).setdefault(int(rank_text), []).append(choice)
    out: list[tuple[int, list[RawLevel]]] = []
    for ranks in papers.values():
        levels: list[RawLevel] = []
        for r in range(1, max(ranks) + 1):
            cells = [_cell(c) for c in ranks.get(r, [])]
            names = tuple(n for cell in cells for n in cell)
            levels.append(("$OVERVOTE",) if len(set(names)) > 1 else names[:1])
        out.append((1, levels))
    return out
