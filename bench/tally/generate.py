"""Seeded benchmark ballots: three voter blocs, Plackett-Luce preferences, partial rankings.

    python bench/tally/generate.py --candidates 12 --seats 3 --ballots 500000 --seed 1 OUT.blt

Each bloc (50%, 30%, 20% of voters) gives every candidate a Plackett-Luce weight: its own
slate of candidates is strong, the rest weak, with a seeded spread. A paper is drawn by picking
candidates one after another with probability proportional to weight among those left, and
stops after each preference with probability 1/4 (at least one preference), so rankings are
partial. Identical rankings are grouped, as any BLT writer does.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from itertools import accumulate
from pathlib import Path

BLOCS = (0.5, 0.3, 0.2)
STOP = 0.25


def bloc_weights(rng: random.Random, n: int) -> list[list[float]]:
    """Plackett-Luce weights per bloc: a slate of about n/3 favoured candidates per bloc."""
    out = []
    for b in range(len(BLOCS)):
        slate = {c for c in range(n) if c % len(BLOCS) == b}
        out.append([(8.0 if c in slate else 1.0) * rng.uniform(0.5, 2.0) for c in range(n)])
    return out


def draw_ranking(rng: random.Random, weights: list[float]) -> tuple[int, ...]:
    """One partial Plackett-Luce ranking."""
    left = list(range(len(weights)))
    w = list(weights)
    out: list[int] = []
    while left:
        cum = list(accumulate(w))
        i = min(_bisect(cum, rng.random() * cum[-1]), len(left) - 1)
        out.append(left.pop(i))
        w.pop(i)
        if rng.random() < STOP:
            break
    return tuple(out)


def _bisect(cum: list[float], x: float) -> int:
    """Index of the first cumulative weight above x."""
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def generate(n: int, ballots: int, seed: int) -> Counter[tuple[int, ...]]:
    """Grouped rankings for `ballots` voters."""
    rng = random.Random(seed)
    weights = bloc_weights(rng, n)
    cum = list(accumulate(BLOCS))
    papers: Counter[tuple[int, ...]] = Counter()
    for _ in range(ballots):
        bloc = _bisect(cum, rng.random() * cum[-1])
        papers[draw_ranking(rng, weights[min(bloc, len(BLOCS) - 1)])] += 1
    return papers


def write_blt(path: Path, papers: Counter[tuple[int, ...]], n: int, seats: int, title: str) -> None:
    """Write grouped ballots as BLT."""
    lines = [f"{n} {seats}"]
    lines += [f"{w} {' '.join(str(c + 1) for c in r)} 0" for r, w in papers.most_common()]
    lines.append("0")
    lines += [f'"Candidate {c + 1:02d}"' for c in range(n)]
    lines.append(f'"{title}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Command line."""
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("--candidates", type=int, default=12)
    p.add_argument("--seats", type=int, default=3)
    p.add_argument("--ballots", type=int, default=500_000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    papers = generate(a.candidates, a.ballots, a.seed)
    title = f"bench: {a.ballots} ballots, {a.candidates} candidates, {a.seats} seats, seed {a.seed}"
    write_blt(a.out, papers, a.candidates, a.seats, title)
    print(f"{a.out}: {a.ballots} ballots, {len(papers)} distinct rankings")


if __name__ == "__main__":
    main()
