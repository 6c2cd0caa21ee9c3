"""Meek STV: I. D. Hill, B. A. Wichmann and D. R. Woodall, "Algorithm 123 - Single Transferable
Vote by Meek's method", The Computer Journal 30(3), 1987.

Every candidate has a keep value w: 1 while hopeful, 0 once excluded, and for an elected
candidate the fraction of each vote reaching them that they keep. A paper gives each candidate on
it, in order, w times what is left of the paper, the rest passing on; what passes the last
preference is excess. The quota is (votes - excess) / (seats + 1). Elected candidates' keep values
are repeatedly set to w * quota / votes until every elected candidate has the quota.

Precision (docs/tally.md, "Meek precision"): values are integers in units of 10**-30. Each paper
loses at most one unit per preference to truncation, so a total is never more than
(candidates + 1) * papers units from the exact value. Keep values only fall during an iteration
(w' = w q / v <= w because v >= q stays true), so no hopeful candidate's limiting vote exceeds
its current vote by more than the total surplus S. A candidate is therefore excluded only once
their vote plus S plus the rounding bound is below every other excludable hopeful, and elected
once their vote reaches the quota: both decisions are then those of the exact limit. Candidates
whose limiting votes cannot be told apart after S falls below 10**-18 vote are tied: most recent
preceding stage, then lot.
"""

from __future__ import annotations

from dataclasses import dataclass

from moot.core.tally.arithmetic import div_up, fmt
from moot.core.tally.ballots import Ballots
from moot.core.tally.record import Action, CountResult, Recorder, Stage, Tie
from moot.core.tally.state import Options
from moot.core.tally.ties import break_tie

DECIMALS = 30
SHOWN = 6  # places shown on a count sheet; the record keeps all 30
OMEGA = 10 ** (DECIMALS - 18)  # a surplus this small (10**-18 vote) counts as converged
MAX_ITERATIONS = 5000
NAME = "Meek STV (Hill, Wichmann & Woodall 1987, Algorithm 123; exact-limit decisions)"
_RULE = "most recent preceding stage with unequal votes"


@dataclass
class _Paths:
    """A trie of the elected candidates a paper passes before its current hopeful candidate."""

    parent: list[int]
    cand: list[int]
    index: dict[tuple[int, int], int]

    def child(self, node: int, c: int) -> int:
        """The node for `node`'s prefix followed by elected candidate c."""
        key = (node, c)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.parent)
            self.parent.append(node)
            self.cand.append(c)
        return found


class _Meek:
    """The state of a Meek count."""

    def __init__(self, ballots: Ballots, options: Options, result: CountResult) -> None:
        self.unit = 10**DECIMALS
        self.n = n = len(ballots.candidates)
        self.seats = options.seats
        self.options = options
        self.rankings, self.weights = ballots.rankings, ballots.weights
        self.total = ballots.total
        self.keep = [self.unit] * n
        self.status = ["withdrawn"] * n
        for c in ballots.standing:
            self.status[c] = "hopeful"
        self.paths = _Paths([-1], [-1], {})
        self.pile: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]  # (ranking, pos, node)
        self.at: list[dict[int, int]] = [{} for _ in range(n)]  # node -> papers, per hopeful
        self.exhausted_at: dict[int, int] = {}
        self.elected: list[int] = []
        self.result = result
        self.rec = Recorder(result)
        self.votes = [0] * n
        self.excess = 0
        self.quota = 0
        for i in range(len(self.rankings)):
            self._place(i, -1, 0)
        self.slack = 2 * (n + 2) * self.total  # rounding bound in units, see module docstring

    # -- papers -------------------------------------------------------------------
    def _place(self, i: int, pos: int, node: int) -> None:
        """Move paper i on from `pos` to its next hopeful, recording elected candidates passed."""
        r = self.rankings[i]
        p = pos + 1
        while p < len(r):
            c = r[p]
            state = self.status[c]
            if state == "hopeful":
                self.pile[c].append((i, p, node))
                self.at[c][node] = self.at[c].get(node, 0) + self.weights[i]
                return
            if state == "elected":
                node = self.paths.child(node, c)
            p += 1
        self.exhausted_at[node] = self.exhausted_at.get(node, 0) + self.weights[i]

    def _release(self, c: int) -> None:
        """A candidate stops being hopeful: papers resting with them move on."""
        pile, self.pile[c], self.at[c] = self.pile[c], [], {}
        elected = self.status[c] == "elected"
        for i, p, node in pile:
            self._place(i, p, self.paths.child(node, c) if elected else node)

    # -- the iteration ----------------------------------------------------------------
    def iterate(self) -> None:
        """One distribution of every paper under the current keep values, then the quota."""
        unit, keep, parent, cand = self.unit, self.keep, self.paths.parent, self.paths.cand
        size = len(parent)
        left = [0] * size  # what is left of one paper after its path
        give = [0] * size
        left[0] = unit
        for node in range(1, size):
            f = left[parent[node]]
            g = f * keep[cand[node]] // unit
            give[node], left[node] = g, f - g
        through = [0] * size
        for at in self.at:
            for node, w in at.items():
                through[node] += w
        for node, w in self.exhausted_at.items():
            through[node] += w
        votes = [0] * self.n
        for c, at in enumerate(self.at):
            votes[c] = sum(left[node] * w for node, w in at.items())
        for node in range(size - 1, 0, -1):
            votes[cand[node]] += give[node] * through[node]
            through[parent[node]] += through[node]
        self.votes = votes
        self.excess = sum(left[node] * w for node, w in self.exhausted_at.items())
        self.quota = div_up(self.total * unit - self.excess, self.seats + 1)

    def surplus(self) -> int:
        """Total distance of elected candidates from the quota."""
        return sum(abs(self.votes[c] - self.quota) for c in self.elected)

    def update_keep(self) -> None:
        """w := w * quota / votes, rounded up (Algorithm 123)."""
        for c in self.elected:
            if self.votes[c] > 0:
                self.keep[c] = min(self.unit, div_up(self.keep[c] * self.quota, self.votes[c]))

    def hopeful(self) -> list[int]:
        """Hopeful candidates in id order."""
        return [c for c in range(self.n) if self.status[c] == "hopeful"]

    # -- decisions ----------------------------------------------------------------
    def elect(self, c: int) -> None:
        """Deem c elected."""
        self.status[c] = "elected"
        self.elected.append(c)
        self._release(c)

    def exclude(self, c: int) -> None:
        """Exclude c (keep value 0)."""
        self.status[c] = "excluded"
        self.keep[c] = 0
        self._release(c)

    def record(self, number: int, action: Action, **extra: object) -> Stage:
        """Record the current votes as a stage."""
        stage = Stage(
            number=number,
            action=action,
            totals=list(self.votes),
            exhausted=self.excess,
            loss=self.total * self.unit - sum(self.votes) - self.excess,
            quota=self.quota,
            **extra,  # type: ignore[arg-type]
        )
        kept = ", ".join(f"{self.result.candidates[c]} {fmt(self.keep[c], DECIMALS, 9)}" for c in self.elected)
        if kept:
            stage.notes.append(f"keep values: {kept}")
        return self.rec.add(stage)


def count_meek(ballots: Ballots, options: Options) -> CountResult:
    """Count by Meek's method, each decision taken only when the exact limit makes it certain."""
    unit = 10**DECIMALS
    result = CountResult(
        method="meek",
        method_name=NAME,
        candidates=list(ballots.candidates),
        seats=options.seats,
        decimals=DECIMALS,
        valid=ballots.total * unit,
        quota=None,
        shown_decimals=SHOWN,
    )
    m = _Meek(ballots, options, result)
    m.iterate()
    result.quota = m.quota
    m.record(1, Action.FIRST)
    action: Action = Action.ITERATION
    subjects: list[int] = []
    while len(m.elected) < m.seats:
        decided = _decide(m, action, subjects)
        if decided is None:
            break
        action, subjects = decided
        m.iterate()
    return result


def _decide(m: _Meek, action: Action, subjects: list[int]) -> tuple[Action, list[int]] | None:
    """Iterate until a decision is certain, take it, and say what the next stage starts with."""
    iterations = 0
    while True:
        seats_left = m.seats - len(m.elected)
        hopeful = m.hopeful()
        doomed = [c for c in _doomed(m) if m.votes[c] >= m.quota]
        if doomed:
            c = min(doomed, key=lambda x: m.votes[x])
            _stage(m, action, subjects, iterations)
            m.rec.last.notes.append("constraint: candidate doomed")
            m.exclude(c)
            m.rec.last.excluded.append(c)
            return Action.DOOMED, [c]
        reached = sorted((c for c in hopeful if m.votes[c] >= m.quota), key=lambda c: -m.votes[c])
        surplus = m.surplus()
        converged = surplus <= OMEGA or iterations >= MAX_ITERATIONS
        # The last vacancies are filled only once the votes have settled, so the candidates are
        # recorded in the order they would reach the quota, whatever exclusions came before.
        if reached or (len(hopeful) <= seats_left and converged):
            _stage(m, action, subjects, iterations)
            chosen = []
            for c in reached[:seats_left] if reached else sorted(hopeful, key=lambda x: (-m.votes[x], x)):
                if c in _doomed(m):
                    break  # electing an earlier one doomed it: excluded at the next decision
                m.elect(c)
                chosen.append(c)
            m.rec.elect(chosen)
            if not reached:
                m.rec.last.notes.append("last vacancies: continuing candidates deemed elected")
            return Action.ITERATION, []
        if len(hopeful) <= seats_left:  # nobody left to exclude: let the votes settle
            m.update_keep()
            m.iterate()
            iterations += 1
            continue
        lowest = _sure_lowest(m, surplus, converged=converged)
        if lowest is not None:
            _stage(m, action, subjects, iterations)
            c, tie = lowest
            if tie:
                m.rec.last.ties.append(tie)
            m.exclude(c)
            m.rec.last.excluded.append(c)
            return Action.EXCLUSION, [c]
        m.update_keep()
        m.iterate()
        iterations += 1


def _stage(m: _Meek, action: Action, subjects: list[int], iterations: int) -> None:
    """Record the stage whose decision is about to be taken (stage 1 is already recorded)."""
    if len(m.result.stages) == 1 and action is Action.ITERATION and iterations == 0:
        return  # the first decision is taken on the first-preference stage itself
    stage = m.record(m.result.stages[-1].number + 1, action, subjects=list(subjects))
    stage.notes.append(f"{iterations} iterations; surplus {fmt(m.surplus(), DECIMALS, 12)}")


def _sure_lowest(m: _Meek, surplus: int, *, converged: bool) -> tuple[int, Tie | None] | None:
    """The hopeful certain to have the fewest votes in the limit, or a tie once converged.

    Whether an exclusion is due is judged over every hopeful, as without constraints, so a
    constraint that holds anyway changes neither when nor whom; only if the candidate due for
    exclusion is guarded does the lowest unguarded candidate go instead (Hill's guard).
    """
    chosen = _lowest_of(m, m.hopeful(), surplus, converged=converged)
    guarded = _guarded(m)
    if chosen is None or chosen[0] not in guarded:
        return chosen
    return _lowest_of(m, [c for c in m.hopeful() if c not in guarded], surplus, converged=True)


def _lowest_of(m: _Meek, pool: list[int], surplus: int, *, converged: bool) -> tuple[int, Tie | None] | None:
    low = min(pool, key=lambda c: m.votes[c])
    margin = surplus + m.slack
    close = [c for c in pool if m.votes[c] <= m.votes[low] + margin]
    if len(close) == 1:
        return low, None
    if not converged:
        return None
    c, tie = break_tie(
        close, m.result.stages, m.options.lot, want="lowest", backwards=True, purpose="exclusion", rule=_RULE
    )
    return c, tie


def _doomed(m: _Meek) -> list[int]:
    """Hopeful candidates whose election would break the constraints."""
    cons = m.options.constraints
    if cons is None:
        return []
    return cons.doomed(frozenset(m.elected), frozenset(m.hopeful()), m.seats)


def _guarded(m: _Meek) -> set[int]:
    """Hopeful candidates whose exclusion would break the constraints."""
    cons = m.options.constraints
    if cons is None:
        return set()
    return cons.guarded(frozenset(m.elected), frozenset(m.hopeful()), m.seats)
