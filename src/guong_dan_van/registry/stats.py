"""Counts for reports: field × level × kind × unit × status, the funnel, and the 2025 successor roll-up.

One GROUP BY query gives the finest cells; every other figure is summed from them in Python
(`aggregate`, pure and unit-tested), so the totals always add up whichever way they are cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from guong_dan_van.core.permissions import Actor
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.registry import rules
from guong_dan_van.registry.schemas import Funnel, ModelStats, StatsCell, YearStatus
from guong_dan_van.registry.tables import Model
from guong_dan_van.units.tables import Unit


class _UnitName(Row):
    """A unit's name for the labels, its successor for the roll-up."""

    id: int
    name: str
    successor: int | None


class Rollup(StrEnum):
    none = "none"  # each record under the unit that made it
    successor = "successor"  # units merged in 2025 counted under the unit that carries on their work


def aggregate(
    cells: Iterable[StatsCell], *, year: int | None, rollup: Rollup, unit_names: dict[int, str]
) -> ModelStats:
    cells = list(cells)
    by: dict[str, Counter[str]] = {k: Counter() for k in ("field", "level", "kind", "status", "unit")}
    for cell in cells:
        for key in ("field", "level", "kind", "status"):
            by[key][getattr(cell, key)] += cell.count
        by["unit"][str(cell.unit_id)] += cell.count
    statuses = by["status"]
    registered = sum(n for s, n in statuses.items() if s != "draft")
    return ModelStats(
        year=year,
        rollup=rollup.value,
        total=sum(c.count for c in cells),
        by_field=dict(by["field"]),
        by_level=dict(by["level"]),
        by_kind=dict(by["kind"]),
        by_status=dict(by["status"]),
        by_unit=dict(by["unit"].most_common()),
        unit_names={str(u): unit_names.get(u, f"#{u}") for u in {c.unit_id for c in cells}},
        funnel=Funnel(
            registered=registered,
            recognized=sum(statuses.get(s.value, 0) for s in rules.RECOGNIZED),
            exemplary=sum(statuses.get(s.value, 0) for s in rules.EXEMPLARY),
            proposed_for_award=statuses.get(YearStatus.proposed_for_award.value, 0),
        ),
        cells=cells,
    )


def roll_up(cells: Iterable[StatsCell], successor_of: dict[int, int]) -> list[StatsCell]:
    """Merge cells of units into their final successor's (cells that become equal are summed)."""
    merged: Counter[tuple[str, str, str, int, str]] = Counter()
    for c in cells:
        merged[(c.field, c.level, c.kind, successor_of.get(c.unit_id, c.unit_id), c.status)] += c.count
    return [
        StatsCell(field=f, level=lv, kind=k, unit_id=u, status=s, count=n)
        for (f, lv, k, u, s), n in sorted(merged.items())
    ]


async def _cells(actor: Actor, year: int | None) -> list[StatsCell]:
    if year is not None:
        sql = (
            "SELECT m.field, m.level, m.kind, m.unit AS unit_id, y.status, COUNT(*) AS count FROM model_year y "
            "JOIN model m ON m.id = y.model WHERE y.year = {} GROUP BY m.field, m.level, m.kind, m.unit, y.status"
        )
        args: list[Any] = [year]
    elif actor.is_admin:
        sql = (
            "SELECT field, level, kind, unit AS unit_id, status, COUNT(*) AS count FROM model "
            "GROUP BY field, level, kind, unit, status"
        )
        args = []
    else:
        # Drafts count only for their own unit, as they are shown only to it.
        sql = (
            "SELECT field, level, kind, unit AS unit_id, status, COUNT(*) AS count FROM model "
            "WHERE status <> 'draft' OR unit = {} "
            "GROUP BY field, level, kind, unit, status"
        )
        args = [actor.unit_id or 0]
    return typed_all(await Model.raw(sql, *args).run(), StatsCell)


async def model_stats(actor: Actor, year: int | None, rollup: Rollup = Rollup.none) -> ModelStats:
    cells = await _cells(actor, year)
    units = typed_all(await Unit.select(Unit.id, Unit.name, Unit.successor).run(), _UnitName)
    names = {u.id: u.name for u in units}
    if rollup is Rollup.successor:
        cells = roll_up(cells, rules.resolve_successors({u.id: u.successor for u in units}))
    else:
        cells.sort(key=lambda c: (c.field, c.level, c.kind, c.unit_id, c.status))
    return aggregate(cells, year=year, rollup=rollup, unit_names=names)
