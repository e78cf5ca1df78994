"""The one audit helper: every write records who did it, when, and what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from guong_dan_van.core.permissions import Actor
from guong_dan_van.core.tables import AuditEntry


def _plain(value: Any) -> Any:
    return msgspec.to_builtins(value, str_keys=True)


def diff(before: Mapping[str, Any] | msgspec.Struct, after: Mapping[str, Any]) -> dict[str, Any]:
    """Fields whose value changed, as {"field": [old, new]}; `before` is a row (Struct) or a mapping."""
    old = msgspec.structs.asdict(before) if isinstance(before, msgspec.Struct) else before
    return {key: [_plain(old.get(key)), _plain(value)] for key, value in after.items() if old.get(key) != value}


async def record(
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: int | None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Call inside the transaction of the change it describes, so both land or neither does."""
    await AuditEntry.insert(
        AuditEntry(
            at=dt.datetime.now(dt.UTC),
            actor_id=actor.id if actor else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            changes=msgspec.json.encode(_plain(changes or {})).decode(),
            address=actor.address if actor else None,
        )
    ).run()


class AuditRecord(msgspec.Struct, kw_only=True):
    """One row of the audit log as pages show it."""

    id: int
    at: dt.datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: int | None
    changes: Any
    address: str | None


async def history(object_type: str, object_id: int, limit: int = 100) -> list[AuditRecord]:
    """What happened to one object, newest first."""
    rows = (
        await AuditEntry.select()
        .where((AuditEntry.object_type == object_type) & (AuditEntry.object_id == object_id))
        .order_by(AuditEntry.id, ascending=False)
        .limit(limit)
        .run()
    )
    return [msgspec.convert(row, AuditRecord, strict=False) for row in rows]
