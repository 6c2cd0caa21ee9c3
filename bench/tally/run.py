"""Time moot.core.tally: read BLT, count by each STV method, peak memory.

    .venv/bin/python bench/tally/run.py bench/tally/data/b12.blt bench/tally/data/b25.blt

Each figure is the best of --repeat runs, wall-clock and CPU seconds (the machine is shared:
CPU time is what the code costs, wall time what a user waits). Peak memory is the maximum
resident set size of a fresh process that reads the file and runs a Scottish STV count.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from moot.core.tally import count, read_blt


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def peak_memory_mb(path: str) -> float:
    """Peak RSS (MB) of a fresh process reading `path` and counting Scottish STV."""
    code = (
        "import resource, sys; sys.path.insert(0, sys.argv[2]);"
        "from moot.core.tally import read_blt, count;"
        "count(read_blt(sys.argv[1]), method='scottish-stv', seed=1);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-c", code, path, root], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    """Command line."""
    p = argparse.ArgumentParser()
    p.add_argument("files", nargs="+")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--methods", nargs="*", default=["scottish-stv", "ers97", "meek"])
    a = p.parse_args()
    for path in a.files:
        ballots = read_blt(path)
        print(
            f"{path}: {ballots.total} ballots, {len(ballots.rankings)} distinct rankings, "
            f"{len(ballots.candidates)} candidates, {ballots.seats} seats"
        )
        wall, cpu = best(lambda path=path: read_blt(path), a.repeat)
        print(f"  read BLT            {wall:7.3f} s wall  {cpu:7.3f} s CPU")
        for method in a.methods:
            wall, cpu = best(lambda m=method, b=ballots: count(b, method=m, seed=1), a.repeat)
            elected = count(ballots, method=method, seed=1).elected_names
            print(f"  {method:18}  {wall:7.3f} s wall  {cpu:7.3f} s CPU  elected {', '.join(elected)}")
        print(f"  peak memory (read + scottish-stv, fresh process) {peak_memory_mb(path):.0f} MB")
    print(f"  (this process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
