"""Reading a members CSV: decoding, columns, and every row checked with its line, column and reason.

Pure apart from the types it hands on: no database access here. The service
(`moot.members.imports.import_members`) resolves branches, checks numbers against the register
and writes through `register_members`. The columns are documented in docs/members-import.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

REQUIRED = ("membership_number", "first_name", "last_name", "branch", "joined_on")
OPTIONAL = ("email", "phone", "postcode", "date_of_birth", "status", "paid_up_to", "left_on")
COLUMNS = REQUIRED + OPTIONAL
STATUSES = ("provisional", "active", "arrears", "lapsed", "resigned", "suspended", "expelled", "excluded")
_STATUS_SET = frozenset(STATUSES)
# A member who has left holds a status that ended their last period; the period needs its end date.
LEAVING = {"lapsed": "lapsed", "resigned": "resigned", "expelled": "expelled", "excluded": "excluded"}
_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^[A-Za-z0-9 ]{2,10}$")
_LIMITS = {"first_name": 100, "last_name": 100, "email": 254, "phone": 40}
_MAX_FIRST, _MAX_LAST, _MAX_EMAIL, _MAX_PHONE = (_LIMITS[c] for c in ("first_name", "last_name", "email", "phone"))


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header): nothing was imported."""


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported."""

    line: int  # the line in the file, the header being line 1
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Row:
    """A row that passed every check not needing the database."""

    line: int
    membership_number: str
    first_name: str
    last_name: str
    branch_code: str
    joined_on: date
    left_on: date | None
    status: str
    email: str = ""
    phone: str = ""
    postcode: str = ""
    date_of_birth: date | None = None
    paid_up_to: date | None = None


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0  # data rows read

    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems}


def decode(data: bytes) -> str:
    """The file's text, if it is UTF-8 (with or without a byte-order mark); otherwise say why not."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and b"\x00" in data[:200]):
        raise ImportFileError(
            "The file is UTF-16 (as saved by Excel's 'Unicode text'); save it as 'CSV UTF-8' and import again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            f"The file is not UTF-8: line {line} has the byte 0x{data[exc.start]:02x}, which UTF-8 does not "
            "allow (the file is probably Latin-1 or Windows-1252). Save it as 'CSV UTF-8' and import again."
        ) from None


def _date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


def parse(text: str, *, today: date, progress: Callable[[int], None] | None = None) -> Parsed:
    """Check the header and every row; duplicate numbers within the file are problems too."""
    parsed = Parsed()
    parsed.rows.extend(read_rows(text, parsed, today=today, progress=progress))
    return parsed


def read_rows(
    text: str, parsed: Parsed, *, today: date, progress: Callable[[int], None] | None = None
) -> Iterator[Row]:
    """The rows that pass every check of a row, as they are read; the problems go to `parsed.problems`.

    A header that cannot be read raises ImportFileError before the first row.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    names = _header(next(reader, None))
    # Every row as a tuple in COLUMNS order, absent optional columns read as "" (the padding cell).
    pick = itemgetter(*(names.index(c) if c in names else len(names) for c in COLUMNS))
    first_seen, dates = dict[str, int](), dict[str, date]()
    return _rows(reader, names, pick, parsed, first_seen, dates, today, progress)


def _rows(
    reader: Iterator[list[str]],
    names: list[str],
    pick: Callable[[list[str]], tuple[str, ...]],
    parsed: Parsed,
    first_seen: dict[str, int],
    dates: dict[str, date],
    today: date,
    progress: Callable[[int], None] | None,
) -> Iterator[Row]:
    for line, values in enumerate(reader, start=2):
        cells = [v.strip() for v in values]
        if not any(cells):
            continue
        parsed.lines += 1
        if progress is not None and parsed.lines % 10_000 == 0:
            progress(parsed.lines)
        if len(cells) != len(names):
            parsed.problems.append(Problem(line, "", f"has {len(cells)} fields; the header has {len(names)}"))
            continue
        cells.append("")
        fields = pick(cells)
        row = _quick_row(line, fields, today, dates)
        if row is None:  # something is wrong: the full check names every problem
            row = _check_row(line, dict(zip(COLUMNS, fields, strict=True)), today, parsed.problems)
            if row is None:
                continue
        key = row.membership_number.upper()
        if key in first_seen:
            parsed.problems.append(
                Problem(line, "membership_number", f"{row.membership_number} is already on line {first_seen[key]}")
            )
            continue
        first_seen[key] = line
        yield row


def _header(header: list[str] | None) -> list[str]:
    """The header's column names, lower case; a wrong header stops the whole file."""
    if header is None or not any(h.strip() for h in header):
        raise ImportFileError("The file is empty: it needs a header row naming the columns.")
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
        if unknown:
            parts.append("unknown column" + ("s " if len(unknown) > 1 else " ") + ", ".join(unknown))
        raise ImportFileError(f"The header row is wrong: {'; '.join(parts)}. Expected columns: {', '.join(COLUMNS)}.")
    if len(set(names)) != len(names):
        raise ImportFileError("The header row names a column twice.")
    return names


def _known_date(value: str, dates: dict[str, date]) -> date | None:
    """A valid date from its text, parsed once: 500,000 rows hold only a few thousand distinct dates."""
    found = dates.get(value)
    if found is None:
        try:
            found = dates[value] = _date(value)
        except ValueError:
            return None
    return found


def _quick_row(line: int, fields: tuple[str, ...], today: date, dates: dict[str, date]) -> Row | None:
    """The row when it passes every check of _check_row, else None; the common case, without reasons.

    _check_row stays the one place that says what is wrong; this only has to agree with it on
    which rows are good (test_import.py holds the two equal).
    """
    number, first, last, branch, joined_text, email, phone, postcode, born_text, status, paid_text, left_text = fields
    status = (status or "active").lower()
    if not (
        number
        and first
        and last
        and branch
        and joined_text
        and status in _STATUS_SET
        and len(first) <= _MAX_FIRST
        and len(last) <= _MAX_LAST
        and len(email) <= _MAX_EMAIL
        and len(phone) <= _MAX_PHONE
        and _NUMBER.match(number)
        and (not email or _EMAIL.match(email))
        and (not postcode or _POSTCODE.match(postcode))
    ):
        return None
    joined = _known_date(joined_text, dates)
    if joined is None or joined > today:
        return None
    left = paid = born = None
    if status in LEAVING:
        left = _known_date(left_text, dates) if left_text else None
        if left is None or left < joined:
            return None
    elif left_text:
        return None
    if paid_text and (paid := _known_date(paid_text, dates)) is None:
        return None
    if born_text and ((born := _known_date(born_text, dates)) is None or born > today or born > joined):
        return None
    return Row(
        line=line,
        membership_number=number,
        first_name=first,
        last_name=last,
        branch_code=branch,
        joined_on=joined,
        left_on=left,
        status=status,
        email=email,
        phone=phone,
        postcode=postcode.upper(),
        date_of_birth=born,
        paid_up_to=paid,
    )


def _check_row(line: int, raw: Mapping[str, str], today: date, problems: list[Problem]) -> Row | None:
    found: list[Problem] = []

    def bad(column: str, reason: str) -> None:
        found.append(Problem(line, column, reason))

    def when(column: str, required: bool = False) -> date | None:
        value = raw.get(column, "")
        if not value:
            if required:
                bad(column, "is required")
            return None
        try:
            return _date(value)
        except ValueError as exc:
            bad(column, str(exc))
            return None

    for column in ("membership_number", "first_name", "last_name", "branch"):
        if not raw.get(column):
            bad(column, "is required")
    number = raw.get("membership_number", "")
    if number and not _NUMBER.match(number):
        bad("membership_number", f"'{number}' must be 1 to 20 letters, digits or hyphens")
    for column, limit in _LIMITS.items():
        if len(raw.get(column, "")) > limit:
            bad(column, f"is longer than {limit} characters")
    email, postcode = raw.get("email", ""), raw.get("postcode", "")
    if email and not _EMAIL.match(email):
        bad("email", f"'{email}' is not an email address")
    if postcode and not _POSTCODE.match(postcode):
        bad("postcode", f"'{postcode}' is not a postcode")
    status = (raw.get("status") or "active").lower()
    if status not in STATUSES:
        bad("status", f"'{status}' is not a membership status ({', '.join(STATUSES)})")
    joined, left = when("joined_on", required=True), when("left_on")
    born, paid = when("date_of_birth"), when("paid_up_to")
    if joined and joined > today:
        bad("joined_on", f"{joined.isoformat()} is in the future")
    if joined and left and left < joined:
        bad("left_on", f"{left.isoformat()} is before joined_on {joined.isoformat()}")
    if status in LEAVING and left is None and "left_on" not in {p.column for p in found}:
        bad("left_on", f"is required when the status is {status}")
    if status not in LEAVING and left is not None:
        bad("left_on", f"must be empty when the status is {status} (the member has not left)")
    if born and (born > today or (joined and born > joined)):
        bad("date_of_birth", f"{born.isoformat()} is after the member joined or in the future")
    if found or joined is None:
        problems.extend(found)
        return None
    return Row(
        line=line,
        membership_number=number,
        first_name=raw["first_name"],
        last_name=raw["last_name"],
        branch_code=raw["branch"],
        joined_on=joined,
        left_on=left,
        status=status,
        email=email,
        phone=raw.get("phone", ""),
        postcode=postcode.upper(),
        date_of_birth=born,
        paid_up_to=paid,
    )


def periods_of(row: Row) -> list[tuple[date, date | None, str]]:
    """The row's one membership period, ended with the reason its status gives."""
    return [(row.joined_on, row.left_on, LEAVING.get(row.status, "") if row.left_on else "")]


def report_lines(problems: Iterable[Problem], limit: int = 200) -> list[str]:
    """Problems as lines for a person, in file order, at most `limit` of them and a count of the rest."""
    ordered = sorted(problems, key=lambda p: (p.line, p.column))
    lines = [str(p) for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"… and {len(ordered) - limit} more problems.")
    return lines


def as_dict(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "column": problem.column, "reason": problem.reason}
