"""BLT and CSV input: the strict form, the real-world deviations, and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from moot.core.tally import BallotError, Overvote, Skipped, format_blt, parse_blt, parse_csv

from .helpers import load


def test_strict_blt_with_withdrawn_comments_ids_and_equal_preferences() -> None:
    text = (
        "# a comment\n"
        "4 2\n"
        "-2\n"
        "3 1 2 3 0   # trailing comment\n"
        "(b7) 2 3 1 0\n"
        "1 4=1 3 0\n"
        "1 1 4=3 2 0\n"
        "0\n"
        '"Ann" "Bob"\n'
        '"Cat ""the cat"""\n'
        "Dee\n"
        '"Title"\n'
    )
    b = parse_blt(text)
    assert b.candidates == ["Ann", "Bob", 'Cat "the cat"', "Dee"]
    assert b.title == "Title" and b.seats == 2 and b.withdrawn == frozenset({1})
    got = dict(zip(b.rankings, b.weights, strict=True))
    # Bob withdrawn is passed over; "4=1" first is uncertain: exhausted (invalid paper);
    # "1 4=3 2" is valid up to Ann.
    assert got == {(0, 2): 3, (2, 0): 2, (0,): 1}
    assert b.invalid == 1


def test_equal_preferences_skip_option() -> None:
    b = parse_blt("3 1\n1 1=2 3 0\n0\nA\nB\nC\n", overvote=Overvote.SKIP)
    assert b.rankings == [(2,)]


def test_real_world_deviations() -> None:
    unquoted = load("scotland/edinburgh_2017_ward01_almond.blt")
    assert unquoted.candidates[0] == "Daniel FRASER (Libtn)" and unquoted.title == "Ward 1 - Almond"
    doubled = load("scotland/edinburgh_2022_ward01_almond.blt")
    assert doubled.candidates[5] == 'Kevin LANG "Scottish Liberal Democrats"'
    padded = parse_blt('2 1   \n3 1 2 0          \n0     \n"A"    \nB   \n')
    assert padded.candidates == ["A", "B"] and padded.weights == [3]


def test_distinct_rankings_are_grouped() -> None:
    b = parse_blt("2 1\n1 1 2 0\n1 1 2 0\n2 2 0\n0\nA\nB\n")
    assert dict(zip(b.rankings, b.weights, strict=True)) == {(0, 1): 2, (1,): 2}
    assert load("ireland_2002/DublinWest2002.blt").rankings.__len__() == 10335


def test_blt_round_trip() -> None:
    b = load("scotland/edinburgh_2022_ward01_almond.blt")
    again = parse_blt(format_blt(b))
    assert (again.candidates, again.rankings, again.weights, again.title) == (
        b.candidates,
        b.rankings,
        b.weights,
        b.title,
    )


def test_csv_one_paper_per_row() -> None:
    b = parse_csv("weight,r1,r2,r3\n3,Ann,Bob,\n2,Bob,,Ann\n1,$OVERVOTE,Ann,\n1,Cat=Bob,Ann,\n")
    assert b.candidates == ["Ann", "Bob", "Cat"]
    assert dict(zip(b.rankings, b.weights, strict=True)) == {(0, 1): 3, (1, 0): 2}
    assert b.invalid == 2


def test_csv_skipped_rank_options() -> None:
    text = "ballot_id,rank,choice\n1,1,Ann\n1,2,$UNDERVOTE\n1,3,Bob\n2,1,Bob\n2,3,Ann\n"
    assert parse_csv(text).rankings == [(0, 1), (1, 0)]
    assert parse_csv(text, skipped=Skipped.EXHAUST).rankings == [(0,), (1,)]


def test_csv_overvote_options() -> None:
    text = "ballot_id,rank,choice\n1,1,Ann\n1,2,$OVERVOTE\n1,3,Bob\n2,1,Bob\n2,2,Ann\n2,2,Cat\n2,3,Ann\n"
    assert sorted(parse_csv(text).rankings) == [(0,), (1,)]
    assert sorted(parse_csv(text, overvote=Overvote.SKIP).rankings) == [(0, 1), (1, 0)]


def test_burlington_normalised_csv() -> None:
    b = load("us_av/burlington_2009_mayor.normalized.csv")
    assert b.total + b.invalid == 8980
    assert "Write-in" in b.candidates


MALFORMED = [
    ("", "1", "empty file"),
    ("x 2\n", "1", "expected whole numbers"),
    ("3\n", "1", "first line must be"),
    ("2 1\n1 1 2\n0\nA\nB\n", "2", "must end with 0"),
    ("2 1\n1 1 3 0\n0\nA\nB\n", "2", "candidate id 3 is not 1..2"),
    ("2 1\n-1 1 2 0\n0\nA\nB\n", "2", "withdrawn candidate"),
    ("2 1\n1 1 two 0\n0\nA\nB\n", "2", "'two'"),
    ("2 1\n1 1 2 0\n", "2", "not terminated"),
    ("2 1\n1 1 2 0\nA\nB\n", "3", "expected whole numbers, found 'A'"),
    ("2 1\n1 1 2 0\n0\nA\n", "4", "expected 2 candidate names"),
    ('2 1\n1 1 2 0\n0\n"A\nB\n', "4", "unterminated"),
    ("2 1\n1 1 2 0\n0\nA\nA\n", None, "appears twice"),
    ("2 1\n1 1 2 0\n0\nA\nB\nT\nextra\n", "7", "unexpected text"),
    ("2 1\n(x 1 1 2 0\n0\nA\nB\n", "2", "unclosed"),
]


@pytest.mark.parametrize(("text", "line", "message"), MALFORMED)
def test_malformed_blt_names_line_and_problem(text: str, line: str | None, message: str) -> None:
    with pytest.raises(BallotError) as info:
        parse_blt(text, source="f.blt")
    assert message in str(info.value)
    if line is not None:
        assert str(info.value).startswith(f"f.blt:{line}: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ballot_id,rank,choice\n1,x,Ann\n", "f.csv:2: rank 'x'"),
        ("ballot_id,rank,choice\n1,1\n", "f.csv:2: expected 3 fields"),
        ("weight,a\nmany,Ann\n", "f.csv:2: weight 'many'"),
        ("", "no ballots"),
    ],
)
def test_malformed_csv(text: str, message: str) -> None:
    with pytest.raises(BallotError) as info:
        parse_csv(text, source="f.csv")
    assert message in str(info.value)


def test_not_utf8(tmp_path: Path) -> None:
    from moot.core.tally import read_blt

    p = tmp_path / "x.blt"
    p.write_bytes(b"2 1\n\xff\xfe\n")
    with pytest.raises(BallotError, match="not UTF-8"):
        read_blt(p)
