"""The registry's reads that several subjects share, typed as the rows leave Piccolo.

No permission checks here: callers have decided that the actor may see the model.
"""

from __future__ import annotations

from guong_dan_van.core.repository import typed, typed_all
from guong_dan_van.registry.tables import (
    Model,
    ModelWithUnitRow,
    ModelYear,
    ModelYearRow,
    Replication,
    ReplicationWithUnitRow,
)
from guong_dan_van.units.tables import Unit

MODEL_COLUMNS = (*Model.all_columns(), Model.unit.name.as_alias("unit_name"))


async def model_row(model_id: int) -> ModelWithUnitRow | None:
    row = await Model.select(*MODEL_COLUMNS).where(Model.id == model_id).first().run()
    return None if row is None else typed(row, ModelWithUnitRow)


async def year_rows(model_id: int) -> list[ModelYearRow]:
    """The model's years, oldest first."""
    rows = await ModelYear.select().where(ModelYear.model == model_id).order_by(ModelYear.year).run()
    return typed_all(rows, ModelYearRow)


async def year_row(model_id: int, year: int) -> ModelYearRow:
    """One year of the model (the caller has just written it)."""
    row = await ModelYear.select().where((ModelYear.model == model_id) & (ModelYear.year == year)).first().run()
    assert row is not None
    return typed(row, ModelYearRow)


async def replication_rows(model_id: int, only_id: int | None = None) -> list[ReplicationWithUnitRow]:
    """Where the model was taken up, by year (or the one replication `only_id`)."""
    query = Replication.select(*Replication.all_columns(), Replication.unit.name.as_alias("unit_name")).where(
        Replication.model == model_id
    )
    if only_id is not None:
        query = query.where(Replication.id == only_id)
    rows = await query.order_by(Replication.year).order_by(Replication.id).run()
    return typed_all(rows, ReplicationWithUnitRow)


async def unit_exists(unit_id: int) -> bool:
    return bool(await Unit.exists().where(Unit.id == unit_id).run())
