"""CSV import: a malformed file leaves the register and the ledger unchanged, with a clear report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from moot.conftest import Org
from moot.ledger.models import Event
from moot.ledger.verify import verify_ledger
from moot.members import importer, imports
from moot.members.imports import import_members
from moot.members.models import Member, MembershipPeriod
from moot.members.services import NewMember, register_member
from moot.organisation.models import Unit

pytestmark = pytest.mark.django_db

HEADER = (
    "membership_number,first_name,last_name,email,phone,postcode,date_of_birth,branch,joined_on,status,"
    "paid_up_to,left_on\n"
)


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


GOOD = (
    "N0000001,Ann,Archer,ann@example.org,+44 20 7946 0001,SW1A 1AA,1980-02-03,branch-a1,2020-01-15,active,2030-01-01,",
    "N0000002,Bea,Baker,,,M1 1AE,,branch-a2,2021-06-01,resigned,,2023-04-30",
    "N0000003,Cy,Cole,,,,,branch-b1,2022-03-01,provisional,,",
)


def snapshot() -> tuple[int, int, int]:
    return Member.objects.count(), MembershipPeriod.objects.count(), Event.objects.count()


def test_a_good_file_imports_every_row_with_ledger_events(org: Org) -> None:
    before = Event.objects.count()
    result = import_members(data=csv(*GOOD), by=None)
    assert result.ok and result.imported == 3
    bea = Member.objects.get(membership_number="N0000002")
    assert bea.status == "resigned" and bea.local_party == org.lp_a
    assert list(bea.periods.values_list("joined_on", "ended_on", "end_reason")) == [
        (date(2021, 6, 1), date(2023, 4, 30), "resigned")
    ]
    actions = list(Event.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert actions.count("member.registered") == 3 and actions[-1] == "member.import_completed"


def test_dry_run_writes_nothing(org: Org) -> None:
    before = snapshot()
    result = import_members(data=csv(*GOOD), by=None, dry_run=True)
    assert result.ok and result.importable == 3 and result.imported == 0
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("N1,Ann,Archer,,,,,branch-a1,2020-13-01,active,,", "joined_on", "'2020-13-01' is not a real date"),
        ("N1,Ann,Archer,,,,,branch-a1,15/01/2020,active,,", "joined_on", "not a date in the form YYYY-MM-DD"),
        ("N1,Ann,Archer,,,,,branch-zz,2020-01-15,active,,", "branch", "no branch with the code 'branch-zz'"),
        ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,retired,,", "status", "'retired' is not a membership status"),
        ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,lapsed,,", "left_on", "is required when the status is lapsed"),
        ("N1,,Archer,,,,,branch-a1,2020-01-15,active,,", "first_name", "is required"),
        ("N1,Ann,Archer,not-an-email,,,,branch-a1,2020-01-15,active,,", "email", "is not an email address"),
        ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,active,,2021-01-01", "left_on", "must be empty"),
        ("N1,Ann,Archer,,,,,branch-a1", "", "has 8 fields; the header has 12"),
    ],
)
def test_one_bad_row_stops_the_whole_file(org: Org, row: str, column: str, reason: str) -> None:
    before = snapshot()
    result = import_members(data=csv(*GOOD, row), by=None)
    assert not result.ok and result.imported == 0
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column) == (5, column) and reason in problem.reason
    assert snapshot() == before


def test_duplicate_numbers_within_the_file_name_both_lines(org: Org) -> None:
    before = snapshot()
    result = import_members(data=csv(*GOOD, "n0000001,Dup,Licate,,,,,branch-a1,2020-01-15,active,,"), by=None)
    assert [str(p) for p in result.problems] == ["line 5, column membership_number: n0000001 is already on line 2"]
    assert snapshot() == before


def test_numbers_already_on_the_register_are_refused(org: Org, member: Any) -> None:
    number = Member.objects.get(account=member).membership_number
    before = snapshot()
    result = import_members(data=csv(*GOOD, f"{number},Mia,Again,,,,,branch-a1,2020-01-15,active,,"), by=None)
    assert [(p.line, p.column) for p in result.problems] == [(5, "membership_number")]
    assert "already on the register" in result.problems[0].reason
    assert snapshot() == before


def test_partial_imports_the_good_rows_and_reports_the_bad(org: Org) -> None:
    result = import_members(data=csv(*GOOD, "N9,Ann,Archer,,,,,branch-zz,2020-01-15,active,,"), by=None, partial=True)
    assert result.imported == 3 and [p.line for p in result.problems] == [5]
    assert not Member.objects.filter(membership_number="N9").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv(*GOOD).decode().replace("Archer", "Ærcher").encode("latin-1"), "not UTF-8: line 2"),
        (csv(*GOOD).decode().encode("utf-16"), "UTF-16"),
        (b"", "empty"),
        (b"number,name\n1,Ann\n", "missing columns membership_number, first_name"),
    ],
)
def test_files_that_cannot_be_read_say_why_and_change_nothing(org: Org, data: bytes, message: str) -> None:
    before = snapshot()
    result = import_members(data=data, by=None)
    assert message in result.file_error and result.imported == 0
    assert snapshot() == before


def test_a_utf8_file_with_a_byte_order_mark_is_fine(org: Org) -> None:
    assert import_members(data=b"\xef\xbb\xbf" + csv(*GOOD), by=None).imported == 3


def test_staff_import_only_into_branches_within_their_scope(org: Org, regional_staff_a: Any) -> None:
    before = snapshot()
    result = import_members(data=csv(*GOOD), by=regional_staff_a)
    assert [(p.line, p.column) for p in result.problems] == [(4, "branch")]
    assert "'branch-b1' within your scope" in result.problems[0].reason
    assert snapshot() == before


def test_the_command_reports_rows_and_exits_non_zero(org: Org, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(csv(*GOOD, "N1,Ann,Archer,,,,,branch-a1,2020-02-30,active,,"))
    before = snapshot()
    with pytest.raises(CommandError, match="1 problems; nothing was imported"):
        call_command("import_members", str(path))
    assert "line 5, column joined_on: '2020-02-30' is not a real date" in capsys.readouterr().err
    assert snapshot() == before


def test_the_command_line_shows_no_traceback_for_a_bad_file(org: Org, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("membership_number\nÆ\n".encode("latin-1"))
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["moot", "import_members", str(path)])
    err = capsys.readouterr().err
    assert exit_.value.code != 0 and "not UTF-8" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        execute_from_command_line(["moot", "import_members", str(tmp_path / "missing.csv")])
    assert "Cannot read" in capsys.readouterr().err


def test_the_command_dry_run_and_import(org: Org, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(csv(*GOOD))
    call_command("import_members", str(path), "--dry-run")
    assert "3 rows would be imported" in capsys.readouterr().out and Member.objects.count() == 0
    call_command("import_members", str(path))
    assert "Imported 3 members" in capsys.readouterr().out and Member.objects.count() == 3


# --- The write path: COPY on PostgreSQL, register_members on SQLite; the same records either way --------


def _record(member: Member) -> tuple[Any, ...]:
    """What the register and the ledger hold for one member, apart from its number and ids."""
    event = Event.objects.get(action="member.registered", subject_id=str(member.pk))
    payload = event.data or {}
    payload.pop("membership_number")
    return (
        member.first_name,
        member.last_name,
        member.email,
        member.phone,
        member.postcode,
        member.date_of_birth,
        member.branch_id,
        member.local_party_id,
        member.status,
        member.paid_up_to,
        member.continuous_since,
        member.account_id,
        list(member.periods.values_list("joined_on", "ended_on", "end_reason")),
        list(member.status_changes.values_list("status", "from_on", "reason", "by_id", "rule_version")),
        event.actor_id,
        event.subject_type,
        payload,
    )


def test_an_import_writes_exactly_what_register_members_writes(org: Org) -> None:
    """On PostgreSQL the import streams rows with COPY; each member must match one registered one by one."""
    assert import_members(data=csv(*GOOD), by=None).imported == 3
    for row in GOOD:
        number, first, last, email, phone, postcode, born, branch, joined, status, paid, left = row.split(",")
        register_member(
            new=NewMember(
                membership_number="R" + number,
                first_name=first,
                last_name=last,
                email=email,
                phone=phone,
                postcode=postcode,
                date_of_birth=date.fromisoformat(born) if born else None,
                branch=Unit.objects.get(code=branch),
                status=status,
                paid_up_to=date.fromisoformat(paid) if paid else None,
                periods=[
                    (date.fromisoformat(joined), date.fromisoformat(left) if left else None, status if left else "")
                ],
            ),
            by=None,
        )
        imported, registered = (Member.objects.get(membership_number=n) for n in (number, "R" + number))
        assert _record(imported) == _record(registered)
    assert verify_ledger().ok


def test_a_large_import_is_written_in_chunks_on_one_chain(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "_IMPORT_CHUNK", 2)
    rows = [f"C{n:07d},Ann,Archer{n},,,,,branch-a1,2020-01-15,active,," for n in range(5)]
    ticks: list[tuple[str, int, int]] = []
    before = Event.objects.count()
    result = import_members(data=csv(*rows), by=None, progress=lambda *tick: ticks.append(tick))
    assert result.imported == 5 and Member.objects.filter(membership_number__startswith="C").count() == 5
    assert [t for t in ticks if t[0] == "write"] == [("write", 2, 5), ("write", 4, 5), ("write", 5, 5)]
    events = Event.objects.filter(seq__gt=before).order_by("seq")
    assert [e.action for e in events] == ["member.registered"] * 5 + ["member.import_completed"]
    assert [e.data["membership_number"] for e in events[:5]] == [f"C{n:07d}" for n in range(5)]  # type: ignore[index]
    assert verify_ledger().ok


def test_staff_imports_name_the_staff_member(org: Org, regional_staff_a: Any) -> None:
    assert import_members(data=csv(*GOOD[:2]), by=regional_staff_a).imported == 2
    ann = Member.objects.get(membership_number="N0000001")
    assert list(ann.status_changes.values_list("by_id", flat=True)) == [regional_staff_a.pk]
    assert Event.objects.get(action="member.registered", subject_id=str(ann.pk)).actor_id == regional_staff_a.pk


def test_a_clash_while_writing_rolls_back_every_row(org: Org, member: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone registers one of the numbers between the check and the write: the whole import is undone."""
    number = Member.objects.get(account=member).membership_number
    monkeypatch.setattr(imports, "_numbers_on_register", lambda numbers: set())
    before = snapshot()
    result = import_members(data=csv(*GOOD, f"{number},Mia,Again,,,,,branch-a1,2020-01-15,active,,"), by=None)
    assert "Another change to the register" in result.file_error and result.imported == 0
    assert snapshot() == before and verify_ledger().ok


# --- Reading: the fast path and the full check agree on every row -------------------------------------

VARIANTS = {
    "membership_number": ["", "n1", "TOO-LONG-NUMBER-123456", "no spaces", "N-1"],
    "first_name": ["", "A" * 100, "A" * 101],
    "last_name": ["", "O'Brien", "B" * 101],
    "branch": ["", "branch-a1"],
    "joined_on": ["", "2020-02-29", "2021-02-29", "2020-1-05", "2099-01-01", "2025-06-01", "2025-06-02"],
    "email": ["", "a@b.co", "not-an-email", "x" * 250 + "@b.co"],
    "phone": ["", "0" * 40, "0" * 41],
    "postcode": ["", "sw1a 1aa", "SW1A-1AA", "A"],
    "date_of_birth": ["", "1980-01-01", "2020-01-16", "2026-01-01", "1980-13-01"],
    "status": ["", "Active", "lapsed", "resigned", "excluded", "suspended", "retired"],
    "paid_up_to": ["", "2030-01-01", "30-01-2030"],
    "left_on": ["", "2020-01-14", "2020-01-15", "2024-01-01", "2026-01-01", "soon"],
}


def _variants() -> list[dict[str, str]]:
    base = dict(
        zip(
            importer.COLUMNS,
            ("N1", "Ann", "Archer", "branch-a1", "2020-01-15", "", "", "", "", "", "", ""),
            strict=True,
        )
    )
    rows = [dict(base, **{column: value}) for column, values in VARIANTS.items() for value in values]
    leaving = [dict(row, status=status) for row in rows for status in ("lapsed", "expelled") if row["left_on"] == ""]
    return rows + leaving + [dict(row, left_on="2024-01-01") for row in leaving]


def test_the_fast_check_accepts_exactly_the_rows_the_full_check_accepts() -> None:
    """importer._quick_row must never let through a row _check_row refuses, nor refuse a good one."""
    today = date(2025, 6, 1)
    verdicts = set()
    for raw in _variants():
        problems: list[importer.Problem] = []
        full = importer._check_row(7, raw, today, problems)
        quick = importer._quick_row(7, tuple(raw[c] for c in importer.COLUMNS), today, {})
        assert quick == full, (raw, problems)
        verdicts.add(full is None)
    assert verdicts == {True, False}  # both kinds of row were tried


def test_a_problem_found_after_rows_were_written_undoes_them_and_names_every_problem(
    org: Org, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Good files are written as they are read; a bad row late in the file still leaves nothing behind."""
    monkeypatch.setattr(imports, "_IMPORT_CHUNK", 2)
    number = Member.objects.get(account=member).membership_number
    rows = [f"L{n:07d},Ann,Archer{n},,,,,branch-a1,2020-01-15,active,," for n in range(5)]
    rows[3] = f"{number},Mia,Again,,,,,branch-a1,2020-01-15,active,,"
    rows.append("L0000009,Ann,Archer,,,,,branch-a1,2020-13-01,active,,")
    before = snapshot()
    result = import_members(data=csv(*rows), by=None)
    assert result.imported == 0 and result.rows == 6
    assert sorted((p.line, p.column) for p in result.problems) == [(5, "membership_number"), (7, "joined_on")]
    assert snapshot() == before and verify_ledger().ok
