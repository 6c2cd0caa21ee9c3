"""CSV import: a malformed file leaves the register and the ledger unchanged, with a clear report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from moot.conftest import Org
from moot.ledger.models import Event
from moot.members.models import Member, MembershipPeriod
from moot.members.services import import_members

pytestmark = pytest.mark.django_db

HEADER = ("membership_number,first_name,last_name,email,phone,postcode,date_of_birth,branch,joined_on,status,"
          "paid_up_to,left_on\n")


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
        (date(2021, 6, 1), date(2023, 4, 30), "resigned")]
    actions = list(Event.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert actions.count("member.registered") == 3 and actions[-1] == "member.import_completed"


def test_dry_run_writes_nothing(org: Org) -> None:
    before = snapshot()
    result = import_members(data=csv(*GOOD), by=None, dry_run=True)
    assert result.ok and result.importable == 3 and result.imported == 0
    assert snapshot() == before


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("N1,Ann,Archer,,,,,branch-a1,2020-13-01,active,,", "joined_on", "'2020-13-01' is not a real date"),
    ("N1,Ann,Archer,,,,,branch-a1,15/01/2020,active,,", "joined_on", "not a date in the form YYYY-MM-DD"),
    ("N1,Ann,Archer,,,,,branch-zz,2020-01-15,active,,", "branch", "no branch with the code 'branch-zz'"),
    ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,retired,,", "status", "'retired' is not a membership status"),
    ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,lapsed,,", "left_on", "is required when the status is lapsed"),
    ("N1,,Archer,,,,,branch-a1,2020-01-15,active,,", "first_name", "is required"),
    ("N1,Ann,Archer,not-an-email,,,,branch-a1,2020-01-15,active,,", "email", "is not an email address"),
    ("N1,Ann,Archer,,,,,branch-a1,2020-01-15,active,,2021-01-01", "left_on", "must be empty"),
    ("N1,Ann,Archer,,,,,branch-a1", "", "has 8 fields; the header has 12"),
])
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
    assert [str(p) for p in result.problems] == [
        "line 5, column membership_number: n0000001 is already on line 2"]
    assert snapshot() == before


def test_numbers_already_on_the_register_are_refused(org: Org, member: Any) -> None:
    number = Member.objects.get(account=member).membership_number
    before = snapshot()
    result = import_members(data=csv(*GOOD, f"{number},Mia,Again,,,,,branch-a1,2020-01-15,active,,"), by=None)
    assert [(p.line, p.column) for p in result.problems] == [(5, "membership_number")]
    assert "already on the register" in result.problems[0].reason
    assert snapshot() == before


def test_partial_imports_the_good_rows_and_reports_the_bad(org: Org) -> None:
    result = import_members(data=csv(*GOOD, "N9,Ann,Archer,,,,,branch-zz,2020-01-15,active,,"), by=None,
                            partial=True)
    assert result.imported == 3 and [p.line for p in result.problems] == [5]
    assert not Member.objects.filter(membership_number="N9").exists()


@pytest.mark.parametrize(("data", "message"), [
    (csv(*GOOD).decode().replace("Archer", "Ærcher").encode("latin-1"), "not UTF-8: line 2"),
    (csv(*GOOD).decode().encode("utf-16"), "UTF-16"),
    (b"", "empty"),
    (b"number,name\n1,Ann\n", "missing columns membership_number, first_name"),
])
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
