"""Models themselves: reading with permission, codes, nominate, edit, read, list, export, dashboard cards.

Every state change of a model runs in one transaction that first bumps the model's row (`lock_model`):
on PostgreSQL that row lock serialises concurrent changes of the same model, on SQLite the single
writer does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from msgspec import UNSET
from piccolo.columns.combination import Combinable, Or, Where

from guong_dan_van.core import audit
from guong_dan_van.core.cards import Card
from guong_dan_van.core.clock import now, today_vn
from guong_dan_van.core.errors import Conflict, FieldError, Forbidden, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import (
    Actor,
    Role,
    can_edit_model,
    can_view_model,
    ensure_allowed,
    ensure_found,
    ensure_id,
)
from guong_dan_van.core.repository import insert_audited, list_page, typed_all, update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.media import services as media
from guong_dan_van.registry import rules
from guong_dan_van.registry.schemas import (
    ModelCreate,
    ModelField,
    ModelKind,
    ModelLevel,
    ModelOut,
    ModelPatch,
    ModelStatus,
    ModelSummary,
    ResultOut,
)
from guong_dan_van.registry.services.rows import (
    MODEL_COLUMNS,
    model_row,
    replication_rows,
    unit_exists,
    year_rows,
)
from guong_dan_van.registry.services.shaping import (
    model_out,
    model_summary_out,
    model_year_out,
    replication_out,
    results_in,
    results_out,
)
from guong_dan_van.registry.tables import (
    Model,
    ModelCodeCounter,
    ModelRow,
    ModelSummaryRow,
    ModelWithUnitRow,
    ModelYear,
    ModelYearRow,
    Replication,
)
from guong_dan_van.search.outbox import enqueue

WHAT = "Mô hình"
CODE_PREFIX = "MH"
MAX_EXPORT_ROWS = 50_000

# The press contest shows "entries written about this model" on the model page: `create_app` hands the
# contest's function (actor, model_id) → entries the actor may see to the registry's handlers.
EntriesAboutModel = Callable[[Actor, int], Awaitable[list[Any]]]


@dataclass(frozen=True)
class ModelFilters:
    year: int | None = None
    field: ModelField | None = None
    level: ModelLevel | None = None
    kind: ModelKind | None = None
    unit_id: int | None = None
    status: ModelStatus | None = None
    q: str | None = None


@dataclass(frozen=True)
class ExportedModel:
    """One line of the spreadsheet: the model, its results, and (with a year filter) that year's record."""

    model: ModelWithUnitRow
    results: list[ResultOut]
    year: ModelYearRow | None = None


# --- reading with permission --------------------------------------------------------------------


async def visible_model(actor: Actor, model_id: int) -> ModelWithUnitRow:
    """The model, or 404 when it does not exist or the actor may not know it exists."""
    ensure_id(model_id, WHAT)
    model = await model_row(model_id)
    ensure_found(model is not None and can_view_model(actor, model.unit, model.status), WHAT)
    assert model is not None
    return model


async def owned_model(actor: Actor, model_id: int) -> ModelWithUnitRow:
    """Visible (else 404) and the actor's to change (else 403)."""
    model = await visible_model(actor, model_id)
    ensure_allowed(
        can_edit_model(actor, model.unit), "Chỉ đơn vị sở hữu mô hình hoặc Ban tổ chức được thay đổi mô hình này."
    )
    return model


def _ensure_content_editable(actor: Actor, model: ModelRow) -> None:
    status = ModelStatus(model.status)
    if not actor.is_admin and not rules.unit_may_edit(status):
        raise Conflict(
            "Mô hình đang chờ thẩm định hoặc đã có kết quả; đơn vị chỉ sửa được khi là bản nháp hoặc bị trả lại.",
            model_status=status.value,
        )


async def ensure_can_view(actor: Actor, model_id: int) -> None:
    await visible_model(actor, model_id)


async def ensure_can_edit(actor: Actor, model_id: int) -> None:
    """Photos follow the write-up: changeable by the owner while it is a draft or returned."""
    _ensure_content_editable(actor, await owned_model(actor, model_id))


async def lock_model(model_id: int) -> None:
    """Bump the model's version first: the row lock serialises state changes of one model."""
    await Model.update({Model.version: Model.version + 1, Model.updated_at: now()}).where(Model.id == model_id).run()


# --- codes --------------------------------------------------------------------------------------


async def next_code(year: int) -> str:
    """MH-<year>-<nnnn> from one atomic upsert: two concurrent creates never get the same number.

    On PostgreSQL the upsert's row lock makes the second writer wait for the first; on SQLite writers
    are serialised anyway. Call inside the creating transaction so a failed create leaves no gap.
    """
    prefix = f"{CODE_PREFIX}-{year}"
    rows = await ModelCodeCounter.raw(
        "INSERT INTO model_code_counter (prefix, last) VALUES ({}, 1) "
        "ON CONFLICT (prefix) DO UPDATE SET last = model_code_counter.last + 1 RETURNING last",
        prefix,
    ).run()
    return f"{prefix}-{int(rows[0]['last']):04d}"


# --- create and edit ----------------------------------------------------------------------------


async def _owner_unit(actor: Actor, requested: int | None) -> int:
    if actor.is_admin:
        if requested is None:
            raise RuleViolation("Cần chọn đơn vị sở hữu mô hình.", [FieldError("Chưa chọn đơn vị.", field="unit_id")])
        if not await unit_exists(requested):
            raise RuleViolation("Đơn vị không tồn tại.", [FieldError("Đơn vị không tồn tại.", field="unit_id")])
        return requested
    if actor.role is not Role.unit or actor.unit_id is None:
        raise Forbidden("Chỉ biên tập viên của đơn vị hoặc Ban tổ chức được đăng ký mô hình.")
    if requested is not None and requested != actor.unit_id:
        raise Forbidden("Đơn vị chỉ đăng ký mô hình cho chính mình.")
    return actor.unit_id


def _check_started_year(started_year: int | None) -> None:
    if started_year is not None and started_year > today_vn().year:
        raise RuleViolation(
            "Năm bắt đầu chưa tới.", [FieldError("Năm bắt đầu không được sau năm hiện tại.", field="started_year")]
        )


async def create_model(actor: Actor, data: ModelCreate) -> ModelOut:
    unit_id = await _owner_unit(actor, data.unit_id)
    _check_started_year(data.started_year)
    async with Model._meta.db.transaction():
        model_id, _ = await insert_model(actor, unit_id, data, code_year=today_vn().year)
        model = await model_row(model_id)
    assert model is not None
    return model_out(model, actor)


async def insert_model(actor: Actor, unit_id: int, data: ModelCreate, *, code_year: int) -> tuple[int, str]:
    """Write a new draft model and give its id and code (the caller checked the unit and holds the transaction)."""
    title = clean_line(data.title)
    code = await next_code(code_year)
    model = await insert_audited(
        Model,
        ModelRow,
        {
            "code": code,
            "title": title,
            "title_folded": fold_vietnamese(title),
            "kind": data.kind.value,
            "field": data.field.value,
            "level": data.level.value,
            "unit": unit_id,
            "address": clean_line(data.address) if data.address else None,
            "started_year": data.started_year,
            "summary": data.summary.strip(),
            "body": data.body or "",
            "results": results_in(data.results),
            "beneficiaries": clean_line(data.beneficiaries) if data.beneficiaries else None,
            "budget_vnd": data.budget_vnd,
            "contact": clean_line(data.contact) if data.contact else None,
            "status": ModelStatus.draft.value,
            "latest_year": None,
            "created_by": actor.id,
        },
        actor=actor,
        action="model.create",
        changes={"code": code, "title": title, "unit_id": unit_id},
    )
    await enqueue("model", model.id)
    return model.id, model.code


async def patch_model(actor: Actor, model_id: int, data: ModelPatch) -> ModelOut:
    async with Model._meta.db.transaction():
        before = await owned_model(actor, model_id)
        _ensure_content_editable(actor, before)
        changes: dict[str, Any] = {}
        if data.title is not UNSET:
            changes["title"] = clean_line(data.title)
            changes["title_folded"] = fold_vietnamese(changes["title"])
        for name in ("kind", "field", "level"):
            value = getattr(data, name)
            if value is not UNSET:
                changes[name] = value.value
        if data.summary is not UNSET:
            changes["summary"] = data.summary.strip()
        if data.body is not UNSET:
            changes["body"] = data.body or ""
        if data.results is not UNSET:
            changes["results"] = results_in(data.results)
        for name in ("address", "beneficiaries", "contact"):
            value = getattr(data, name)
            if value is not UNSET:
                changes[name] = clean_line(value) if value else None
        if data.started_year is not UNSET:
            _check_started_year(data.started_year)
            changes["started_year"] = data.started_year
        if data.budget_vnd is not UNSET:
            changes["budget_vnd"] = data.budget_vnd
        await update_versioned(Model, ModelRow, model_id, data.version, changes)
        await audit.record(actor, "model.update", "model", model_id, audit.diff(before, changes))
        await enqueue("model", model_id)
        model = await model_row(model_id)
    assert model is not None
    return model_out(model, actor)


# --- reading ------------------------------------------------------------------------------------


async def get_model(actor: Actor, model_id: int, *, entries_about: EntriesAboutModel | None = None) -> ModelOut:
    out = model_out(await visible_model(actor, model_id), actor)
    out.years = [model_year_out(year) for year in await year_rows(model_id)]
    out.replications = [replication_out(r) for r in await replication_rows(model_id)]
    out.photos = list(await media.list_photos("model", model_id))
    if entries_about is not None:
        out.entries = list(await entries_about(actor, model_id))
    return out


def model_conditions(actor: Actor, filters: ModelFilters) -> list[Combinable]:
    conditions: list[Combinable] = []
    if not actor.is_admin:
        visible: Combinable = Model.status != ModelStatus.draft.value
        if actor.unit_id is not None:
            visible = Or(Model.unit == actor.unit_id, visible)
        conditions.append(visible)
    if filters.field is not None:
        conditions.append(Model.field == filters.field.value)
    if filters.level is not None:
        conditions.append(Model.level == filters.level.value)
    if filters.kind is not None:
        conditions.append(Model.kind == filters.kind.value)
    if filters.unit_id is not None:
        conditions.append(Model.unit == filters.unit_id)
    if filters.q:
        pattern = contains_pattern(filters.q)
        if pattern != "%%":
            conditions.append(Or(Model.title_folded.like(pattern), Model.code == filters.q.strip().upper()))
    if filters.year is not None:
        # With a year the committee looks at that year's records: `status` filters that year's status.
        in_year: Where | Combinable = ModelYear.year == filters.year
        if filters.status is not None:
            if filters.status is ModelStatus.draft:
                conditions.append(Model.id == -1)  # a year record is never a draft
            else:
                in_year = in_year & (ModelYear.status == filters.status.value)
        conditions.append(Model.id.is_in(ModelYear.select(ModelYear.model).where(in_year)))
    elif filters.status is not None:
        conditions.append(Model.status == filters.status.value)
    return conditions


_SUMMARY_COLUMNS = (
    Model.id,
    Model.code,
    Model.title,
    Model.kind,
    Model.field,
    Model.level,
    Model.unit,
    Model.unit.name.as_alias("unit_name"),
    Model.status,
    Model.latest_year,
    Model.version,
    Model.updated_at,
)


async def list_models(actor: Actor, page: PageParams, filters: ModelFilters) -> Page[ModelSummary]:
    models = await list_page(
        Model,
        ModelSummaryRow,
        page,
        model_conditions(actor, filters),
        columns=_SUMMARY_COLUMNS,
        order_by=[(Model.id, False)],
    )
    years: dict[int, ModelYearRow] = {}
    if filters.year is not None and models.items:
        years = await _records_of_year(filters.year, [model.id for model in models.items])
    return models.map(lambda model: model_summary_out(model, years.get(model.id)))


async def export_models(actor: Actor, filters: ModelFilters) -> list[ExportedModel]:
    """Whole models of a filtered list for the spreadsheet (the same visibility as the list)."""
    query = Model.select(*MODEL_COLUMNS)
    for cond in model_conditions(actor, filters):
        query = query.where(cond)
    models = typed_all(await query.order_by(Model.code).limit(MAX_EXPORT_ROWS).run(), ModelWithUnitRow)
    years: dict[int, ModelYearRow] = {}
    if filters.year is not None and models:
        years = await _records_of_year(filters.year)
    return [ExportedModel(model, results_out(model.results), years.get(model.id)) for model in models]


async def _records_of_year(year: int, model_ids: list[int] | None = None) -> dict[int, ModelYearRow]:
    """Each model's record of that year (of the given models only, when they are named)."""
    query = ModelYear.select().where(ModelYear.year == year)
    if model_ids is not None:
        query = query.where(ModelYear.model.is_in(model_ids))
    return {record.model: record for record in typed_all(await query.run(), ModelYearRow)}


async def delete_model(
    actor: Actor, media_domain: media.Media, model_id: int, *, entries_about: EntriesAboutModel
) -> None:
    """A draft (never submitted) goes away with its photos; anything past draft is kept (409)."""
    async with Model._meta.db.transaction():
        model = await owned_model(actor, model_id)
        if model.status != ModelStatus.draft.value:
            raise Conflict("Chỉ xóa được mô hình còn là bản nháp; mô hình đã đăng ký được giữ lại trong hồ sơ.")
        if await entries_about(actor, model_id):
            raise Conflict("Mô hình đang được tác phẩm dự thi viết về; không xóa được.")
        await media.delete_photos_of(media_domain, "model", model_id)
        await Replication.delete().where(Replication.model == model_id).run()
        await Model.delete().where(Model.id == model_id).run()
        await audit.record(actor, "model.delete", "model", model_id, {"code": model.code, "title": model.title})
        await enqueue("model", model_id)


async def dashboard_cards(actor: Actor) -> list[Card]:
    """Mô hình: the committee sees what awaits appraisal; a unit its own models and those sent back."""
    if actor.is_admin:
        return [
            Card("Mô hình, điển hình", await Model.count().run(), "/models"),
            Card(
                "Mô hình chờ thẩm định",
                await Model.count().where(Model.status == ModelStatus.submitted.value).run(),
                "/models/review",
            ),
        ]
    if actor.role is Role.unit and actor.unit_id is not None:
        own = Model.unit == actor.unit_id
        return [
            Card("Mô hình của đơn vị", await Model.count().where(own).run(), f"/models?unit_id={actor.unit_id}"),
            Card(
                "Bị trả lại, cần bổ sung",
                await Model.count().where(own, Model.status == ModelStatus.returned.value).run(),
                f"/models?unit_id={actor.unit_id}&status=returned",
            ),
        ]
    return []
