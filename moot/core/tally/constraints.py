"""Category constraints ("at least m / at most n of the elected from category C"): guard and doom.

Hill's method (Voting matters 9, 1998), generalised to several overlapping categories as Otten
proposes (Voting matters 13, 2001): before every decision, a continuing candidate is

* **doomed** if electing them would leave no way to fill the seats within every constraint:
  they are never elected; one who reaches the quota (or the last-vacancies rule) is excluded
  instead. Hill excludes a doomed candidate at once; moot waits until they would be elected, so
  that a count whose result satisfies the constraints anyway follows exactly the same stages;
* **guarded** if excluding them would leave no such way: they are never excluded.

"A way to fill the seats" is decided exactly by `feasible`, a search over how many candidates
of each combination of categories could still be elected, so overlapping categories are handled
without approximation. If the unconstrained count satisfies the constraints anyway, no candidate
is ever elected while doomed or excluded while guarded, and the count is unchanged stage for
stage: electing a doomed candidate, or excluding a guarded one, would have made every possible
result break a constraint.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from moot.core.tally.ballots import BallotError, Ballots


class ConstraintError(ValueError):
    """Constraints that are malformed or cannot be met: refused before counting."""


@dataclass(frozen=True)
class Category:
    """At least `minimum` and at most `maximum` of the elected must be `members`."""

    name: str
    members: frozenset[int]
    minimum: int = 0
    maximum: int | None = None

    def describe(self, names: Sequence[str]) -> str:
        """One line for the count sheet."""
        who = ", ".join(names[c] for c in sorted(self.members))
        most = "no maximum" if self.maximum is None else f"at most {self.maximum}"
        return f"{self.name}: at least {self.minimum}, {most} ({who})"


@dataclass(frozen=True)
class Constraints:
    """A set of category constraints on a count of `seats` places."""

    categories: tuple[Category, ...]

    def check(self, standing: Collection[int], seats: int, names: Sequence[str]) -> None:
        """Refuse constraints that no result could meet, naming the category when one alone fails."""
        for cat in self.categories:
            have = len(cat.members & set(standing))
            if cat.minimum > min(have, seats):
                raise ConstraintError(
                    f"infeasible: category {cat.name!r} needs at least {cat.minimum} elected"
                    f" but only {have} of its candidates stand for {seats} seats"
                )
            if cat.maximum is not None and cat.maximum < cat.minimum:
                raise ConstraintError(f"category {cat.name!r}: maximum is below minimum")
        if not self.feasible(frozenset(), frozenset(standing), seats):
            raise ConstraintError("infeasible: no set of candidates meets all the constraints together")

    def feasible(self, elected: frozenset[int], continuing: frozenset[int], seats: int) -> bool:
        """Could the remaining seats be filled from `continuing` within every constraint?"""
        need = min(seats - len(elected), len(continuing))
        if need < 0:
            return False
        cats = self.categories
        types: dict[int, int] = {}
        for c in continuing:
            mask = sum(1 << k for k, cat in enumerate(cats) if c in cat.members)
            types[mask] = types.get(mask, 0) + 1
        lo = tuple(cat.minimum - len(cat.members & elected) for cat in cats)
        hi = tuple((seats if cat.maximum is None else cat.maximum) - len(cat.members & elected) for cat in cats)
        return _search(tuple(sorted(types.items())), need, lo, hi)

    def doomed(self, elected: frozenset[int], continuing: frozenset[int], seats: int) -> list[int]:
        """Continuing candidates whose election would make the constraints impossible."""
        return sorted(c for c in continuing if not self.feasible(elected | {c}, continuing - {c}, seats))

    def guarded(self, elected: frozenset[int], continuing: frozenset[int], seats: int) -> set[int]:
        """Continuing candidates whose exclusion would make the constraints impossible."""
        return {c for c in continuing if not self.feasible(elected, continuing - {c}, seats)}


@lru_cache(maxsize=65536)
def _search(types: tuple[tuple[int, int], ...], need: int, lo: tuple[int, ...], hi: tuple[int, ...]) -> bool:
    """Choose how many of each type to elect: `need` in all, each category's count in [lo, hi]."""
    if any(h < 0 for h in hi):
        return False
    if not types:
        return need == 0 and all(v <= 0 for v in lo)
    for k, low in enumerate(lo):
        room = sum(min(n, need) for mask, n in types if mask >> k & 1)
        if low > min(room, need):
            return False
    (mask, avail), rest = types[0], types[1:]
    for x in range(min(avail, need), -1, -1):
        sub_lo = tuple(v - x if mask >> k & 1 else v for k, v in enumerate(lo))
        sub_hi = tuple(v - x if mask >> k & 1 else v for k, v in enumerate(hi))
        if _search(rest, need - x, sub_lo, sub_hi):
            return True
    return False


def parse_constraints(text: str, ballots: Ballots, *, source: str = "<constraints>") -> Constraints:
    """JSON: {"categories": [{"name": .., "candidates": [names or 1-based numbers], "min": m, "max": n}]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConstraintError(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    items = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConstraintError(f"{source}: expected an object with a non-empty list 'categories'")
    return Constraints(tuple(_category(item, ballots, source) for item in items))


def _category(item: object, ballots: Ballots, source: str) -> Category:
    """One category from its JSON object."""
    if not isinstance(item, dict) or not isinstance(item.get("candidates"), list):
        raise ConstraintError(f"{source}: each category needs a 'candidates' list")
    name = str(item.get("name", "category"))
    try:
        members = frozenset(ballots.index_of(str(ref)) for ref in item["candidates"])
    except BallotError as exc:
        raise ConstraintError(f"{source}: category {name!r}: {exc}") from None
    minimum, maximum = item.get("min", 0), item.get("max")
    if not isinstance(minimum, int) or minimum < 0 or (maximum is not None and not isinstance(maximum, int)):
        raise ConstraintError(f"{source}: category {name!r}: 'min'/'max' must be whole numbers")
    return Category(name, members, minimum, maximum)


def read_constraints(path: str | Path, ballots: Ballots) -> Constraints:
    """Read a constraints file."""
    return parse_constraints(Path(path).read_text(encoding="utf-8"), ballots, source=str(path))
