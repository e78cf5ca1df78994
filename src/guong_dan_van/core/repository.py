"""Small data-access helpers shared by every domain's services."""

from __future__ import annotations

from typing import Any

from piccolo.table import Table

from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import StaleVersion


async def update_versioned(
    table: type[Table], object_id: int, version: int, values: dict[str, Any], *, touch: bool = True
) -> dict[str, Any]:
    """Optimistic update: apply only if the row still has `version`, then bump it.

    The caller has already checked that the row exists and is visible, so a miss here means
    somebody else saved first: 409, and nothing is written.
    """
    col = table._meta.get_column_by_name
    payload: dict[Any, Any] = {col(k): v for k, v in values.items()}
    payload[col("version")] = version + 1
    if touch and any(c._meta.name == "updated_at" for c in table._meta.columns):
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
    return dict(rows[0])


async def current_version(table: type[Table], object_id: int) -> int | None:
    row = (
        await table.select(table._meta.get_column_by_name("version"))
        .where(table._meta.primary_key == object_id)
        .first()
        .run()
    )
    return None if row is None else int(row["version"])
