"""`Prepared` compiles a Piccolo query once per engine and reruns its SQL with fresh values: for the
queries every request makes (the session lookup), Piccolo's per-call building and post-processing
cost more than the query itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from piccolo.table import Table


class Param:
    """A named placeholder in a `Prepared` query."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Prepared:
    """A Piccolo query built and compiled once per engine type, then run with fresh values.

    Build it with `Param("name")` where values go: `Prepared(lambda: T.select(...).where(T.id == Param("id")))`.
    Rows come back as plain dicts with the driver's types (no Piccolo output processing).
    """

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[str, list[Any]]] = {}

    def _sql(self, engine_type: str) -> tuple[str, list[Any]]:
        compiled = self._compiled.get(engine_type)
        if compiled is None:
            sql, args = self._build().querystrings[0].compile_string(engine_type=engine_type)
            compiled = self._compiled[engine_type] = (sql, list(args))
        return compiled

    async def rows(self, table: type[Table], **values: Any) -> list[dict[str, Any]]:
        engine = table._meta.db
        sql, template = self._sql(engine.engine_type)
        args = [values[a.name] if isinstance(a, Param) else a for a in template]
        return await engine.fetch(sql, args)  # type: ignore[attr-defined]

    async def first(self, table: type[Table], **values: Any) -> dict[str, Any] | None:
        rows = await self.rows(table, **values)
        return rows[0] if rows else None
