"""The results arithmetic of a round, exactly as JUDGING.md defines it. Pure functions, no I/O.

- one review → one score: `rubric.review_score` (S = 100 · Σ w·v/max / Σ w);
- many reviews → one entry score by `method`: mean, median, trimmed mean, z-score;
- ranking and ties: scores compared at 6 decimals, then median, then number of scores, then entry id.

Sums are `math.fsum` (exactly rounded), so neither the order of the reviews nor the judges' ids can change
a result: the same data gives the same numbers on every engine, after a restart and in the verify commands.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

METHODS: tuple[str, ...] = ("mean", "median", "trimmed_mean", "zscore")
DECIMALS = 6
MIN_OWN_REVIEWS = 3  # a judge with fewer reviews is normalised against the whole round


@dataclass(frozen=True)
class Review:
    """One submitted review: its score S_ij on the 0–100 scale."""

    judge_id: int
    entry_id: int
    score: float


@dataclass(frozen=True)
class EntryResult:
    entry_id: int
    score: float | None
    n_scores: int
    mean: float | None
    median: float | None
    stdev: float | None
    rank: int = 0
    tied: bool = False
    ranks_by_method: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class JudgeStats:
    """How a judge scores: their mean and spread, and how far they sit from the other judges of the same
    entries (`distance_from_panel` < 0: harsher than the panel)."""

    judge_id: int
    n_scores: int
    mean: float
    stdev: float
    distance_from_panel: float | None


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return math.fsum(ordered[middle - 1 : middle + 1]) / 2


def trimmed_mean(values: Sequence[float]) -> float:
    """With four or more values, the mean without one highest and one lowest; otherwise the mean."""
    if len(values) < 4:
        return mean(values)
    return mean(sorted(values)[1:-1])


def pstdev(values: Sequence[float]) -> float:
    """Population standard deviation."""
    mu = mean(values)
    return math.sqrt(math.fsum((v - mu) ** 2 for v in values) / len(values))


def _by_entry(reviews: Iterable[Review]) -> dict[int, list[float]]:
    out: dict[int, list[float]] = defaultdict(list)
    for r in reviews:
        out[r.entry_id].append(r.score)
    return out


def zscore_scores(reviews: Sequence[Review]) -> dict[int, float]:
    """Each reviewed entry's z-score result on the 0–100 scale: μ + σ · mean_j(z_ij) (JUDGING.md)."""
    if not reviews:
        return {}
    everything = [r.score for r in reviews]
    mu, sigma = mean(everything), pstdev(everything)
    own: dict[int, list[float]] = defaultdict(list)
    for r in reviews:
        own[r.judge_id].append(r.score)
    judge_norm: dict[int, tuple[float, float] | None] = {}
    for judge_id, scores in own.items():
        sigma_j = pstdev(scores)
        judge_norm[judge_id] = (mean(scores), sigma_j) if len(scores) >= MIN_OWN_REVIEWS and sigma_j > 0 else None
    zs: dict[int, list[float]] = defaultdict(list)
    for r in reviews:
        norm = judge_norm[r.judge_id]
        if norm is None:
            norm = (mu, sigma) if sigma > 0 else (r.score, 1.0)  # σ = 0: z = 0
        zs[r.entry_id].append((r.score - norm[0]) / norm[1])
    return {entry_id: mu + sigma * mean(z) for entry_id, z in zs.items()}


def method_scores(reviews: Sequence[Review], method: str) -> dict[int, float]:
    """Entry id → its score under `method`, for every entry with at least one review."""
    if method == "zscore":
        return zscore_scores(reviews)
    combine = {"mean": mean, "median": median, "trimmed_mean": trimmed_mean}.get(method)
    if combine is None:
        raise ValueError(f"unknown method {method!r}")
    return {entry_id: combine(scores) for entry_id, scores in _by_entry(reviews).items()}


def _row_key(row: tuple[int, float | None, float | None, int]) -> tuple[object, ...]:
    entry_id, score, med, n = row
    if score is None:
        return (1, 0.0, 0.0, 0, entry_id)
    return (0, -round(score, DECIMALS), -round(med or 0.0, DECIMALS), -n, entry_id)


def _tie_part(score: float | None, med: float | None, n: int) -> tuple[object, ...]:
    return (
        None if score is None else round(score, DECIMALS),
        None if med is None else round(med, DECIMALS),
        n,
    )


def rank(rows: Sequence[tuple[int, float | None, float | None, int]]) -> list[tuple[int, int, bool]]:
    """(entry id, score, median, n_scores) → (entry id, rank, tied) in rank order. Higher score first, then
    higher median, more scores, lower id; entries without a score last. `tied`: score, median and n equal a
    neighbour's."""
    ordered = sorted(rows, key=_row_key)
    parts = [_tie_part(r[1], r[2], r[3]) for r in ordered]
    out = []
    for i, row in enumerate(ordered):
        tied = (i > 0 and parts[i - 1] == parts[i]) or (i + 1 < len(parts) and parts[i + 1] == parts[i])
        out.append((row[0], i + 1, tied))
    return out


@dataclass(frozen=True)
class Tabulated:
    """A round's reviews gathered once: each entry's scores, median and count, and every method's scores."""

    by_entry: dict[int, list[float]]
    medians: dict[int, float]
    scores: dict[str, dict[int, float]]


def tabulate(reviews: Sequence[Review]) -> Tabulated:
    by_entry = _by_entry(reviews)
    combine = {"mean": mean, "median": median, "trimmed_mean": trimmed_mean}
    scores = {m: {e: f(s) for e, s in by_entry.items()} for m, f in combine.items()}
    scores["zscore"] = zscore_scores(reviews)
    return Tabulated(by_entry, scores["median"], scores)


def results(
    reviews: Sequence[Review], entry_ids: Iterable[int], method: str, table: Tabulated | None = None
) -> list[EntryResult]:
    """Every entry of the round in rank order under `method`, with mean, median, stdev, n and its rank
    under each of the four methods. Entries without reviews have no score and rank last."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    t = table or tabulate(reviews)
    ids = sorted(set(entry_ids) | set(t.by_entry))
    counts = {e: len(t.by_entry.get(e, ())) for e in ids}
    ranks: dict[str, dict[int, tuple[int, bool]]] = {}
    for m in METHODS:
        ranked = rank([(e, t.scores[m].get(e), t.medians.get(e), counts[e]) for e in ids])
        ranks[m] = {e: (position, tied) for e, position, tied in ranked}
    chosen = sorted(ids, key=lambda e: ranks[method][e][0])
    return [
        EntryResult(
            entry_id=e,
            score=t.scores[method].get(e),
            n_scores=counts[e],
            mean=t.scores["mean"].get(e),
            median=t.medians.get(e),
            stdev=pstdev(t.by_entry[e]) if e in t.by_entry else None,
            rank=ranks[method][e][0],
            tied=ranks[method][e][1],
            ranks_by_method={m: ranks[m][e][0] for m in METHODS},
        )
        for e in chosen
    ]


def group_ranks(table: Tabulated, groups: Mapping[int, str]) -> dict[int, dict[str, int]]:
    """Entry → its rank within its group (its media type) under each method."""
    members: dict[str, list[int]] = defaultdict(list)
    for entry_id, group in groups.items():
        members[group].append(entry_id)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for method in METHODS:
        scores = table.scores[method]
        for ids in members.values():
            rows = [(e, scores.get(e), table.medians.get(e), len(table.by_entry.get(e, ()))) for e in ids]
            for entry_id, position, _tied in rank(rows):
                out[entry_id][method] = position
    return dict(out)


def judge_stats(reviews: Sequence[Review]) -> list[JudgeStats]:
    """Per judge: mean and spread of their scores, and the mean of (their score − the other judges' mean)
    over the entries someone else also reviewed."""
    by_entry: dict[int, list[Review]] = defaultdict(list)
    own: dict[int, list[float]] = defaultdict(list)
    for r in reviews:
        by_entry[r.entry_id].append(r)
        own[r.judge_id].append(r.score)
    gaps: dict[int, list[float]] = defaultdict(list)
    for entry_reviews in by_entry.values():
        if len(entry_reviews) < 2:
            continue
        total = math.fsum(r.score for r in entry_reviews)
        for r in entry_reviews:
            gaps[r.judge_id].append(r.score - (total - r.score) / (len(entry_reviews) - 1))
    return [
        JudgeStats(
            judge_id=j,
            n_scores=len(scores),
            mean=mean(scores),
            stdev=pstdev(scores),
            distance_from_panel=mean(gaps[j]) if gaps.get(j) else None,
        )
        for j, scores in sorted(own.items())
    ]


def tiers_by_rank(counts: Sequence[tuple[str, int]], position: int) -> str | None:
    """The prize tier a rank within its media type reaches when prizes go down the ranking in order
    ([("a", 1), ("b", 5), …]): None past the last prize."""
    reached = 0
    for tier, count in counts:
        reached += count
        if position <= reached:
            return tier
    return None


def method_moves(
    ranks_by_method: Mapping[str, int], line: int | None, tiers: Sequence[tuple[str, int]]
) -> tuple[bool, bool]:
    """(crosses the shortlist line, changes prize tier) when the method changes: some method puts the entry
    inside the first `line` places and another outside, or in a different prize tier."""
    positions = list(ranks_by_method.values())
    crosses = line is not None and len({p <= line for p in positions}) > 1
    moves = bool(tiers) and len({tiers_by_rank(tiers, p) for p in positions}) > 1
    return crosses, moves
