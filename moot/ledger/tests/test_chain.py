"""The hash chain catches any single altered, deleted, inserted or reordered event."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from moot.ledger.chain import GENESIS, Row, canonical_json, digest, event_hash, microseconds, moment, verify_rows

START = datetime(2026, 1, 1, tzinfo=UTC)


def build_chain(n: int) -> list[Row]:
    rows, previous = [], GENESIS
    for seq in range(1, n + 1):
        body = canonical_json({"n": seq, "who": f"member {seq}"})
        at_us = microseconds(START + timedelta(seconds=seq))
        row = Row(
            seq,
            at_us,
            seq % 3 or None,
            f"action.{seq % 4}",
            "members.member",
            str(seq),
            "rule@1" if seq % 2 else "",
            digest(body),
            "",
            body,
        )
        row = dataclasses.replace(row, hash=event_hash(previous, row))
        rows.append(row)
        previous = row.hash
    return rows


def test_an_untouched_chain_verifies() -> None:
    result = verify_rows(build_chain(50))
    assert result.ok and result.verified == 50 and result.head_hash == build_chain(50)[-1].hash


FIELDS = ["at_us", "actor_id", "action", "subject_type", "subject_id", "rule_version", "payload_digest", "hash"]


def altered(row: Row, field: str) -> Row:
    value = getattr(row, field)
    if field == "at_us":
        return dataclasses.replace(row, at_us=row.at_us + 1)
    if field == "actor_id":
        return dataclasses.replace(row, actor_id=(value or 0) + 1)
    return dataclasses.replace(
        row,
        **{
            field: value + "x"
            if field not in {"hash", "payload_digest"}
            else ("0" if value[0] != "0" else "1") + value[1:]
        },
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=40), st.data())
def test_every_single_tampering_is_caught_at_the_right_event(n: int, data: st.DataObject) -> None:
    rows = build_chain(n)
    i = data.draw(st.integers(min_value=0, max_value=n - 1), label="row")
    kind = data.draw(st.sampled_from(["alter", "delete", "insert", "swap", "payload", "erase"]), label="kind")
    expected_bad = rows[i].seq
    if kind == "alter":
        rows[i] = altered(rows[i], data.draw(st.sampled_from(FIELDS), label="field"))
    elif kind == "delete":
        if i == n - 1:  # deleting the newest event is only caught by a published checkpoint
            rows.pop(i)
            assert verify_rows(rows).head_hash != build_chain(n)[-1].hash
            return
        rows.pop(i)
    elif kind == "insert":
        forged = dataclasses.replace(rows[i], action="forged.event")
        rows.insert(i, forged)
    elif kind == "swap":
        j = data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda j: j != i), label="other")
        rows[i], rows[j] = rows[j], rows[i]
        expected_bad = min(i, j) + 1
    elif kind == "payload":
        rows[i] = dataclasses.replace(rows[i], payload=canonical_json({"n": -1}))
    else:
        rows[i] = dataclasses.replace(rows[i], payload=None)
    result = verify_rows(rows)
    assert not result.ok
    assert result.first_bad_seq == expected_bad


def test_a_lawful_erasure_keeps_the_chain_valid() -> None:
    rows = build_chain(5)
    rows[2] = dataclasses.replace(rows[2], payload=None)
    assert verify_rows(rows, erased={3}).ok
    assert not verify_rows(rows, erased={4}).ok


def test_moments_are_kept_to_the_microsecond() -> None:
    at = datetime(2021, 7, 20, 9, 30, 1, 123456, tzinfo=UTC)
    assert moment(microseconds(at)) == at
    assert microseconds(datetime(1970, 1, 1, tzinfo=UTC)) == 0
