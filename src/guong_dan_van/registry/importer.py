"""Bulk import of an existing list of models from .xlsx: a dry run that reports every bad row, then all or nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import anyio.to_thread
import msgspec

from guong_dan_van.core import audit
from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.errors import FieldError, Forbidden, RuleViolation
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.registry import excel, services
from guong_dan_van.registry.schemas import ImportReport, ImportRowError, ModelCreate, YearStatus
from guong_dan_van.registry.tables import Model
from guong_dan_van.units.tables import Unit


@dataclass
class _Plan:
    row: int
    unit_id: int
    data: ModelCreate
    year: int | None
    status: YearStatus | None
    decision_no: str | None
    decision_date: dt.date | None


_FIELD_HEADERS = {c.key: c.header for c in excel.COLUMNS}


class _UnitRef(Row):
    """What a sheet may name a unit by."""

    id: int
    code: str | None
    name_folded: str


class _Registered(Row):
    """A model a unit already has, by its folded title."""

    unit: int
    title_folded: str
    code: str


class _Units:
    def __init__(self, units: list[_UnitRef]) -> None:
        self.by_code = {u.code.upper(): u.id for u in units if u.code}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for u in units:
            self.by_name[u.name_folded].append(u.id)

    def find(self, ref: str) -> tuple[int | None, str | None]:
        by_code = self.by_code.get(ref.strip().upper())
        if by_code is not None:
            return by_code, None
        matches = self.by_name.get(fold_vietnamese(ref), [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return None, f"Có nhiều đơn vị tên “{ref}”; hãy ghi mã đơn vị."
        return None, f"Không tìm thấy đơn vị “{ref}” (ghi mã hoặc tên đầy đủ)."


def _msgspec_error(row: int, exc: msgspec.ValidationError) -> ImportRowError:
    message = str(exc)
    key = message.rsplit("$.", 1)[-1].split("[", 1)[0].rstrip("`") if "$." in message else None
    return ImportRowError(row=row, column=_FIELD_HEADERS.get(key or ""), message=f"Giá trị không hợp lệ: {message}")


async def import_models(actor: Actor, content: bytes, *, dry_run: bool) -> ImportReport:
    if not actor.is_admin and (actor.role is not Role.unit or actor.unit_id is None):
        raise Forbidden("Chỉ biên tập viên của đơn vị hoặc Ban tổ chức được nhập danh sách mô hình.")
    rows = await anyio.to_thread.run_sync(excel.read_rows, content)
    sheet = excel.parse_sheet(rows)
    errors = [ImportRowError(row=e.row, column=e.column, message=e.message) for e in sheet.errors]
    units = _Units(typed_all(await Unit.select(Unit.id, Unit.code, Unit.name_folded).run(), _UnitRef))
    today = today_vn()
    plans: list[_Plan] = []
    seen: dict[tuple[int, str], int] = {}
    for parsed in sheet.rows:
        row_errors: list[ImportRowError] = []

        def bad(key: str | None, message: str, row: int = parsed.row, sink: list[ImportRowError] = row_errors) -> None:
            sink.append(ImportRowError(row=row, column=_FIELD_HEADERS.get(key or ""), message=message))

        unit_id: int | None = None
        if parsed.unit_ref:
            unit_id, problem = units.find(parsed.unit_ref)
            if problem:
                bad("unit", problem)
        elif actor.is_admin:
            bad("unit", "Cần ghi đơn vị (mã hoặc tên).")
        else:
            unit_id = actor.unit_id
        if unit_id is not None and not actor.is_admin and unit_id != actor.unit_id:
            bad("unit", "Đơn vị chỉ được nhập mô hình của chính mình.")
        if parsed.decision is not None and not actor.is_admin:
            bad("decision", "Chỉ Ban tổ chức được nhập kết quả thẩm định.")
        if parsed.year is not None and parsed.year > today.year + 1:
            bad("year", f"Năm {parsed.year} chưa tới.")
        if parsed.values.get("started_year") and parsed.values["started_year"] > today.year:
            bad("started_year", "Năm bắt đầu không được sau năm hiện tại.")
        if parsed.decision_date is not None and parsed.decision_date > today:
            bad("decision_date", "Ngày quyết định không được sau hôm nay.")
        data: ModelCreate | None = None
        try:
            data = msgspec.convert({**parsed.values, "unit_id": unit_id}, ModelCreate)
        except msgspec.ValidationError as exc:
            row_errors.append(_msgspec_error(parsed.row, exc))
        if data is not None and unit_id is not None:
            key = (unit_id, fold_vietnamese(data.title))
            if key in seen:
                bad("title", f"Trùng với dòng {seen[key]} (cùng đơn vị, cùng tên).")
            seen.setdefault(key, parsed.row)
        if row_errors or data is None or unit_id is None:
            errors.extend(row_errors)
            continue
        status = YearStatus.submitted if parsed.year is not None else None
        if parsed.decision is not None:
            status = YearStatus(parsed.decision.value)
        plans.append(_Plan(parsed.row, unit_id, data, parsed.year, status, parsed.decision_no, parsed.decision_date))
    errors.extend(await _already_registered(plans))
    errors.sort(key=lambda e: e.row)
    report = ImportReport(
        dry_run=dry_run,
        rows=sheet.data_rows,
        valid_rows=len(plans) - len({e.row for e in errors} & {p.row for p in plans}),
        created=0,
        errors=errors,
        codes=[],
        ignored_columns=sheet.ignored_columns,
    )
    if dry_run:
        return report
    if errors or not plans:
        detail = (
            f"Bảng tính có {len({e.row for e in errors})} dòng lỗi; chưa nhập dòng nào."
            if errors
            else "Bảng tính không có dòng dữ liệu nào."
        )
        raise RuleViolation(
            detail,
            [FieldError(e.message, field=f"row {e.row}" + (f": {e.column}" if e.column else "")) for e in errors],
            rows=[msgspec.to_builtins(e) for e in errors],
        )
    async with Model._meta.db.transaction():
        for plan in plans:
            model_id, code = await services.insert_model(
                actor, plan.unit_id, plan.data, code_year=plan.year or today.year
            )
            if plan.year is not None and plan.status is not None:
                await services.record_past_year(
                    actor, model_id, plan.year, plan.status, plan.decision_no, plan.decision_date
                )
            report.codes.append(code)
        await audit.record(actor, "model.import", "model", None, {"rows": len(plans), "codes": report.codes})
    report.created = len(plans)
    return report


async def _already_registered(plans: list[_Plan]) -> list[ImportRowError]:
    """Rows naming a model its unit already has: importing the same list twice must not double it."""
    if not plans:
        return []
    unit_ids = sorted({p.unit_id for p in plans})
    existing = await Model.select(Model.unit, Model.title_folded, Model.code).where(Model.unit.is_in(unit_ids)).run()
    known = {(m.unit, m.title_folded): m.code for m in typed_all(existing, _Registered)}
    out = []
    for plan in plans:
        code = known.get((plan.unit_id, fold_vietnamese(plan.data.title)))
        if code:
            out.append(
                ImportRowError(
                    row=plan.row,
                    column=_FIELD_HEADERS["title"],
                    message=f"Đơn vị đã có mô hình cùng tên ({code}).",
                )
            )
    return out
