"""The judges' chart as plain geometry for an inline SVG (no script, no library): each judge's mean with a
bar of ± one standard deviation on the 0–100 scale, and their distance from the panel. Pure function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guong_dan_van.judging.schemas import JudgeStatOut

LEFT, WIDTH, ROW, TOP = 190, 460, 34, 30  # px: label column, plot width, row height, axis band


@dataclass(frozen=True)
class ChartRow:
    y: int
    label: str
    mean_x: float
    low_x: float
    high_x: float
    mean: float
    stdev: float
    distance: float | None
    harsh: bool
    lenient: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_width: int
    ticks: list[tuple[float, int]]  # (x, value)
    panel_x: float | None
    rows: list[ChartRow]


def _x(value: float) -> float:
    return round(LEFT + WIDTH * max(0.0, min(100.0, value)) / 100, 1)


def judge_chart(stats: Sequence[JudgeStatOut], panel_mean: float | None) -> Chart:
    rows = []
    for i, s in enumerate(stats):
        d = s.distance_from_panel
        rows.append(
            ChartRow(
                y=TOP + i * ROW,
                label=s.full_name or f"#{s.judge_id}",
                mean_x=_x(s.mean),
                low_x=_x(s.mean - s.stdev),
                high_x=_x(s.mean + s.stdev),
                mean=s.mean,
                stdev=s.stdev,
                distance=d,
                harsh=d is not None and d <= -5,
                lenient=d is not None and d >= 5,
            )
        )
    return Chart(
        width=LEFT + WIDTH + 110,
        height=TOP + ROW * max(1, len(rows)) + 10,
        left=LEFT,
        plot_width=WIDTH,
        ticks=[(_x(v), v) for v in range(0, 101, 20)],
        panel_x=None if panel_mean is None else _x(panel_mean),
        rows=rows,
    )
