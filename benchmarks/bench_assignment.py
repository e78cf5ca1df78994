"""Assignment of a whole round: 2,000 entries × 40 judges (target under 2 s), and 10,000 entries.

Run: `.venv/bin/python benchmarks/bench_assignment.py`. Entries spread over five media types, judges on
panels of one, two or every type, 3 judges per entry, 1% of (judge, entry) pairs in conflict; a fixed seed,
so every run solves the same instance. Prints the median of five runs and the spread of the loads.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from guong_dan_van.judging.assignment import EntrySlot, Panelist, assign

TYPES = ["print", "online", "radio", "television", "photo"]


def instance(
    n_entries: int, n_judges: int, seed: int = 7
) -> tuple[list[EntrySlot], list[Panelist], set[tuple[int, int]]]:
    rng = random.Random(seed)
    entries = [EntrySlot(i, rng.choices(TYPES, weights=[4, 4, 2, 2, 1])[0]) for i in range(1, n_entries + 1)]
    judges = []
    for j in range(1, n_judges + 1):
        kind = j % 4
        panel = None if kind == 0 else frozenset(rng.sample(TYPES, 1 if kind < 3 else 2))
        judges.append(Panelist(10_000 + j, panel))
    conflicts = {(rng.choice(judges).id, rng.randint(1, n_entries)) for _ in range(n_entries * n_judges // 100)}
    return entries, judges, conflicts


def measure(n_entries: int, n_judges: int, runs: int = 5) -> tuple[float, int, int]:
    entries, judges, conflicts = instance(n_entries, n_judges)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        plan = assign(entries, judges, conflicts, 3)
        times.append(time.perf_counter() - start)
    assert plan.feasible
    return statistics.median(times), min(plan.loads.values()), max(plan.loads.values())


def main() -> None:
    sizes = [(2_000, 40), (10_000, 40), (10_000, 200)] if "--all" in sys.argv else [(2_000, 40), (10_000, 40)]
    for n_entries, n_judges in sizes:
        seconds, low, high = measure(n_entries, n_judges)
        print(f"{n_entries:>6} entries × {n_judges:>3} judges: {seconds * 1000:8.1f} ms  (loads {low}–{high})")


if __name__ == "__main__":
    main()
