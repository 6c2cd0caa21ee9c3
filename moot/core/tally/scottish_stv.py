"""Scottish STV: the Scottish Local Government Elections Order 2007 (SSI 2007/42), Sch. 1 rr. 45-52.

As re-made by SSI 2011/399. Weighted inclusive Gregory: every paper of an elected candidate is
transferred with its value scaled by surplus/total, truncated to five decimal places. Arithmetic
is in integer units of 0.00001 of a vote; "any remainder being ignored" is floor division.
"""

from __future__ import annotations

from moot.core.tally.ballots import Ballots
from moot.core.tally.papers import Batch
from moot.core.tally.record import Action, CountResult, Tie
from moot.core.tally.state import CountState, Options
from moot.core.tally.ties import pick_highest, pick_lowest

DECIMALS = 5
NAME = "Scottish STV (SSI 2007/42 Sch. 1 rules 45-52)"


def count_scottish_stv(ballots: Ballots, options: Options) -> CountResult:
    """Count under rules 45-52."""
    unit = 10**DECIMALS
    # 46(1) "divide the total number of valid ballot papers ... by a number exceeding by one the
    # number of councillors to be elected"; 46(2) "(ignoring any decimal places), increased by one".
    quota = (ballots.total // (options.seats + 1) + 1) * unit
    result = CountResult(
        method="scottish-stv",
        method_name=NAME,
        candidates=list(ballots.candidates),
        seats=options.seats,
        decimals=DECIMALS,
        valid=ballots.total * unit,
        quota=quota,
    )
    st = CountState(ballots, options, result)
    # 45(1) "sort the valid ballot papers into parcels according to the candidates for whom first
    # preference votes are given"; 45(2)(b) "credit ... one vote for each ballot paper".
    st.first_stage()
    st.record(1, Action.FIRST, quota=quota)
    _elect_with_quota(st, quota)
    surplus_done: set[int] = set()
    while st.seats_left > 0:
        if not _next_stage(st, quota, surplus_done):
            break
        _elect_with_quota(st, quota)
    return result


def _next_stage(st: CountState, quota: int, surplus_done: set[int]) -> bool:
    """Carry out one stage; False when the count is complete."""
    doomed = [c for c in st.doomed() if st.totals[c] >= quota]
    if doomed:
        lowest, tie = pick_lowest(doomed, st.totals, st.result.stages, st.lot, backwards=True, rule=_R51)
        _exclude(st, lowest, Action.DOOMED, tie)
        return True
    hopeful = st.hopeful()
    if len(hopeful) <= st.seats_left:
        # 52(1) "Where the number of continuing candidates is equal to the number of vacancies
        # remaining unfilled, the continuing candidates are deemed to be elected."
        # 52(2) "Where the last vacancies can be filled under this rule, no further transfer
        # shall be made."
        st.rec.last.notes.append("rule 52: continuing candidates deemed elected to fill the last vacancies")
        st.elect(st.by_votes(hopeful))
        return False
    # 48(1) "the number of votes credited to any candidate exceeds the quota": a candidate
    # exactly on the quota has no surplus and no transfer stage.
    pending = {c: st.totals[c] - quota for c in st.elected if c not in surplus_done and st.totals[c] > quota}
    if pending:
        # 49(1) "first sort the ballot papers of the candidate with the highest surplus";
        # 49(2) equal surpluses: "the highest number of votes at the end of the most recent
        # preceding stage at which they had unequal numbers of votes"; 49(3) otherwise by lot.
        c, tie = pick_highest(list(pending), pending, st.result.stages, st.lot, backwards=True, rule=_R49)
        surplus_done.add(c)
        _transfer_surplus(st, c, quota, tie)
        return True
    # 50(1) "exclude from the election at that stage the candidate with the then lowest number of
    # votes"; 51(2)(a) ties: "the most recently preceding stage of the count at which they had an
    # unequal number of votes"; 51(2)(b) "equal at all stages": by lot. A guarded candidate
    # (constraints) is passed over.
    lowest, tie = pick_lowest(st.excludable(), st.totals, st.result.stages, st.lot, backwards=True, rule=_R51)
    _exclude(st, lowest, Action.EXCLUSION, tie)
    return True


_R49 = "rule 49(2): most recent preceding stage with unequal votes"
_R51 = "rule 51(2)(a): most recent preceding stage with unequal votes"


def _elect_with_quota(st: CountState, quota: int) -> None:
    """47(1) "the number of votes for a candidate equals or exceeds the quota": deemed elected."""
    reached = sorted((c for c in st.hopeful() if st.totals[c] >= quota), key=lambda c: (-st.totals[c], c))
    for c in reached:
        if st.seats_left == 0 or c in st.doomed():
            continue
        st.elect([c])


def _transfer_surplus(st: CountState, c: int, quota: int, tie: Tie | None) -> None:
    """Rule 48: transfer every paper of `c`, each at surplus x value / total, to 5 places."""
    surplus, total = st.totals[c] - quota, st.totals[c]
    exhausted_before = st.exhausted
    credited = 0
    values: list[str] = []
    for value, codes in _by_value(st.take_pile(c)).items():
        # 48(3) "A = the surplus ... multiplied by the value of the ballot paper when received";
        # "B = the total number of votes credited to that candidate, the calculation being made
        # to five decimal places (any remainder being ignored)". 48(4)(b)(i): a first-preference
        # paper has value one.
        transfer_value = surplus * value // total
        # 48(1)(a) "next available preference"; (b) "where no such preference is given, as a
        # parcel of non-transferable papers".
        sorting = st.papers.sort(codes, st.continuing)
        credited += st.receive(sorting, transfer_value, stage=st.stage_number + 1)
        values.append(f"{_fmt(value)} -> {_fmt(transfer_value)}")
    st.totals[c] = quota
    st.loss += surplus - credited - (st.exhausted - exhausted_before)
    stage = st.record(
        st.stage_number + 1,
        Action.SURPLUS,
        subjects=[c],
        transfer_value=surplus * st.unit // total,
        ties=[tie] if tie else [],
    )
    stage.notes.append(f"surplus {_fmt(surplus)} of {_fmt(total)}; paper values {', '.join(values)}")


def _exclude(st: CountState, c: int, action: Action, tie: Tie | None) -> None:
    """Rule 50: exclude `c`; 50(4) each paper keeps the transfer value at which it was received."""
    st.exclude(c)
    for value, codes in _by_value(st.take_pile(c)).items():
        sorting = st.papers.sort(codes, st.continuing)
        st.receive(sorting, value, stage=st.stage_number + 1)
    st.totals[c] = 0
    st.record(st.stage_number + 1, action, subjects=[c], excluded=[c], ties=[tie] if tie else [])


def _by_value(batches: list[Batch]) -> dict[int, list[int]]:
    """Papers of a pile grouped by value, highest value first."""
    out: dict[int, list[int]] = {}
    for batch in sorted(batches, key=lambda b: -b.value):
        out.setdefault(batch.value, []).extend(batch.codes)
    return out


def _fmt(value: int) -> str:
    """Five-place text of a value in units."""
    whole, frac = divmod(value, 10**DECIMALS)
    return f"{whole}.{frac:05d}"
