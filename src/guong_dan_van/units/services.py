"""Units: create, read, list, edit, with the tree and validity rules kept sound."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from msgspec import UNSET
from piccolo.columns.combination import Combinable, Or, WhereRaw

from guong_dan_van.core import audit
from guong_dan_van.core.cards import Card
from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import Row, insert_audited, list_page, typed, typed_all, update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.db import Param, Prepared
from guong_dan_van.search import outbox as search_outbox
from guong_dan_van.units.schemas import UnitCreate, UnitKind, UnitOption, UnitOut, UnitPatch
from guong_dan_van.units.tables import Unit, UnitRow

MAX_DEPTH = 12


def _active(valid_from: dt.date | None, valid_to: dt.date | None, today: dt.date) -> bool:
    return (valid_from is None or valid_from <= today) and (valid_to is None or valid_to >= today)


def unit_out(unit: UnitRow, today: dt.date | None = None) -> UnitOut:
    today = today or today_vn()
    valid_from, valid_to = unit.valid_from, unit.valid_to
    active = _active(valid_from, valid_to, today)
    return UnitOut(
        id=unit.id,
        name=unit.name,
        kind=UnitKind(unit.kind),
        code=unit.code,
        parent_id=unit.parent,
        valid_from=valid_from,
        valid_to=valid_to,
        successor_id=unit.successor,
        active=active,
        version=unit.version,
        created_at=unit.created_at,
        updated_at=unit.updated_at,
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


async def create_unit(actor: Actor | None, data: UnitCreate) -> UnitOut:
    name = clean_line(data.name)
    async with Unit._meta.db.transaction():
        await _check_refs(None, data.parent_id, data.successor_id, data.code, data.valid_from, data.valid_to)
        unit = await insert_audited(
            Unit,
            UnitRow,
            {
                "name": name,
                "name_folded": fold_vietnamese(name),
                "kind": data.kind.value,
                "code": data.code,
                "parent": data.parent_id,
                "valid_from": data.valid_from,
                "valid_to": data.valid_to,
                "successor": data.successor_id,
            },
            actor=actor,
            action="unit.create",
            changes={"name": name, "kind": data.kind.value},
        )
    return unit_out(unit)


_UNIT_BY_ID = Prepared(lambda: Unit.select(*Unit.all_columns()).where(Unit.id == Param("id")).first())


async def get_unit_row(unit_id: int) -> UnitRow:
    ensure_id(unit_id, "Đơn vị")
    row = await _UNIT_BY_ID.first(Unit, id=unit_id)
    ensure_found(row is not None, "Đơn vị")
    assert row is not None
    return typed(row, UnitRow)


async def get_unit(unit_id: int) -> UnitOut:
    return unit_out(await get_unit_row(unit_id))


async def list_units(
    page: PageParams,
    kind: UnitKind | None = None,
    parent_id: int | None = None,
    q: str | None = None,
    active: bool | None = None,
) -> Page[UnitOut]:
    conditions: list[Combinable] = []
    if kind is not None:
        conditions.append(Unit.kind == kind.value)
    if parent_id is not None:
        conditions.append(Unit.parent == parent_id)
    if q:
        conditions.append(Or(Unit.name_folded.like(contains_pattern(q)), _code_is(q)))
    if active is not None:
        today = today_vn()
        if active:
            conditions.append((Unit.valid_to.is_null()) | (Unit.valid_to >= today))
        else:
            conditions.append(Unit.valid_to < today)
    today = today_vn()
    rows = await list_page(Unit, UnitRow, page, conditions)
    return rows.map(lambda unit: unit_out(unit, today))


def _code_is(q: str) -> WhereRaw:
    """The code, whatever its case (served by the `unit_code_lower` index)."""
    return WhereRaw("lower(code) = {}", q.strip().lower())


# --- the picker -------------------------------------------------------------------------------------
# Every unit field of the pages searches all units as the user types: by code (any case) or by name
# (accents optional), best matches first, each with its parent's name to tell two "Xã Tân Hòa" apart.

OPTION_LIMIT = 20
_OPTION_SELECT = (
    "SELECT u.id, u.name, u.code, u.kind, u.valid_from, u.valid_to, p.name AS parent_name"
    " FROM unit u LEFT JOIN unit p ON p.id = u.parent"
)
# Exact code: an index lookup (`unit_code_lower`).
_BY_CODE = _OPTION_SELECT + " WHERE lower(u.code) = {}"
# Names: starting with the text, then a word starting with it, then containing it; codes starting with it.
# No B-tree serves a LIKE '%…%': this reads the folded names of all units (a few thousand short strings).
_BY_NAME = (
    _OPTION_SELECT + " WHERE u.name_folded LIKE {} OR lower(u.code) LIKE {}"
    " ORDER BY CASE WHEN u.name_folded LIKE {} THEN 1 WHEN lower(u.code) LIKE {} THEN 2"
    " WHEN u.name_folded LIKE {} THEN 3 ELSE 4 END, length(u.name_folded), u.name_folded, u.id LIMIT {}"
)


class _OptionRow(Row):
    id: int
    name: str
    code: str | None
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_name: str | None


async def search_units(q: str | None, limit: int = OPTION_LIMIT) -> list[UnitOption]:
    """Units whose code is `q` (any case), then whose folded name starts with, has a word starting with,
    or contains the folded `q`, then whose code starts with it; at most `limit`, none for an empty `q`."""
    needle = fold_vietnamese(q or "").replace("%", "").replace("_", "")
    if not needle:
        return []
    code = (q or "").strip().lower()
    rows = typed_all(await Unit.raw(_BY_CODE, code).run(), _OptionRow)
    prefix, word, contains = f"{needle}%", f"% {needle}%", f"%{needle}%"
    code_prefix = code.replace("%", "").replace("_", "") + "%"
    args = (contains, code_prefix, prefix, code_prefix, word, limit + len(rows))
    seen = {r.id for r in rows}
    rows += [r for r in typed_all(await Unit.raw(_BY_NAME, *args).run(), _OptionRow) if r.id not in seen]
    today = today_vn()
    return [
        UnitOption(
            id=r.id,
            name=r.name,
            code=r.code,
            kind=UnitKind(r.kind),
            parent_name=r.parent_name,
            active=_active(r.valid_from, r.valid_to, today),
        )
        for r in rows[:limit]
    ]


async def names_for(unit_ids: set[int]) -> dict[int, str]:
    """Names of the given units, for labels in lists (one query)."""
    if not unit_ids:
        return {}
    rows = await Unit.select(Unit.id, Unit.name).where(Unit.id.is_in(list(unit_ids))).run()
    return {r["id"]: r["name"] for r in rows}


async def patch_unit(actor: Actor | None, unit_id: int, data: UnitPatch) -> UnitOut:
    async with Unit._meta.db.transaction():
        before = await get_unit_row(unit_id)
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
        merged = {**msgspec.structs.asdict(before), **changes}
        await _check_refs(
            unit_id,
            merged["parent"] if "parent" in changes else None,
            merged["successor"] if "successor" in changes else None,
            merged["code"] if "code" in changes else None,
            merged["valid_from"],
            merged["valid_to"],
        )
        row = await update_versioned(Unit, UnitRow, unit_id, data.version, changes)
        await audit.record(actor, "unit.update", "unit", unit_id, audit.diff(before, changes))
        if "name" in changes and changes["name"] != before.name:
            await search_outbox.enqueue_unit(unit_id)  # the unit's name is searched in its records
    return unit_out(row)


async def dashboard_cards(actor: Actor) -> list[Card]:
    if not actor.is_admin:
        return []
    return [Card("Đơn vị", await Unit.count().run(), "/units")]
