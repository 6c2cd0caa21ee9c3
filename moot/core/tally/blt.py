"""BLT, the ballot interchange format of OpenSTV, OpaVote, droop and OpenTally: read and write.

Accepted (see docs/tally.md):

    <n_candidates> <n_seats>
    [-<id> ...]                 withdrawn candidates, on one or more lines before the ballots
    [(<ballot id>)] <weight> <pref> <pref> ... 0
    0
    "<name>"  (n names; quoted with "" for a quote inside, or unquoted: the whole line)
    "<title>" (optional; quoted or unquoted)

A preference is a candidate id 1..n, or ids joined by `=` (equal preferences). `#` starts a
comment outside quotes; blank lines and trailing spaces are ignored everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from moot.core.tally.ballots import BallotError, Ballots, Level, Overvote, normalise


def read_blt(path: str | Path, *, overvote: Overvote = Overvote.EXHAUST, source: str | None = None) -> Ballots:
    """Read a BLT file; identical rankings are grouped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(f"not UTF-8 text ({exc.reason})", source=str(path)) from None
    return parse_blt(text, overvote=overvote, source=source or str(path))


def parse_blt(text: str, *, overvote: Overvote = Overvote.EXHAUST, source: str = "<blt>") -> Ballots:
    """Parse BLT text into grouped ballots."""
    lines = text.splitlines()
    pos = _skip_blank(lines, 0)
    n, seats = _header(lines, pos, source)
    pos, withdrawn = _withdrawn(lines, pos + 1, n, source)
    acc: dict[tuple[int, ...], int] = {}
    end = _fast_ballots(lines, pos, n, withdrawn, acc)
    if end is None:
        acc.clear()
        pos, invalid = _ballot_lines(lines, pos, n, withdrawn, overvote, acc, source)
    else:
        pos, invalid = end, 0
    names, title = _names(lines, pos, n, source)
    empty = acc.pop((), 0)
    rankings = list(acc)
    return Ballots(
        candidates=names,
        rankings=rankings,
        weights=[acc[r] for r in rankings],
        seats=seats,
        title=title,
        withdrawn=withdrawn,
        invalid=invalid + empty,
    )


def _strip_comment(line: str) -> str:
    """Remove a `#` comment from a numeric line."""
    cut = line.find("#")
    return line if cut < 0 else line[:cut]


def _skip_blank(lines: list[str], pos: int) -> int:
    """Index of the next line with content other than a comment."""
    while pos < len(lines) and not _strip_comment(lines[pos]).strip():
        pos += 1
    return pos


def _ints(line: str, lineno: int, source: str) -> list[int]:
    """The integers on a numeric line."""
    try:
        return [int(t) for t in _strip_comment(line).split()]
    except ValueError:
        bad = next(t for t in _strip_comment(line).split() if not t.lstrip("-").isdigit())
        raise BallotError(f"expected whole numbers, found {bad!r}", line=lineno, source=source) from None


def _header(lines: list[str], pos: int, source: str) -> tuple[int, int]:
    """`<n_candidates> <n_seats>`."""
    if pos >= len(lines):
        raise BallotError("empty file: expected '<candidates> <seats>'", line=1, source=source)
    nums = _ints(lines[pos], pos + 1, source)
    if len(nums) != 2 or nums[0] < 1 or nums[1] < 1:
        raise BallotError(
            "first line must be '<candidates> <seats>', two positive whole numbers",
            line=pos + 1,
            source=source,
        )
    return nums[0], nums[1]


def _withdrawn(lines: list[str], pos: int, n: int, source: str) -> tuple[int, frozenset[int]]:
    """Optional lines of negative ids naming withdrawn candidates."""
    out: set[int] = set()
    while True:
        pos = _skip_blank(lines, pos)
        if pos >= len(lines) or not _strip_comment(lines[pos]).lstrip().startswith("-"):
            return pos, frozenset(out)
        for v in _ints(lines[pos], pos + 1, source):
            if not -n <= v <= -1:
                raise BallotError(f"withdrawn candidate {v} is not -1..-{n}", line=pos + 1, source=source)
            out.add(-v - 1)
        pos += 1


def _ballot_lines(
    lines: list[str],
    pos: int,
    n: int,
    withdrawn: frozenset[int],
    overvote: Overvote,
    acc: dict[tuple[int, ...], int],
    source: str,
) -> tuple[int, int]:
    """Weighted ballot lines up to the terminating `0`; returns the next line and invalid papers."""
    get = acc.get
    plain = not withdrawn
    invalid = 0
    while pos < len(lines):
        line = lines[pos]
        pos += 1
        if "#" in line or "=" in line or "(" in line:
            fields = _fields(line, pos, source)
            if fields is None:
                continue
            weight, levels = _levels(fields, n, pos, source)
            ranking = normalise(levels, withdrawn, overvote=overvote)
        else:
            toks = line.split()
            if not toks:
                continue
            try:
                nums = [int(t) for t in toks]
            except ValueError:
                _ints(line, pos, source)  # raises with the offending token
                raise
            if nums == [0]:
                return pos, invalid
            weight, ranking = _plain(nums, n, pos, source)
            if not plain or len(set(ranking)) != len(ranking):
                ranking = normalise([(c,) for c in ranking], withdrawn, overvote=overvote)
        acc[ranking] = get(ranking, 0) + weight
    raise BallotError("ballots not terminated by a line '0'", line=pos, source=source)


def _fast_ballots(
    lines: list[str], pos: int, n: int, withdrawn: frozenset[int], acc: dict[tuple[int, ...], int]
) -> int | None:
    """Plain ballot lines in bulk; None (and the line-by-line parser) for anything unusual.

    The ballot section is converted to integers in one go and cut at each terminating 0; the
    line count proves that every line held exactly one ballot. Any irregularity (comments, `=`,
    ids, bad numbers, a missing 0, an id out of range, a repeated or withdrawn id) falls back to
    `_ballot_lines`, which names the line and the problem or handles the extension.
    """
    end = next((k for k in range(pos, len(lines)) if lines[k].strip() == "0"), None)
    if end is None or withdrawn:
        return None
    section = "\n".join(lines[pos:end])
    if "#" in section or "=" in section or "(" in section:
        return None
    try:
        flat = list(map(int, section.split()))
    except ValueError:
        return None
    if flat and min(flat) < 0:
        return None
    count = _cut(flat, n, acc)
    if count is None or count != sum(1 for line in lines[pos:end] if line.strip()):
        return None
    return end + 1


def _cut(flat: list[int], n: int, acc: dict[tuple[int, ...], int]) -> int | None:
    """Cut `weight ids... 0` runs from a flat list of non-negative ints into `acc`.

    Every number is shifted down by one first (ids become 0-based, the terminator -1), so each
    ranking is a plain slice. None on anything irregular: a missing final 0, an id above n, or a
    repeated id within a ranking.
    """
    shifted = list(map((-1).__add__, flat))
    get = acc.get
    find = shifted.index
    i = 0
    count = 0
    size = len(shifted)
    try:
        while i < size:
            j = find(-1, i + 1)
            key = tuple(shifted[i + 1 : j])
            acc[key] = get(key, 0) + shifted[i] + 1
            count += 1
            i = j + 1
    except ValueError:
        return None
    used: set[int] = set().union(*acc)
    if used and max(used) >= n:
        return None
    if any(len(set(key)) != len(key) for key in acc):
        return None
    return count


def _plain(nums: list[int], n: int, lineno: int, source: str) -> tuple[int, tuple[int, ...]]:
    """Check a plain ballot line `weight id ... 0` and return weight and 0-based ranking."""
    if nums[-1] != 0:
        raise BallotError("ballot line must end with 0", line=lineno, source=source)
    weight = nums[0]
    if weight < 0:
        raise BallotError(f"negative weight {weight}", line=lineno, source=source)
    ids = nums[1:-1]
    if ids and (min(ids) < 1 or max(ids) > n):
        bad = next(i for i in ids if not 1 <= i <= n)
        raise BallotError(f"candidate id {bad} is not 1..{n}", line=lineno, source=source)
    return weight, tuple([i - 1 for i in ids])


def _fields(line: str, lineno: int, source: str) -> list[str] | None:
    """Tokens of a ballot line with comments and a leading `(id)` removed; None if blank."""
    body = _strip_comment(line).strip()
    if body.startswith("("):
        close = body.find(")")
        if close < 0:
            raise BallotError("unclosed '(' in ballot id", line=lineno, source=source)
        body = body[close + 1 :]
    body = body.replace(" =", "=").replace("= ", "=")
    toks = body.split()
    return toks or None


def _levels(toks: list[str], n: int, lineno: int, source: str) -> tuple[int, list[Level]]:
    """Weight and ranks of a ballot line that may use `=`."""
    if toks[-1] != "0" or len(toks) < 2:
        raise BallotError("ballot line must be '<weight> <preferences> 0'", line=lineno, source=source)
    try:
        weight = int(toks[0])
        levels = [tuple(int(x) - 1 for x in t.split("=")) for t in toks[1:-1]]
    except ValueError:
        raise BallotError(f"bad ballot line {' '.join(toks)!r}", line=lineno, source=source) from None
    if weight < 0:
        raise BallotError(f"negative weight {weight}", line=lineno, source=source)
    for level in levels:
        for c in level:
            if not 0 <= c < n:
                raise BallotError(f"candidate id {c + 1} is not 1..{n}", line=lineno, source=source)
    return weight, levels


def _names(lines: list[str], pos: int, n: int, source: str) -> tuple[list[str], str]:
    """Candidate names then the title: quoted (doubled quotes inside) or whole unquoted lines."""
    items = list(_name_items(lines, pos, source))
    if len(items) < n:
        raise BallotError(
            f"expected {n} candidate names after the ballots, found {len(items)}",
            line=len(lines),
            source=source,
        )
    if len(items) > n + 1:
        raise BallotError(f"unexpected text after the title: {items[n + 1][1]!r}", line=items[n + 1][0], source=source)
    names = [name for _, name in items[:n]]
    if len(set(names)) != n:
        dup = next(x for x in names if names.count(x) > 1)
        raise BallotError(f"candidate name {dup!r} appears twice", source=source)
    title = items[n][1] if len(items) > n else ""
    return names, title


def _name_items(lines: list[str], pos: int, source: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each name or title string."""
    for i in range(pos, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith('"'):
            yield i + 1, line
            continue
        rest = line
        while rest:
            text, rest = _quoted(rest, i + 1, source)
            yield i + 1, text
            rest = rest.strip()
            if rest.startswith("#"):
                break
            if rest and not rest.startswith('"'):
                raise BallotError(f"unexpected text {rest!r} after a name", line=i + 1, source=source)


def _quoted(s: str, lineno: int, source: str) -> tuple[str, str]:
    """Split a leading quoted string (with "" as an escaped quote) from the rest of `s`."""
    out: list[str] = []
    i = 1
    while i < len(s):
        if s[i] == '"':
            if i + 1 < len(s) and s[i + 1] == '"':
                out.append('"')
                i += 2
                continue
            return "".join(out), s[i + 1 :]
        out.append(s[i])
        i += 1
    raise BallotError("unterminated quoted name", line=lineno, source=source)


def format_blt(ballots: Ballots, seats: int | None = None) -> str:
    """BLT text for grouped ballots (strict form: quoted names and title)."""
    n = len(ballots.candidates)
    out = [f"{n} {seats or ballots.seats or 1}"]
    if ballots.withdrawn:
        out.append(" ".join(str(-(c + 1)) for c in sorted(ballots.withdrawn)))
    for ranking, weight in zip(ballots.rankings, ballots.weights, strict=True):
        out.append(" ".join([str(weight), *(str(c + 1) for c in ranking), "0"]))
    out.append("0")
    out.extend(_quote(name) for name in ballots.candidates)
    out.append(_quote(ballots.title))
    return "\n".join(out) + "\n"


def _quote(s: str) -> str:
    """A BLT quoted string."""
    return '"' + s.replace('"', '""') + '"'


def write_blt(ballots: Ballots, path: str | Path, seats: int | None = None) -> None:
    """Write grouped ballots as a BLT file."""
    Path(path).write_text(format_blt(ballots, seats), encoding="utf-8")
