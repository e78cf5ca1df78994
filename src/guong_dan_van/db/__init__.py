"""Database engines: SQLite (default, embedded) or PostgreSQL, chosen by GDV_DATABASE_URL.

`make_engine(settings)` builds the app's one engine (`sqlite.py`, `postgres.py`); `use(engine)` puts it in
use for every table; `Prepared` (`prepared.py`) reruns a compiled query for the hot paths.
"""

from __future__ import annotations

import importlib
import os
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from guong_dan_van.db.postgres import PooledPostgresEngine, postgres_config
from guong_dan_van.db.prepared import Param, Prepared
from guong_dan_van.db.sqlite import PooledSQLiteEngine
from guong_dan_van.settings import Settings

__all__ = [
    "PICCOLO_APPS",
    "Param",
    "PooledPostgresEngine",
    "PooledSQLiteEngine",
    "Prepared",
    "engine_in_use",
    "make_engine",
    "postgres_config",
    "start",
    "stop",
    "table_classes",
    "use",
]

# The Piccolo apps of the domains, in an order that reads well; migration dependencies decide what runs first.
PICCOLO_APPS = [
    "guong_dan_van.units.piccolo_app",
    "guong_dan_van.accounts.piccolo_app",
    "guong_dan_van.core.piccolo_app",
    "guong_dan_van.media.piccolo_app",
    "guong_dan_van.registry.piccolo_app",
    "guong_dan_van.contest.piccolo_app",
    "guong_dan_van.judging.piccolo_app",
    "guong_dan_van.publishing.piccolo_app",
    "guong_dan_van.search.piccolo_app",
]


def make_engine(settings: Settings, *, pool_max: int | None = None) -> Engine:
    """The engine of `settings.database_url`: built once by `create_app` or a `gdv` command."""
    database_url = settings.database_url
    parsed = urlparse(database_url)
    if parsed.scheme == "sqlite":
        path = unquote(database_url[len("sqlite:///") :])
        if not path:
            raise ValueError("sqlite URL needs a path: sqlite:///path/to/file.sqlite3")
        return PooledSQLiteEngine(path=path)
    if parsed.scheme in {"postgresql", "postgres"}:
        return PooledPostgresEngine(
            config=postgres_config(database_url), pool_max=pool_max or settings.postgres_pool_max
        )
    raise ValueError(f"unsupported database URL scheme: {parsed.scheme!r}")


async def start(engine: Engine) -> None:
    if isinstance(engine, PooledPostgresEngine | PooledSQLiteEngine):
        await engine.start_connection_pool()


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine | PooledSQLiteEngine):
        await engine.close_connection_pool()
        if isinstance(engine, PostgresEngine):
            engine.pool = None


def table_classes() -> list[type[Table]]:
    """Every table of every domain, and Piccolo's own migration table."""
    from piccolo.apps.migrations.tables import Migration

    tables: list[type[Table]] = []
    for module in PICCOLO_APPS:
        tables.extend(importlib.import_module(module).APP_CONFIG.table_classes)
    return [*tables, Migration]


_in_use: Engine | None = None


def use(engine: Engine) -> None:
    """Put the app's one engine in use.

    Piccolo tables reach their engine through the table class (`Table._meta.db`), and Piccolo's
    migration runner through `piccolo_conf.DB`; both are pointed here at the engine built from the
    settings, so nothing builds an engine of its own at import.
    """
    global _in_use
    _in_use = engine
    os.environ.setdefault("PICCOLO_CONF", "guong_dan_van.piccolo_conf")
    for table in table_classes():
        table._meta.db = engine


def engine_in_use() -> Engine | None:
    return _in_use
