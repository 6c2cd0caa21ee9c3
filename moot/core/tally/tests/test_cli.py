"""`moot count` / `python -m moot.core.tally`: formats, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from moot.core.tally.cli import main

from .helpers import DATA

EDI17 = str(DATA / "scotland/edinburgh_2017_ward01_almond.blt")


def test_json_has_the_agreed_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EDI17, "--method", "scottish-stv", "--format", "json", "--seed", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"method", "seats", "quota", "elected", "stages"} <= set(data)
    assert data["method"] == "scottish-stv" and data["seats"] == 4 and data["quota"] == "2842.00000"
    assert data["elected"] == ["Kevin LANG (LD)", "Louise YOUNG (LD)", "Graham HUTCHISON (C)", "Norrie WORK (SNP)"]
    assert data["elected_at_stage"]["Norrie WORK (SNP)"] == "10"
    assert data["stages"][0]["totals"]["Kevin LANG (LD)"] == "6079.00000"
    assert data["seed"] == 3


@pytest.mark.parametrize("fmt", ["text", "csv", "html"])
def test_other_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EDI17, "--method", "ers97", "--format", fmt, "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Kevin LANG (LD)" in out
    if fmt == "html":
        assert out.startswith("<!doctype html>") and "<table>" in out


@pytest.mark.parametrize("method", ["fptp", "block", "irv", "meek"])
def test_every_method_runs(method: str, capsys: pytest.CaptureFixture[str]) -> None:
    seats = ["--seats", "1"] if method == "irv" else []
    assert main([EDI17, "--method", method, "--seed", "1", *seats]) == 0
    assert "Elected 1:" in capsys.readouterr().out


def test_seed_is_printed_and_generated_when_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EDI17, "--method", "fptp", "--format", "json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out)["seed"], int)


def test_write_blt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.blt"
    csv = str(DATA / "us_av/burlington_2009_mayor.normalized.csv")
    assert main([csv, "--method", "irv", "--write-blt", str(out), "--seed", "1"]) == 0
    capsys.readouterr()
    assert main([str(out), "--method", "irv", "--seed", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["elected"] == ["Bob Kiss"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--method", "meek"], "the following arguments are required"),
        ([EDI17, "--method", "nope"], "invalid choice"),
        ([EDI17], "--method"),
        (["/no/such.blt", "--method", "irv"], "no such file"),
        ([EDI17, "--method", "irv"], "irv fills one seat"),
        ([EDI17, "--method", "scottish-stv", "--seats", "0"], "seats must be at least 1"),
        ([EDI17, "--method", "scottish-stv", "--lot", "Nobody"], "--lot"),
        ([EDI17, "--method", "scottish-stv", "--seats", "x"], "invalid int"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_malformed_file_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.blt"
    bad.write_text("3 1\n1 1 2 9 0\n0\nA\nB\nC\n")
    proc = subprocess.run(
        [sys.executable, "-m", "moot.core.tally", str(bad), "--method", "scottish-stv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"moot count: error: {bad}:2: candidate id 9 is not 1..3"
    assert proc.stdout == ""


def test_infeasible_constraints_refused_before_counting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cons = tmp_path / "c.json"
    cons.write_text(json.dumps({"categories": [{"name": "women", "candidates": [1, 2], "min": 3}]}))
    assert main([EDI17, "--method", "scottish-stv", "--constraints", str(cons)]) == 2
    err = capsys.readouterr().err
    assert "infeasible" in err and "women" in err and err.count("\n") == 1
