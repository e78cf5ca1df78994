"""The results arithmetic is JUDGING.md's, checked on examples computed by hand and with Hypothesis."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from guong_dan_van.judging.arithmetic import (
    METHODS,
    Review,
    judge_stats,
    median,
    method_moves,
    pstdev,
    rank,
    results,
    tiers_by_rank,
    trimmed_mean,
    zscore_scores,
)
from guong_dan_van.judging.rubric import Criterion, review_score

# Judge 1 is harsh, judge 2 lenient (three reviews each, some spread); judge 3 scored once.
WORKED = [
    Review(1, 1, 50),
    Review(1, 2, 60),
    Review(1, 3, 70),
    Review(2, 1, 80),
    Review(2, 2, 90),
    Review(2, 3, 70),
    Review(3, 3, 90),
]


def by_entry(method: str) -> dict[int, tuple[float | None, int]]:
    return {r.entry_id: (r.score, r.rank) for r in results(WORKED, [1, 2, 3, 4], method)}


def test_one_review_is_the_weighted_share_of_the_maxima() -> None:
    # 100 · (5·8/10 + 3·6/10 + 2·10/10) / (5+3+2) = 100 · (4 + 1.8 + 2) / 10 = 78
    rubric = [Criterion("a", "A", 5, 10), Criterion("b", "B", 3, 10), Criterion("c", "C", 2, 10)]
    assert review_score(rubric, {"a": 8, "b": 6, "c": 10}) == pytest.approx(78)
    # different maxima: 100 · (1·20/40 + 3·9/10) / 4 = 100 · (0.5 + 2.7) / 4 = 80
    mixed = [Criterion("x", "X", 1, 40), Criterion("y", "Y", 3, 10)]
    assert review_score(mixed, {"x": 20, "y": 9}) == pytest.approx(80)


def test_mean_by_hand() -> None:
    # entry 1: (50+80)/2 = 65; entry 2: (60+90)/2 = 75; entry 3: (70+70+90)/3 = 76.666…; entry 4 none: last
    assert by_entry("mean") == {3: (pytest.approx(230 / 3), 1), 2: (75, 2), 1: (65, 3), 4: (None, 4)}


def test_median_by_hand() -> None:
    # entry 3's middle value is 70, so entry 2 (75) leads under the median
    assert by_entry("median") == {2: (75, 1), 3: (70, 2), 1: (65, 3), 4: (None, 4)}
    assert median([4, 1, 3, 2]) == 2.5 and median([7]) == 7


def test_trimmed_mean_drops_one_highest_and_one_lowest_from_four_reviews_on() -> None:
    assert trimmed_mean([40, 70, 80, 85, 100]) == pytest.approx(235 / 3)  # (70+80+85)/3
    assert trimmed_mean([40, 80, 85, 95]) == 82.5  # (80+85)/2
    assert trimmed_mean([10, 20, 90]) == 40  # fewer than four: the mean
    assert by_entry("trimmed_mean") == by_entry("mean")  # nobody here has four reviews


def test_zscore_by_hand() -> None:
    # All seven scores: Σ = 510, μ = 510/7 = 72.857142…; Σ S² = 38500, so σ² = 38500/7 − μ² = 9400/49, σ = √9400/7.
    # Judges 1 and 2: μ_j = 60 and 80, σ_j = √(200/3), so their z are −√1.5, 0, +√1.5 and 0, +√1.5, −√1.5.
    # Judge 3 has one review: z = (90 − μ)/σ.
    # entry 1: mean z = −√1.5/2 → μ − σ·√1.5/2 = 64.375469…
    # entry 2: mean z = +√1.5/2 → μ + σ·√1.5/2 = 81.338815…
    # entry 3: mean z = ((90 − μ)/σ)/3 → μ + (90 − μ)/3 = 78.571428…
    mu, sigma = 510 / 7, math.sqrt(9400) / 7
    got = zscore_scores(WORKED)
    assert got[1] == pytest.approx(64.375469, abs=1e-6) == pytest.approx(mu - sigma * math.sqrt(1.5) / 2)
    assert got[2] == pytest.approx(81.338815, abs=1e-6)
    assert got[3] == pytest.approx(78.571428, abs=1e-6)
    assert by_entry("zscore")[2][1] == 1 and by_entry("zscore")[3][1] == 2


def test_every_row_carries_its_ranks_under_all_four_methods() -> None:
    row = next(r for r in results(WORKED, [1, 2, 3, 4], "mean") if r.entry_id == 3)
    assert row.ranks_by_method == {"mean": 1, "median": 2, "trimmed_mean": 1, "zscore": 2}
    assert row.n_scores == 3 and row.median == 70 and row.stdev == pytest.approx(math.sqrt(800 / 9))
    empty = next(r for r in results(WORKED, [1, 2, 3, 4], "mean") if r.entry_id == 4)
    assert (empty.score, empty.n_scores, empty.mean, empty.stdev, empty.rank) == (None, 0, None, None, 4)


def test_zscore_edge_cases() -> None:
    # σ = 0 over the whole round: every z is 0, every entry scores μ
    flat = [Review(1, 1, 60), Review(2, 1, 60), Review(1, 2, 60)]
    assert zscore_scores(flat) == {1: 60, 2: 60}
    # one judge, fewer than three reviews: normalised against the round, which is the judge's own
    one = [Review(9, 1, 40), Review(9, 2, 80)]  # μ = 60, σ = 20, z = −1, +1 → 40, 80
    assert zscore_scores(one) == {1: pytest.approx(40), 2: pytest.approx(80)}
    # a judge with three equal reviews (σ_j = 0) falls back to the round
    same = [Review(1, e, 70) for e in (1, 2, 3)] + [Review(2, 1, 50), Review(2, 2, 60), Review(2, 3, 70)]
    # μ = 370/6, judge 2: z = −√1.5, 0, +√1.5; judge 1: (70 − μ)/σ for each entry
    assert zscore_scores(same)[3] > zscore_scores(same)[1]
    assert zscore_scores([]) == {}


def test_ties_fall_to_median_then_number_of_scores_then_id() -> None:
    rows = [(5, 70.0, 70.0, 2), (3, 70.0000001, 75.0, 2), (4, 70.0, 70.0, 3), (2, 70.0, 70.0, 2), (1, None, None, 0)]
    # 70.0000001 rounds to 70.000000 at six decimals: same score as the others, the higher median wins
    assert rank(rows) == [(3, 1, False), (4, 2, False), (2, 3, True), (5, 4, True), (1, 5, False)]


def test_judge_statistics_by_hand() -> None:
    stats = {s.judge_id: s for s in judge_stats(WORKED)}
    # judge 1: 50 vs 80, 60 vs 90, 70 vs mean(70, 90) = 80 → gaps −30, −30, −10 → −70/3
    assert stats[1].mean == 60 and stats[1].distance_from_panel == pytest.approx(-70 / 3)
    assert stats[2].distance_from_panel == pytest.approx(50 / 3)  # +30, +30, 70 − 80
    assert stats[3].n_scores == 1 and stats[3].stdev == 0 and stats[3].distance_from_panel == 20


def test_method_flags_by_the_shortlist_line_and_prize_tiers() -> None:
    assert tiers_by_rank([("a", 1), ("b", 2)], 1) == "a"
    assert tiers_by_rank([("a", 1), ("b", 2)], 3) == "b" and tiers_by_rank([("a", 1), ("b", 2)], 4) is None
    ranks = {"mean": 1, "median": 2, "trimmed_mean": 1, "zscore": 2}
    assert method_moves(ranks, 1, [("a", 1), ("b", 5)]) == (True, True)
    assert method_moves(ranks, 2, [("b", 5)]) == (False, False)
    assert method_moves(ranks, None, []) == (False, False)


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        results(WORKED, [], "average")


score = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def rounds(draw: st.DrawFn, min_reviews: int = 0) -> list[Review]:
    judges = draw(st.integers(1, 5))
    entries = draw(st.integers(1, 8))
    out = []
    for j in range(1, judges + 1):
        chosen = draw(st.sets(st.integers(1, entries), min_size=min(min_reviews, entries), max_size=entries))
        out += [Review(j, e, draw(score)) for e in sorted(chosen)]
    return out


@settings(max_examples=150, deadline=None)
@given(rounds(min_reviews=3), st.floats(min_value=-30, max_value=30, allow_nan=False), st.data())
def test_shifting_a_spread_judge_leaves_the_zscore_ranking(
    reviews: list[Review], shift: float, data: st.DataObject
) -> None:
    by_judge: dict[int, list[float]] = {}
    for r in reviews:
        by_judge.setdefault(r.judge_id, []).append(r.score)
    # every judge has ≥ 3 reviews and spread, so nobody is normalised against the round
    assume(all(len(s) >= 3 and pstdev(s) > 1e-3 for s in by_judge.values()))
    judge = data.draw(st.sampled_from(sorted(by_judge)))
    shifted = [Review(r.judge_id, r.entry_id, r.score + shift) if r.judge_id == judge else r for r in reviews]
    before, after = zscore_scores(reviews), zscore_scores(shifted)
    mu_b, sd_b = sum(r.score for r in reviews) / len(reviews), pstdev([r.score for r in reviews])
    mu_a, sd_a = sum(r.score for r in shifted) / len(shifted), pstdev([r.score for r in shifted])
    z_before = {e: (s - mu_b) / sd_b for e, s in before.items()}
    z_after = {e: (s - mu_a) / sd_a for e, s in after.items()}
    for e in before:
        assert z_after[e] == pytest.approx(z_before[e], abs=1e-9)
    order = lambda z: sorted(z, key=lambda e: (-round(z[e], 6), e))  # noqa: E731
    clear = [e for e in before if all(abs(z_before[e] - z_before[o]) > 1e-6 for o in before if o != e)]
    assert [e for e in order(z_before) if e in clear] == [e for e in order(z_after) if e in clear]


@settings(max_examples=150, deadline=None)
@given(rounds(), st.permutations(range(1, 6)), st.sampled_from(METHODS))
def test_relabelling_judges_changes_nothing(reviews: list[Review], labels: list[int], method: str) -> None:
    relabelled = [Review(100 + labels[r.judge_id - 1], r.entry_id, r.score) for r in reviews]
    assert results(reviews, range(1, 9), method) == results(relabelled, range(1, 9), method)


@settings(max_examples=150, deadline=None)
@given(rounds(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_the_ranking_is_total_and_stable(reviews: list[Review], method: str, rnd: random.Random) -> None:
    ranked = results(reviews, range(1, 9), method)
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert sorted(r.entry_id for r in ranked) == list(range(1, 9))
    shuffled = list(reviews)
    rnd.shuffle(shuffled)
    assert results(shuffled, reversed(range(1, 9)), method) == ranked
    scored = [r.score for r in ranked if r.score is not None]
    assert all(round(a, 6) >= round(b, 6) for a, b in itertools.pairwise(scored))
