"""Results of a round: 2,000 entries × 15 judges × 5 criteria, all four methods (target under 300 ms each).

Run: `.venv/bin/python benchmarks/bench_results.py`. Every judge scores every entry (30,000 reviews, the
heaviest case), values drawn with a fixed seed, judges given their own leniency so z-scores matter. For each
method it times what the results endpoint computes after reading the rows: each review's score from its
five values, the ranked results with every method's rank, the ranks within each media type (for the flags)
and the judges' statistics. The baseline, timed in the same run, is the naïve mean ranking (plain sums,
one sort), so the ratio shows the cost of exactness and of the three other methods. Times are the
median CPU time of nine runs (the machine is shared).
"""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict

from guong_dan_van.judging import arithmetic
from guong_dan_van.judging.rubric import Criterion, review_scorer

TYPES = ["print", "online", "radio", "television", "photo"]
CRITERIA = [
    Criterion(f"c{i}", f"Tiêu chí {i}", w, m) for i, (w, m) in enumerate([(5, 10), (3, 10), (2, 10), (4, 20), (1, 5)])
]


def instance(
    n_entries: int = 2_000, n_judges: int = 15, seed: int = 9
) -> tuple[list[tuple[int, int, dict[str, float]]], dict[int, str]]:
    rng = random.Random(seed)
    lean = {j: rng.uniform(-0.2, 0.2) for j in range(1, n_judges + 1)}
    quality = {e: rng.random() for e in range(1, n_entries + 1)}
    rows = []
    for e in quality:
        for j in lean:
            share = min(1.0, max(0.0, quality[e] + lean[j] + rng.gauss(0, 0.1)))
            rows.append((j, e, {c.key: round(share * c.max * 4) / 4 for c in CRITERIA}))
    return rows, {e: rng.choice(TYPES) for e in quality}


def full(rows: list[tuple[int, int, dict[str, float]]], media: dict[int, str], method: str) -> None:
    score = review_scorer(CRITERIA)
    reviews = [arithmetic.Review(j, e, score(values)) for j, e, values in rows]
    table = arithmetic.tabulate(reviews)
    arithmetic.results(reviews, media, method, table)
    arithmetic.group_ranks(table, media)
    arithmetic.judge_stats(reviews)


def baseline(rows: list[tuple[int, int, dict[str, float]]]) -> None:
    total: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for _j, e, values in rows:
        total[e] += sum(values.values())
        count[e] += 1
    sorted(total, key=lambda e: -total[e] / count[e])


def timed(work: object, runs: int = 9) -> float:
    """Median CPU time of the process over the runs: steadier than wall time on a shared machine."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    rows, media = instance()
    base = timed(lambda: baseline(rows))
    print(f"{len(media)} entries × 15 judges × {len(CRITERIA)} criteria = {len(rows)} reviews")
    print(f"  baseline (naïve mean, one sort): {base * 1000:7.1f} ms")
    for method in arithmetic.METHODS:
        seconds = timed(lambda m=method: full(rows, media, m))  # type: ignore[misc]
        print(f"  {method:<13} {seconds * 1000:7.1f} ms  ({seconds / base:4.1f}× baseline)")


if __name__ == "__main__":
    main()
