"""Units: create, read, list, edit, with the tree and validity rules kept sound."""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import UNSET
from piccolo.columns.combination import Combinable

from guong_dan_van.core import audit
from guong_dan_van.core.cards import Card
from guong_dan_van.core.clock import now, today_vn
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.db import Param, Prepared
from guong_dan_van.units.schemas import UnitCreate, UnitKind, UnitOut, UnitPatch
from guong_dan_van.units.tables import Unit

MAX_DEPTH = 12


def to_out(row: dict[str, Any], today: dt.date | None = None) -> UnitOut:
    today = today or today_vn()
    valid_from, valid_to = row["valid_from"], row["valid_to"]
    active = (valid_from is None or valid_from <= today) and (valid_to is None or valid_to >= today)
    return UnitOut(
        id=row["id"],
        name=row["name"],
        kind=UnitKind(row["kind"]),
        code=row["code"],
        parent_id=row["parent"],
        valid_from=valid_from,
        valid_to=valid_to,
        successor_id=row["successor"],
        active=active,
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _exists(unit_id: int) -> bool:
    return bool(await Unit.exists().where(Unit.id == unit_id).run())


async def _check_refs(
    unit_id: int | None,
    parent_id: int | None,
    successor_id: int | None,
    code: str | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> None:
    errors: list[FieldError] = []
    if parent_id is not None:
        if parent_id == unit_id:
            errors.append(FieldError("Đơn vị không thể là cấp trên của chính nó.", field="parent_id"))
        elif not await _exists(parent_id):
            errors.append(FieldError("Đơn vị cấp trên không tồn tại.", field="parent_id"))
        elif unit_id is not None and await _is_descendant(parent_id, unit_id):
            errors.append(FieldError("Không thể đặt một đơn vị cấp dưới làm cấp trên (vòng lặp).", field="parent_id"))
    if successor_id is not None:
        if successor_id == unit_id:
            errors.append(FieldError("Đơn vị không thể kế thừa chính nó.", field="successor_id"))
        elif not await _exists(successor_id):
            errors.append(FieldError("Đơn vị kế thừa không tồn tại.", field="successor_id"))
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(FieldError("Ngày hết hiệu lực phải sau ngày bắt đầu.", field="valid_to"))
    if code is not None:
        query = Unit.exists().where(Unit.code == code)
        if unit_id is not None:
            query = query.where(Unit.id != unit_id)
        if await query.run():
            errors.append(FieldError(f"Mã đơn vị {code!r} đã được dùng.", field="code"))
    if errors:
        raise RuleViolation("Thông tin đơn vị chưa hợp lệ.", errors)


async def _is_descendant(candidate: int, ancestor: int) -> bool:
    """True when `candidate` sits somewhere below `ancestor` in the tree."""
    current: int | None = candidate
    for _ in range(MAX_DEPTH * 4):
        if current is None:
            return False
        if current == ancestor:
            return True
        row = await Unit.select(Unit.parent).where(Unit.id == current).first().run()
        current = row["parent"] if row else None
    return True


async def create(actor: Actor | None, data: UnitCreate) -> UnitOut:
    name = clean_line(data.name)
    async with Unit._meta.db.transaction():
        await _check_refs(None, data.parent_id, data.successor_id, data.code, data.valid_from, data.valid_to)
        stamp = now()
        rows = (
            await Unit.insert(
                Unit(
                    name=name,
                    name_folded=fold_vietnamese(name),
                    kind=data.kind.value,
                    code=data.code,
                    parent=data.parent_id,
                    valid_from=data.valid_from,
                    valid_to=data.valid_to,
                    successor=data.successor_id,
                    version=1,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            .returning(*Unit.all_columns())
            .run()
        )
        row = dict(rows[0])
        await audit.record(actor, "unit.create", "unit", row["id"], {"name": name, "kind": data.kind.value})
    return to_out(row)


_UNIT_BY_ID = Prepared(lambda: Unit.select(*Unit.all_columns()).where(Unit.id == Param("id")).first())


async def get_row(unit_id: int) -> dict[str, Any]:
    ensure_id(unit_id, "Đơn vị")
    row = await _UNIT_BY_ID.first(Unit, id=unit_id)
    ensure_found(row is not None, "Đơn vị")
    assert row is not None
    return row


async def get(unit_id: int) -> UnitOut:
    return to_out(await get_row(unit_id))


async def list_units(
    page: PageParams,
    kind: UnitKind | None = None,
    parent_id: int | None = None,
    q: str | None = None,
    active: bool | None = None,
) -> Page[UnitOut]:
    query = Unit.select(*Unit.all_columns())
    count = Unit.count()
    conditions: list[Combinable] = []
    if kind is not None:
        conditions.append(Unit.kind == kind.value)
    if parent_id is not None:
        conditions.append(Unit.parent == parent_id)
    if q:
        conditions.append(Unit.name_folded.like(contains_pattern(q)))
    if active is not None:
        today = today_vn()
        if active:
            conditions.append((Unit.valid_to.is_null()) | (Unit.valid_to >= today))
        else:
            conditions.append(Unit.valid_to < today)
    for cond in conditions:
        query = query.where(cond)
        count = count.where(cond)
    rows = await query.order_by(Unit.id).limit(page.limit).offset(page.offset).run()
    total = await count.run()
    today = today_vn()
    return Page(items=[to_out(dict(r), today) for r in rows], total=total, limit=page.limit, offset=page.offset)


async def names_for(unit_ids: set[int]) -> dict[int, str]:
    """Names of the given units, for labels in lists (one query)."""
    if not unit_ids:
        return {}
    rows = await Unit.select(Unit.id, Unit.name).where(Unit.id.is_in(list(unit_ids))).run()
    return {r["id"]: r["name"] for r in rows}


async def patch(actor: Actor | None, unit_id: int, data: UnitPatch) -> UnitOut:
    async with Unit._meta.db.transaction():
        before = await get_row(unit_id)
        changes: dict[str, Any] = {}
        if data.name is not UNSET:
            changes["name"] = clean_line(data.name)
            changes["name_folded"] = fold_vietnamese(changes["name"])
        if data.kind is not UNSET:
            changes["kind"] = data.kind.value
        for field, column in (("parent_id", "parent"), ("successor_id", "successor")):
            value = getattr(data, field)
            if value is not UNSET:
                changes[column] = value
        for field in ("code", "valid_from", "valid_to"):
            value = getattr(data, field)
            if value is not UNSET:
                changes[field] = value
        merged = {**before, **changes}
        await _check_refs(
            unit_id,
            merged["parent"] if "parent" in changes else None,
            merged["successor"] if "successor" in changes else None,
            merged["code"] if "code" in changes else None,
            merged["valid_from"],
            merged["valid_to"],
        )
        row = await update_versioned(Unit, unit_id, data.version, changes)
        await audit.record(actor, "unit.update", "unit", unit_id, audit.diff(before, changes))
    return to_out(row)


async def dashboard_cards(actor: Actor) -> list[Card]:
    if not actor.is_admin:
        return []
    return [Card("Đơn vị", await Unit.count().run(), "/units")]
