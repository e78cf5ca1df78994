"""The round's rubric (thang điểm) and checking a judge's values against it. Pure functions.

The default follows the press awards' usual three headings: content and discovery, form, social effect.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from guong_dan_van.core.errors import FieldError


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float
    max: float


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("noi_dung", "Nội dung, tính phát hiện", 50, 50),
    Criterion("hinh_thuc", "Hình thức thể hiện", 30, 30),
    Criterion("hieu_qua", "Hiệu quả xã hội", 20, 20),
)


def check_scores(criteria: Sequence[Criterion], values: Mapping[str, float]) -> list[FieldError]:
    """Every criterion needs a value within 0..max; no value for a key the rubric does not have."""
    errors = []
    known = {c.key for c in criteria}
    for c in criteria:
        if c.key not in values:
            errors.append(FieldError(f"Chưa chấm tiêu chí “{c.label}”.", field=f"scores.{c.key}", rule="missing"))
        elif not 0 <= values[c.key] <= c.max:
            errors.append(
                FieldError(f"“{c.label}”: điểm phải từ 0 đến {c.max:g}.", field=f"scores.{c.key}", rule="range")
            )
    for key in sorted(set(values) - known):
        errors.append(FieldError(f"Không có tiêu chí “{key}” trong thang điểm.", field=f"scores.{key}", rule="unknown"))
    return errors


def review_scorer(criteria: Sequence[Criterion]) -> Callable[[Mapping[str, float]], float]:
    """`review_score` for one rubric, with its weights and maxima read once (a round scores thousands)."""
    spec = [(c.key, c.weight, c.max) for c in criteria]
    total = math.fsum([c.weight for c in criteria])

    def score(values: Mapping[str, float]) -> float:
        return 100 * math.fsum([w * values[k] / m for k, w, m in spec]) / total

    return score


def review_score(criteria: Sequence[Criterion], values: Mapping[str, float]) -> float:
    """S = 100 · Σ w·(v/max) / Σ w (JUDGING.md, "One review → one score")."""
    return review_scorer(criteria)(values)
