"""The registry's operations: nominate, edit, submit per year, review, replicate, list.

Every state change runs in one transaction that first bumps the model's row (`version + 1`): on
PostgreSQL that row lock serialises concurrent submits and reviews of the same model, on SQLite the
single writer does. The model's denormalised `status`/`latest_year` are written in that transaction too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
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
    can_add_replication,
    can_edit_model,
    can_view_model,
    ensure_allowed,
    ensure_found,
    ensure_id,
)
from guong_dan_van.core.repository import update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.media import services as media
from guong_dan_van.registry import markdown, rules
from guong_dan_van.registry.schemas import (
    ModelCreate,
    ModelField,
    ModelKind,
    ModelLevel,
    ModelOut,
    ModelPatch,
    ModelStatus,
    ModelSummary,
    ModelYearOut,
    ReplicationIn,
    ReplicationOut,
    ResultItem,
    ResultOut,
    ReviewIn,
    SubmitIn,
    YearStatus,
)
from guong_dan_van.registry.tables import Model, ModelCodeCounter, ModelYear, Replication
from guong_dan_van.units.tables import Unit

WHAT = "Mô hình"
CODE_PREFIX = "MH"

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


# --- shaping ------------------------------------------------------------------------------------


def _results_in(items: list[ResultItem] | None) -> str:
    return msgspec.json.encode(
        [{"label": clean_line(i.label), "value": i.value, "unit": i.unit} for i in items or []]
    ).decode()


def _results_out(raw: Any) -> list[ResultOut]:
    data = msgspec.json.decode(raw) if isinstance(raw, str | bytes) else raw
    return [ResultOut(label=r["label"], value=r["value"], unit=r.get("unit")) for r in data or []]


def model_summary_out(row: dict[str, Any], year_status: str | None = None) -> ModelSummary:
    return ModelSummary(
        id=row["id"],
        code=row["code"],
        title=row["title"],
        kind=ModelKind(row["kind"]),
        field=ModelField(row["field"]),
        level=ModelLevel(row["level"]),
        unit_id=row["unit"],
        unit_name=row["unit_name"],
        status=ModelStatus(row["status"]),
        latest_year=row["latest_year"],
        version=row["version"],
        updated_at=row["updated_at"],
        year_status=YearStatus(year_status) if year_status else None,
    )


def model_year_out(row: dict[str, Any]) -> ModelYearOut:
    return ModelYearOut(
        year=row["year"],
        status=YearStatus(row["status"]),
        decision_no=row["decision_no"],
        decision_date=row["decision_date"],
        note=row["note"],
        submitted_at=row["submitted_at"],
        reviewed_at=row["reviewed_at"],
    )


def model_out(row: dict[str, Any], actor: Actor | None) -> ModelOut:
    status = ModelStatus(row["status"])
    editable = (
        actor is not None and can_edit_model(actor, row["unit"]) and (actor.is_admin or rules.unit_may_edit(status))
    )
    return ModelOut(
        id=row["id"],
        code=row["code"],
        title=row["title"],
        kind=ModelKind(row["kind"]),
        field=ModelField(row["field"]),
        level=ModelLevel(row["level"]),
        unit_id=row["unit"],
        unit_name=row["unit_name"],
        address=row["address"],
        started_year=row["started_year"],
        summary=row["summary"],
        body=row["body"],
        body_html=markdown.render(row["body"]),
        results=_results_out(row["results"]),
        beneficiaries=row["beneficiaries"],
        budget_vnd=row["budget_vnd"],
        contact=row["contact"],
        status=status,
        latest_year=row["latest_year"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        can_edit=editable,
    )


# --- reading with permission --------------------------------------------------------------------

_COLUMNS = (*Model.all_columns(), Model.unit.name.as_alias("unit_name"))


async def _row(model_id: int) -> dict[str, Any] | None:
    row = await Model.select(*_COLUMNS).where(Model.id == model_id).first().run()
    return dict(row) if row else None


async def visible_row(actor: Actor, model_id: int) -> dict[str, Any]:
    """The model, or 404 when it does not exist or the actor may not know it exists."""
    ensure_id(model_id, WHAT)
    row = await _row(model_id)
    ensure_found(row is not None and can_view_model(actor, row["unit"], row["status"]), WHAT)
    assert row is not None
    return row


async def _owned_row(actor: Actor, model_id: int) -> dict[str, Any]:
    """Visible (else 404) and the actor's to change (else 403)."""
    row = await visible_row(actor, model_id)
    ensure_allowed(
        can_edit_model(actor, row["unit"]), "Chỉ đơn vị sở hữu mô hình hoặc Ban tổ chức được thay đổi mô hình này."
    )
    return row


def _ensure_content_editable(actor: Actor, row: dict[str, Any]) -> None:
    status = ModelStatus(row["status"])
    if not actor.is_admin and not rules.unit_may_edit(status):
        raise Conflict(
            "Mô hình đang chờ thẩm định hoặc đã có kết quả; đơn vị chỉ sửa được khi là bản nháp hoặc bị trả lại.",
            model_status=status.value,
        )


async def ensure_can_view(actor: Actor, model_id: int) -> None:
    await visible_row(actor, model_id)


async def ensure_can_edit(actor: Actor, model_id: int) -> None:
    """Photos follow the write-up: changeable by the owner while it is a draft or returned."""
    _ensure_content_editable(actor, await _owned_row(actor, model_id))


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


async def _unit_exists(unit_id: int) -> bool:
    return bool(await Unit.exists().where(Unit.id == unit_id).run())


async def _owner_unit(actor: Actor, requested: int | None) -> int:
    if actor.is_admin:
        if requested is None:
            raise RuleViolation("Cần chọn đơn vị sở hữu mô hình.", [FieldError("Chưa chọn đơn vị.", field="unit_id")])
        if not await _unit_exists(requested):
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
        row = await _row(model_id)
    assert row is not None
    return model_out(row, actor)


async def insert_model(actor: Actor, unit_id: int, data: ModelCreate, *, code_year: int) -> tuple[int, str]:
    """Write a new draft model (the caller checked the unit and holds the transaction)."""
    title = clean_line(data.title)
    code = await next_code(code_year)
    stamp = now()
    inserted = (
        await Model.insert(
            Model(
                code=code,
                title=title,
                title_folded=fold_vietnamese(title),
                kind=data.kind.value,
                field=data.field.value,
                level=data.level.value,
                unit=unit_id,
                address=clean_line(data.address) if data.address else None,
                started_year=data.started_year,
                summary=data.summary.strip(),
                body=data.body or "",
                results=_results_in(data.results),
                beneficiaries=clean_line(data.beneficiaries) if data.beneficiaries else None,
                budget_vnd=data.budget_vnd,
                contact=clean_line(data.contact) if data.contact else None,
                status=ModelStatus.draft.value,
                latest_year=None,
                created_by=actor.id,
                version=1,
                created_at=stamp,
                updated_at=stamp,
            )
        )
        .returning(Model.id)
        .run()
    )
    model_id = int(inserted[0]["id"])
    await audit.record(actor, "model.create", "model", model_id, {"code": code, "title": title, "unit_id": unit_id})
    return model_id, code


async def record_past_year(
    actor: Actor,
    model_id: int,
    year: int,
    status: YearStatus,
    decision_no: str | None = None,
    decision_date: dt.date | None = None,
) -> None:
    """A year taken over from an existing list (import, demo): registered and, maybe, already decided.

    For a model written in the same transaction, so no other year can be open.
    """
    stamp = now()
    decided = status is not YearStatus.submitted
    await ModelYear.insert(
        ModelYear(
            model=model_id,
            year=year,
            status=status.value,
            decision_no=decision_no,
            decision_date=decision_date,
            submitted_at=stamp,
            submitted_by=actor.id,
            reviewed_at=stamp if decided else None,
            reviewed_by=actor.id if decided else None,
        )
    ).run()
    await _set_model_status(model_id, await _years(model_id))
    await audit.record(
        actor,
        "model.record_year",
        "model",
        model_id,
        {"year": year, "status": status.value, "decision_no": decision_no, "decision_date": decision_date},
    )


async def patch_model(actor: Actor, model_id: int, data: ModelPatch) -> ModelOut:
    async with Model._meta.db.transaction():
        before = await _owned_row(actor, model_id)
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
            changes["results"] = _results_in(data.results)
        for name in ("address", "beneficiaries", "contact"):
            value = getattr(data, name)
            if value is not UNSET:
                changes[name] = clean_line(value) if value else None
        if data.started_year is not UNSET:
            _check_started_year(data.started_year)
            changes["started_year"] = data.started_year
        if data.budget_vnd is not UNSET:
            changes["budget_vnd"] = data.budget_vnd
        await update_versioned(Model, dict[str, Any], model_id, data.version, changes)
        await audit.record(actor, "model.update", "model", model_id, audit.diff(before, changes))
        row = await _row(model_id)
    assert row is not None
    return model_out(row, actor)


# --- the yearly cycle ---------------------------------------------------------------------------


async def _lock(model_id: int) -> None:
    """Bump the model's version first: the row lock serialises state changes of one model."""
    await Model.update({Model.version: Model.version + 1, Model.updated_at: now()}).where(Model.id == model_id).run()


async def _years(model_id: int) -> dict[int, YearStatus]:
    rows = await ModelYear.select(ModelYear.year, ModelYear.status).where(ModelYear.model == model_id).run()
    return {r["year"]: YearStatus(r["status"]) for r in rows}


async def _set_model_status(model_id: int, years: dict[int, YearStatus]) -> None:
    status, latest = rules.model_status(years)
    await Model.update({Model.status: status.value, Model.latest_year: latest}).where(Model.id == model_id).run()


async def _year_row(model_id: int, year: int) -> dict[str, Any]:
    row = await ModelYear.select().where((ModelYear.model == model_id) & (ModelYear.year == year)).first().run()
    assert row is not None
    return dict(row)


async def submit_year(actor: Actor, model_id: int, data: SubmitIn) -> ModelYearOut:
    async with Model._meta.db.transaction():
        row = await _owned_row(actor, model_id)
        check_level_for_year(ModelLevel(row["level"]), data.year)
        await _lock(model_id)
        years = await _years(model_id)
        try:
            rules.check_submit(data.year, years, today_vn().year)
        except ValueError as exc:
            raise RuleViolation(str(exc), [FieldError(str(exc), field="year")]) from None
        except rules.TransitionRefused as exc:
            raise Conflict(str(exc)) from None
        stamp = now()
        if data.year in years:
            await (
                ModelYear.update(
                    {
                        ModelYear.status: YearStatus.submitted.value,
                        ModelYear.submitted_at: stamp,
                        ModelYear.submitted_by: actor.id,
                    }
                )
                .where((ModelYear.model == model_id) & (ModelYear.year == data.year))
                .run()
            )
        else:
            await ModelYear.insert(
                ModelYear(
                    model=model_id,
                    year=data.year,
                    status=YearStatus.submitted.value,
                    submitted_at=stamp,
                    submitted_by=actor.id,
                )
            ).run()
        previous = years.get(data.year)
        years[data.year] = YearStatus.submitted
        await _set_model_status(model_id, years)
        await audit.record(
            actor,
            "model.submit",
            "model",
            model_id,
            {"year": data.year, "status": [previous.value if previous else None, YearStatus.submitted.value]},
        )
        return model_year_out(await _year_row(model_id, data.year))


async def review_year(actor: Actor, model_id: int, data: ReviewIn) -> ModelYearOut:
    ensure_allowed(actor.is_admin, "Chỉ Ban tổ chức được thẩm định mô hình.")
    if data.decision.value == YearStatus.returned.value and not (data.note and data.note.strip()):
        raise RuleViolation(
            "Trả lại hồ sơ cần ghi rõ nội dung cần bổ sung.",
            [FieldError("Cần ghi chú lý do trả lại.", field="note")],
        )
    if data.decision_date is not None and data.decision_date > today_vn():
        raise RuleViolation(
            "Ngày quyết định chưa tới.", [FieldError("Ngày quyết định không được sau hôm nay.", field="decision_date")]
        )
    async with Model._meta.db.transaction():
        await visible_row(actor, model_id)
        await _lock(model_id)
        years = await _years(model_id)
        current = years.get(data.year)
        try:
            rules.check_review(data.year, current, data.decision)
        except rules.TransitionRefused as exc:
            raise Conflict(str(exc)) from None
        new_status = YearStatus(data.decision.value)
        values: dict[Any, Any] = {
            ModelYear.status: new_status.value,
            ModelYear.reviewed_at: now(),
            ModelYear.reviewed_by: actor.id,
        }
        # A later decision keeps the earlier number/date/note unless it brings its own.
        if data.note is not None:
            values[ModelYear.note] = data.note.strip() or None
        if data.decision_no is not None:
            values[ModelYear.decision_no] = clean_line(data.decision_no)
        if data.decision_date is not None:
            values[ModelYear.decision_date] = data.decision_date
        await ModelYear.update(values).where((ModelYear.model == model_id) & (ModelYear.year == data.year)).run()
        years[data.year] = new_status
        await _set_model_status(model_id, years)
        assert current is not None
        await audit.record(
            actor,
            "model.review",
            "model",
            model_id,
            {
                "year": data.year,
                "status": [current.value, new_status.value],
                "decision_no": data.decision_no,
                "decision_date": data.decision_date,
                "note": data.note,
            },
        )
        return model_year_out(await _year_row(model_id, data.year))


async def list_years(actor: Actor, model_id: int) -> list[ModelYearOut]:
    await visible_row(actor, model_id)
    rows = await ModelYear.select().where(ModelYear.model == model_id).order_by(ModelYear.year).run()
    return [model_year_out(dict(r)) for r in rows]


# --- replication (nhân rộng) --------------------------------------------------------------------


async def add_replication(actor: Actor, model_id: int, data: ReplicationIn) -> ReplicationOut:
    async with Model._meta.db.transaction():
        row = await visible_row(actor, model_id)
        ensure_allowed(
            can_add_replication(actor, row["unit"], data.unit_id),
            "Chỉ đơn vị sở hữu mô hình, đơn vị nhân rộng hoặc Ban tổ chức được ghi nhận việc nhân rộng.",
        )
        errors: list[FieldError] = []
        if data.unit_id == row["unit"]:
            errors.append(FieldError("Đơn vị nhân rộng phải khác đơn vị sở hữu mô hình.", field="unit_id"))
        elif not await _unit_exists(data.unit_id):
            errors.append(FieldError("Đơn vị không tồn tại.", field="unit_id"))
        if data.year > today_vn().year:
            errors.append(FieldError("Năm nhân rộng không được sau năm hiện tại.", field="year"))
        if errors:
            raise RuleViolation("Thông tin nhân rộng chưa hợp lệ.", errors)
        await _lock(model_id)
        duplicate = await Replication.exists().where(
            (Replication.model == model_id) & (Replication.unit == data.unit_id) & (Replication.year == data.year)
        )
        if duplicate:
            raise Conflict("Việc nhân rộng này đã được ghi nhận.")
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
            .returning(Replication.id)
            .run()
        )
        rep_id = inserted[0]["id"]
        await audit.record(
            actor,
            "model.replicate",
            "model",
            model_id,
            {"replication_id": rep_id, "unit_id": data.unit_id, "year": data.year},
        )
    return (await _replications(model_id, only_id=rep_id))[0]


async def _replications(model_id: int, only_id: int | None = None) -> list[ReplicationOut]:
    query = Replication.select(*Replication.all_columns(), Replication.unit.name.as_alias("unit_name")).where(
        Replication.model == model_id
    )
    if only_id is not None:
        query = query.where(Replication.id == only_id)
    rows = await query.order_by(Replication.year).order_by(Replication.id).run()
    return [
        ReplicationOut(
            id=r["id"],
            unit_id=r["unit"],
            unit_name=r["unit_name"],
            year=r["year"],
            note=r["note"],
            created_at=r["created_at"],
        )
        for r in rows
    ]


async def list_replications(actor: Actor, model_id: int) -> list[ReplicationOut]:
    await visible_row(actor, model_id)
    return await _replications(model_id)


# --- reading ------------------------------------------------------------------------------------


async def get_model(actor: Actor, model_id: int, *, entries_about: EntriesAboutModel | None = None) -> ModelOut:
    row = await visible_row(actor, model_id)
    out = model_out(row, actor)
    out.years = [
        model_year_out(dict(r))
        for r in await ModelYear.select().where(ModelYear.model == model_id).order_by(ModelYear.year).run()
    ]
    out.replications = await _replications(model_id)
    out.photos = list(await media.list_photos("model", model_id))
    if entries_about is not None:
        out.entries = list(await entries_about(actor, model_id))
    return out


def _conditions(actor: Actor, filters: ModelFilters) -> list[Combinable]:
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


MAX_EXPORT_ROWS = 50_000


async def list_models(actor: Actor, page: PageParams, filters: ModelFilters) -> Page[ModelSummary]:
    conditions = _conditions(actor, filters)
    query = Model.select(
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
    count = Model.count()
    for cond in conditions:
        query = query.where(cond)
        count = count.where(cond)
    rows = await query.order_by(Model.id, ascending=False).limit(page.limit).offset(page.offset).run()
    total = await count.run()
    year_statuses: dict[int, str] = {}
    if filters.year is not None and rows:
        found = await ModelYear.select(ModelYear.model, ModelYear.status).where(
            (ModelYear.year == filters.year) & ModelYear.model.is_in([r["id"] for r in rows])
        )
        year_statuses = {r["model"]: r["status"] for r in found}
    items = [model_summary_out(dict(r), year_statuses.get(r["id"])) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def export_rows(actor: Actor, filters: ModelFilters) -> list[dict[str, Any]]:
    """Full rows of a filtered list for the spreadsheet (the same visibility as the list)."""
    query = Model.select(*_COLUMNS)
    for cond in _conditions(actor, filters):
        query = query.where(cond)
    rows = [dict(r) for r in await query.order_by(Model.code).limit(MAX_EXPORT_ROWS).run()]
    if filters.year is not None and rows:
        found = await ModelYear.select().where(ModelYear.year == filters.year)
        by_model = {r["model"]: r for r in found}
        for row in rows:
            year_row = by_model.get(row["id"])
            row["year_row"] = year_row
    for row in rows:
        row["results_list"] = _results_out(row["results"])
    return rows


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


# --- added for the pages issue ---

# The district level (cấp huyện) ended on 1 July 2025: no year after 2025 is registered at that level.
LAST_DISTRICT_YEAR = 2025


def check_level_for_year(level: ModelLevel, year: int) -> None:
    if level is ModelLevel.district and year > LAST_DISTRICT_YEAR:
        message = "Cấp huyện đã kết thúc từ ngày 01/7/2025; hãy chọn cấp cơ sở hoặc cấp tỉnh."
        raise RuleViolation(message, [FieldError(message, field="level")])


def district_offered(current_level: ModelLevel | None, year: int) -> bool:
    """Does the form offer the district level? For older records that have it, and for years up to 2025."""
    return current_level is ModelLevel.district or year <= LAST_DISTRICT_YEAR


async def delete_model(
    actor: Actor, media_domain: media.Media, model_id: int, *, entries_about: EntriesAboutModel
) -> None:
    """A draft (never submitted) goes away with its photos; anything past draft is kept (409)."""
    async with Model._meta.db.transaction():
        row = await _owned_row(actor, model_id)
        if row["status"] != ModelStatus.draft.value:
            raise Conflict("Chỉ xóa được mô hình còn là bản nháp; mô hình đã đăng ký được giữ lại trong hồ sơ.")
        if await entries_about(actor, model_id):
            raise Conflict("Mô hình đang được tác phẩm dự thi viết về; không xóa được.")
        await media.delete_photos_of(media_domain, "model", model_id)
        await Replication.delete().where(Replication.model == model_id).run()
        await Model.delete().where(Model.id == model_id).run()
        await audit.record(actor, "model.delete", "model", model_id, {"code": row["code"], "title": row["title"]})


# --- added for the pickers ---

MODEL_OPTION_LIMIT = 20


async def search_models(actor: Actor, q: str | None, limit: int = MODEL_OPTION_LIMIT) -> list[ModelSummary]:
    """The model picker's answers: models the actor may see whose code is `q` (any case) or whose title
    contains it (accents optional); the one with that code first, then the newest."""
    if contains_pattern(q or "") == "%%":
        return []
    found = await list_models(actor, PageParams(limit=limit, offset=0), ModelFilters(q=q))
    code = (q or "").strip().upper()
    return sorted(found.items, key=lambda m: m.code != code)


async def model_refs(actor: Actor, model_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Code and title of the given models the actor may see, for the chosen ones of a model picker."""
    if not model_ids:
        return {}
    query = Model.select(Model.id, Model.code, Model.title).where(Model.id.is_in(list(model_ids)))
    for condition in _conditions(actor, ModelFilters()):
        query = query.where(condition)
    return {r["id"]: (r["code"], r["title"]) for r in await query.run()}
