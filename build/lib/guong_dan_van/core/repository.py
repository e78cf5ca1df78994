"""The data-access helpers every domain's services use: typed rows, audited inserts, optimistic updates,
and filtered, counted, paginated lists.

Rows leave Piccolo as dicts and are decoded at once into the domain's row Struct (declared beside its
table in `tables.py`), so services work with typed objects: `unit.name`, not `row["name"]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import msgspec
from piccolo.columns import Column
from piccolo.columns.combination import Combinable
from piccolo.table import Table

from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import StaleVersion
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor
from guong_dan_van.core.schemas import Page

RowT = TypeVar("RowT")


class Row(msgspec.Struct, kw_only=True):
    """Base of the row types: one field per selected column, named as the column (or its alias)."""


def typed(row: Mapping[str, Any], row_type: type[RowT]) -> RowT:
    return msgspec.convert(row, row_type, strict=False)


def typed_all(rows: Iterable[Mapping[str, Any]], row_type: type[RowT]) -> list[RowT]:
    return [msgspec.convert(row, row_type, strict=False) for row in rows]


def _has_column(table: type[Table], name: str) -> bool:
    return any(c._meta.name == name for c in table._meta.columns)


async def insert_audited(
    table: type[Table],
    row_type: type[RowT],
    values: Mapping[str, Any],
    *,
    actor: Actor | None,
    action: str,
    changes: Mapping[str, Any] | None = None,
) -> RowT:
    """Insert a new row — version 1 and both timestamps where the table has them — and its audit
    record (`action` like "unit.create": the object type comes before the dot), in one transaction."""
    stamp = now()
    full = dict(values)
    if _has_column(table, "version"):
        full["version"] = 1
    for name in ("created_at", "updated_at"):
        if _has_column(table, name):
            full[name] = stamp
    async with table._meta.db.transaction():
        rows = await table.insert(table(**full)).returning(*table.all_columns()).run()
        row = typed(rows[0], row_type)
        object_type = action.split(".", 1)[0]
        await audit.record(actor, action, object_type, getattr(row, "id", None), dict(changes or {}))
    return row


async def update_versioned(
    table: type[Table],
    row_type: type[RowT],
    object_id: int,
    version: int,
    values: Mapping[str, Any],
    *,
    touch: bool = True,
) -> RowT:
    """Optimistic update: apply only if the row still has `version`, then bump it.

    The caller has already checked that the row exists and is visible, so a miss here means
    somebody else saved first: 409, and nothing is written.
    """
    col = table._meta.get_column_by_name
    payload: dict[Any, Any] = {col(k): v for k, v in values.items()}
    payload[col("version")] = version + 1
    if touch and _has_column(table, "updated_at"):
        payload[col("updated_at")] = now()
    rows = (
        await table.update(payload)
        .where((table._meta.primary_key == object_id) & (col("version") == version))
        .returning(*table.all_columns())
        .run()
    )
    if not rows:
        raise StaleVersion(
            "Bản ghi đã được người khác sửa sau khi bạn mở nó. Hãy tải lại để xem bản mới nhất rồi sửa lại.",
            current_version=await current_version(table, object_id),
        )
    return typed(rows[0], row_type)


async def current_version(table: type[Table], object_id: int) -> int | None:
    row = (
        await table.select(table._meta.get_column_by_name("version"))
        .where(table._meta.primary_key == object_id)
        .first()
        .run()
    )
    return None if row is None else int(row["version"])


async def list_page(
    table: type[Table],
    row_type: type[RowT],
    page: PageParams,
    conditions: Sequence[Combinable],
    *,
    columns: Sequence[Any] = (),
    order_by: Sequence[tuple[Column, bool]] = (),
) -> Page[RowT]:
    """One page of the rows matching every condition, and how many match in all.

    `order_by` is (column, ascending) pairs; the primary key always breaks ties, so pages never overlap."""
    query = table.select(*(columns or table.all_columns()))
    count = table.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    for column, ascending in (*order_by, (table._meta.primary_key, True)):
        query = query.order_by(column, ascending=ascending)
    rows = await query.limit(page.limit).offset(page.offset).run()
    return Page(items=typed_all(rows, row_type), total=await count.run(), limit=page.limit, offset=page.offset)
