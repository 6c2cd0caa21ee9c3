"""ERS97 STV: Electoral Reform Society, "How to conduct an election by the Single Transferable
Vote", 3rd edition (1997), section 5 (rules) and 6 (glossary).

Arithmetic is in integer units of 0.01 of a vote: quota and transfer values are taken "to two
decimal places", remainders ignored. A surplus is transferred from the last batch received
(exclusive Gregory); surpluses are deferred while a sure exclusion exists (5.2.2); as many sure
losers as possible are excluded together (5.2.5); an excluded candidate's papers go over in
sub-stages, one per transfer value, highest first (5.4); the quota falls if papers become
non-transferable before anyone is elected (5.4.8); ties look forward from the first stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from moot.core.tally.arithmetic import div_up, fmt
from moot.core.tally.ballots import Ballots
from moot.core.tally.papers import Batch, Sorting
from moot.core.tally.record import Action, CountResult, Tie
from moot.core.tally.state import CountState, Options
from moot.core.tally.ties import look_through, pick_highest, pick_lowest

DECIMALS = 2
NAME = "ERS97 STV (Electoral Reform Society rules, 3rd edition 1997)"
_FWD = "forwards: first stage or earliest point after a batch with unequal votes"


@dataclass
class _Ers:
    """ERS97 state beyond the shared one: the quota and which surpluses are still to transfer."""

    st: CountState
    quota: int
    pending: set[int] = field(default_factory=set)  # elected, surplus not yet transferred
    being_excluded: list[int] = field(default_factory=list)


def count_ers97(ballots: Ballots, options: Options) -> CountResult:
    """Count under ERS97 section 5."""
    unit = 10**DECIMALS
    valid = ballots.total * unit
    result = CountResult(
        method="ers97",
        method_name=NAME,
        candidates=list(ballots.candidates),
        seats=options.seats,
        decimals=DECIMALS,
        valid=valid,
        quota=_quota(valid, options.seats),
    )
    e = _Ers(CountState(ballots, options, result), _quota(valid, options.seats))
    # 5.1.2 "Sort the voting papers into first preferences"; 5.1.6 the quota; 5.1.7 deem elected.
    e.st.first_stage()
    e.st.record(1, Action.FIRST, quota=e.quota)
    _deem_elected(e)
    while e.st.seats_left > 0 and _next_stage(e):
        pass
    _formally_exclude(e)
    return result


def _quota(votes: int, seats: int) -> int:
    """5.1.6 "dividing the total valid vote by one more than the number of places to be filled.
    Take the division to two decimal places. If the result is exact that is the quota. Otherwise
    ignore the remainder, and add 0.01." (In units of 0.01 that is division rounded up.)"""
    return div_up(votes, seats + 1)


def _next_stage(e: _Ers) -> bool:
    """One stage (5.2.1): a surplus, or an exclusion; False when the count is complete."""
    st = e.st
    hopeful = st.hopeful()
    if len(hopeful) <= st.seats_left:
        # 4.3 "...or there is the same number of candidates left as unfilled seats."
        st.rec.last.notes.append("4.3/5.5.1: continuing candidates deemed elected to fill the last places")
        st.elect(st.by_votes(hopeful))
        return False
    threshold = _threshold(e)
    doomed = [c for c in st.doomed() if st.totals[c] >= threshold]
    if doomed:
        c, tie = pick_lowest(doomed, st.totals, st.result.stages, st.lot, backwards=False, rule=_FWD)
        return _exclude(e, [c], [tie] if tie else [], doomed=True)
    surpluses = {c: st.totals[c] - e.quota for c in e.pending if st.totals[c] > e.quota}
    e.pending &= set(surpluses)
    total_surplus = sum(surpluses.values())
    if surpluses and not _bulk(e, total_surplus):
        # 5.2.3 "transfer the largest surplus"; equal: "the greatest vote at the first stage or at
        # the earliest point in the count, after the transfer of a batch of papers, where they had
        # unequal votes"; equal at all such points: by lot.
        c, tie = pick_highest(list(surpluses), surpluses, st.result.stages, st.lot, backwards=False, rule=_FWD)
        _transfer_surplus(e, c, surpluses[c], tie)
        return True
    # 5.2.2: the surpluses (if any) are deferred; 5.2.5 exclude.
    return _exclude_lowest(e, total_surplus)


def _bulk(e: _Ers, deferred: int) -> list[int]:
    """The largest group of lowest candidates that may be excluded together with `deferred` pending.

    5.2.2 defers surpluses that do not exceed "(a) the difference between the votes of the two
    candidates who have the fewest votes, or (b) the difference between the total of the votes of
    two or more candidates with the fewest votes who could be excluded under rule 5.2.5, and the
    vote of the candidate next above". 5.2.5: "Exclude as many candidates together as possible,
    provided that: (a) Sufficient candidates remain to fill all the remaining places (b) The total
    votes of these candidates, together with the total of any deferred surpluses, does not exceed
    the vote of the candidate next above." Guarded candidates (constraints) cannot be in the group.
    """
    st = e.st
    ranked = sorted(st.hopeful(), key=lambda c: st.totals[c])
    best = 0
    running = deferred
    for k in range(1, len(ranked) - st.seats_left + 1):
        running += st.totals[ranked[k - 1]]
        if k < len(ranked) and running <= st.totals[ranked[k]]:
            best = k
    # Only a group that would break the constraints is cut down: when the constraints hold
    # anyway, this never happens and the count is unchanged.
    while best > 0 and st.constraints is not None and not _can_exclude(st, ranked[:best]):
        best -= 1
    return ranked[:best]


def _can_exclude(st: CountState, group: list[int]) -> bool:
    """Would the constraints still be satisfiable without all of `group`?"""
    assert st.constraints is not None
    rest = frozenset(st.hopeful()) - set(group)
    return st.constraints.feasible(frozenset(st.elected), rest, st.seats)


def _exclude_lowest(e: _Ers, deferred: int) -> bool:
    """5.2.5: exclude the sure losers together, or else the one candidate with the fewest votes."""
    st = e.st
    group = _bulk(e, deferred)
    size = max(len(group), 1)
    pool = [c for c in st.hopeful() if c in set(group)] if len(group) > 1 else st.excludable()
    chosen: list[int] = []
    ties: list[Tie] = []
    for _ in range(size):
        # "If the votes of two or more candidates are equal, and those candidates have the fewest
        # votes, exclude the candidate who had the fewest votes at the first stage or at the
        # earliest point in the count ... where they had unequal votes ... by lot."
        rest = [c for c in pool if c not in chosen]
        c, tie = pick_lowest(rest, st.totals, st.result.stages, st.lot, backwards=False, rule=_FWD)
        chosen.append(c)
        ties += [tie] if tie else []
    if len(st.hopeful()) - len(chosen) <= st.seats_left:
        # 5.5.1 "If a proposed exclusion of one or more candidates would leave only the same number
        # of continuing candidates as there are places remaining unfilled, all such continuing
        # candidates shall be deemed to be elected."
        st.rec.last.ties.extend(ties)
        st.rec.last.notes.append("5.5.1: the remaining continuing candidates are deemed elected")
        st.elect([c for c in st.by_votes(st.hopeful()) if c not in chosen])
        return False
    return _exclude(e, chosen, ties, doomed=False)


def _exclude(e: _Ers, group: list[int], ties: list[Tie], *, doomed: bool) -> bool:
    """5.4: transfer the excluded candidates' papers batch by batch, highest transfer value first."""
    st = e.st
    for c in group:
        st.exclude(c)
    e.being_excluded = list(group)
    # 5.4.1 "arrange them in batches in descending order of transfer value"
    batches: dict[int, list[tuple[int, Batch]]] = {}
    for c in group:
        for batch in st.take_pile(c):
            batches.setdefault(batch.value, []).append((c, batch))
    number = st.stage_number + 1
    action = Action.DOOMED if doomed else (Action.BULK_EXCLUSION if len(group) > 1 else Action.EXCLUSION)
    values = sorted(batches, reverse=True) or [0]
    for i, value in enumerate(values, start=1):
        _transfer_batch(e, batches.get(value, []), value)
        st.record(
            number,
            action,
            subjects=list(group),
            substage=i if len(values) > 1 else None,
            transfer_value=value,
            excluded=list(group) if i == 1 else [],
            ties=ties if i == 1 else [],
        )
        _reduce_quota(e)
        _deem_elected(e)
        if st.seats_left == 0:
            break  # 5.5.2 "no further transfers of papers are made"
    e.being_excluded = []
    return st.seats_left > 0


def _transfer_batch(e: _Ers, batches: list[tuple[int, Batch]], value: int) -> None:
    """5.4.2 sort one batch to next available preferences; 5.4.6 credit each paper at its value.
    5.4.10 "no further papers are given to candidates who are no longer continuing"."""
    st = e.st
    codes = [code for _, batch in batches for code in batch.codes]
    st.receive(st.papers.sort(codes, st.continuing), value, stage=st.stage_number + 1)
    for owner, batch in batches:
        st.totals[owner] -= batch.value * batch.papers


def _transfer_surplus(e: _Ers, c: int, surplus: int, tie: Tie | None) -> None:
    """5.3: transfer a surplus from the papers that gave rise to it."""
    st = e.st
    e.pending.discard(c)
    # 5.3.1 a first-stage surplus: "all the papers which the candidate has received"; 5.3.2 later:
    # "only the last received batch of papers, which gave rise to the surplus".
    batch = st.piles[c].pop()
    # 5.3.3 "sort them into their next available preferences for continuing candidates".
    sorting = st.papers.sort(batch.codes, st.continuing)
    transferable = sorting.transferable
    # 5.3.7 "If this exceeds the surplus, determine the transfer value of each paper by dividing
    # the surplus by the number of transferable papers, to two decimal places, ignoring any
    # remainder. If the total value does not exceed the surplus, the transfer value of each paper
    # is its present value."
    # Non-transferable papers are not credited: they stay with the candidate, within the quota.
    moved = Sorting(sorting.codes, sorting.papers, 0)
    if transferable * batch.value > surplus:
        value = surplus // transferable
        credited = st.receive(moved, value, stage=st.stage_number + 1)
        st.loss += surplus - credited  # 6.11 the non-transferable difference
    else:
        value = batch.value
        credited = st.receive(moved, value, stage=st.stage_number + 1)
        st.exhausted += surplus - credited  # the part of the surplus no paper can carry
    st.totals[c] = e.quota
    stage = st.record(
        st.stage_number + 1, Action.SURPLUS, subjects=[c], transfer_value=value, ties=[tie] if tie else []
    )
    stage.notes.append(f"surplus {fmt(surplus, DECIMALS)} over {transferable} transferable papers")
    _deem_elected(e)


def _reduce_quota(e: _Ers) -> None:
    """5.4.8 "If any papers have become non-transferable before any candidate has been deemed
    elected, recalculate the quota as in paragraph 5.1.6, ignoring the non-transferable vote"."""
    st = e.st
    if st.elected or st.exhausted + st.loss == 0:
        return
    quota = _quota(st.result.valid - st.exhausted - st.loss, st.seats)
    if quota != e.quota:
        e.quota = quota
        st.rec.last.quota = quota
        st.rec.last.notes.append(f"5.4.8: quota recalculated to {fmt(quota, DECIMALS)}")


def _deem_elected(e: _Ers) -> None:
    """5.1.7/5.3.13/5.4.9: in descending order of votes, deem elected any continuing candidate whose
    vote equals or exceeds (a) the quota, or (b) the total active vote divided by one more than
    the number of places not yet filled, up to the number of places; subject to 5.6.2."""
    st = e.st
    while st.seats_left > 0:
        threshold = _threshold(e)
        doomed = set(st.doomed())
        reached = [c for c in st.by_votes(st.hopeful()) if st.totals[c] >= threshold and c not in doomed]
        if not reached:
            return
        chosen = _fit_places(e, reached)
        if not chosen:
            return
        for c in chosen:
            if c in st.doomed():
                break  # electing an earlier one doomed it: it is excluded at the next stage
            st.elect([c])
            e.pending.add(c)
        else:
            continue
        return


def _threshold(e: _Ers) -> int:
    """The lesser of the quota and total active vote / (places not yet filled + 1), at least 0.01.

    6.20 "Total active vote: the sum of the votes credited to all continuing candidates, plus any
    votes awaiting transfer" (untransferred surpluses and papers of candidates being excluded)."""
    st = e.st
    active = sum(st.totals[c] for c in st.hopeful())
    active += sum(st.totals[c] for c in e.being_excluded)
    active += sum(max(st.totals[c] - e.quota, 0) for c in e.pending)
    return max(min(e.quota, div_up(active, st.seats_left + 1)), 1)


def _fit_places(e: _Ers, reached: list[int]) -> list[int]:
    """5.6.2: if tied candidates cannot all be elected, choose by votes at the first stage or the
    earliest point with unequal votes; "If, however, their votes have been equal at all such
    points, then none of them shall be deemed elected at that stage"."""
    st = e.st
    places = st.seats_left
    if len(reached) <= places:
        return reached
    cut = st.totals[reached[places - 1]]
    above = [c for c in reached if st.totals[c] > cut]
    tied = [c for c in reached if st.totals[c] == cut]
    chosen: list[int] = []
    while len(above) + len(chosen) < places:
        remaining, examined = look_through(
            [c for c in tied if c not in chosen], st.result.stages, "highest", backwards=False
        )
        if len(remaining) != 1:
            st.rec.last.notes.append("5.6.2: tied candidates equal at all points; none deemed elected at this stage")
            break
        st.rec.last.ties.append(Tie("election", tied, remaining[0], "5.6.2: " + _FWD, examined))
        chosen.append(remaining[0])
    return above + chosen


def _formally_exclude(e: _Ers) -> None:
    """5.5.2 "the remaining continuing candidate(s) are formally excluded"."""
    st = e.st
    rest = st.hopeful()
    if rest and st.seats_left == 0:
        for c in rest:
            st.exclude(c)
        st.rec.last.notes.append("5.5.2: remaining continuing candidates formally excluded")
