"""Nhân rộng: another unit took up the model in a given year."""

from __future__ import annotations

from guong_dan_van.core import audit
from guong_dan_van.core.clock import now, today_vn
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, can_add_replication, ensure_allowed
from guong_dan_van.core.repository import typed
from guong_dan_van.registry.schemas import ReplicationIn, ReplicationOut
from guong_dan_van.registry.services.models import lock_model, visible_model
from guong_dan_van.registry.services.rows import replication_rows, unit_exists
from guong_dan_van.registry.services.shaping import replication_out
from guong_dan_van.registry.tables import Model, Replication, ReplicationRow


async def add_replication(actor: Actor, model_id: int, data: ReplicationIn) -> ReplicationOut:
    async with Model._meta.db.transaction():
        model = await visible_model(actor, model_id)
        ensure_allowed(
            can_add_replication(actor, model.unit, data.unit_id),
            "Chỉ đơn vị sở hữu mô hình, đơn vị nhân rộng hoặc Ban tổ chức được ghi nhận việc nhân rộng.",
        )
        errors: list[FieldError] = []
        if data.unit_id == model.unit:
            errors.append(FieldError("Đơn vị nhân rộng phải khác đơn vị sở hữu mô hình.", field="unit_id"))
        elif not await unit_exists(data.unit_id):
            errors.append(FieldError("Đơn vị không tồn tại.", field="unit_id"))
        if data.year > today_vn().year:
            errors.append(FieldError("Năm nhân rộng không được sau năm hiện tại.", field="year"))
        if errors:
            raise RuleViolation("Thông tin nhân rộng chưa hợp lệ.", errors)
        await lock_model(model_id)
        duplicate = await Replication.exists().where(
            (Replication.model == model_id) & (Replication.unit == data.unit_id) & (Replication.year == data.year)
        )
        if duplicate:
            raise Conflict("Việc nhân rộng này đã được ghi nhận.")
        # Not versioned, and audited as a change of the model: a plain insert, not `insert_audited`.
        inserted = (
            await Replication.insert(
                Replication(
                    model=model_id,
                    unit=data.unit_id,
                    year=data.year,
                    note=data.note.strip() if data.note and data.note.strip() else None,
                    created_by=actor.id,
                    created_at=now(),
                )
            )
            .returning(*Replication.all_columns())
            .run()
        )
        replication = typed(inserted[0], ReplicationRow)
        await audit.record(
            actor,
            "model.replicate",
            "model",
            model_id,
            {"replication_id": replication.id, "unit_id": data.unit_id, "year": data.year},
        )
    return replication_out((await replication_rows(model_id, only_id=replication.id))[0])


async def list_replications(actor: Actor, model_id: int) -> list[ReplicationOut]:
    await visible_model(actor, model_id)
    return [replication_out(r) for r in await replication_rows(model_id)]
