"""Database engines: SQLite (default, embedded) or PostgreSQL, chosen by GDV_DATABASE_URL.

Piccolo's stock SQLite engine opens a new connection for every query outside a transaction and
lets concurrent writers race for the file lock ("database is locked"). `PooledSQLiteEngine` keeps
persistent connections instead: a few readers (WAL lets them run beside a writer) and one writer
whose transactions are serialised by an asyncio lock inside the process and by `BEGIN IMMEDIATE`
plus a busy timeout between processes. PostgreSQL uses Piccolo's asyncpg pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote, urlparse

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

BUSY_TIMEOUT_MS = 30_000


class _Pool:
    """Persistent connections bound to one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self.all_readers: list[aiosqlite.Connection] = []
        self.writer: aiosqlite.Connection | None = None
        self.write_lock = asyncio.Lock()


class PooledSQLiteTransaction(SQLiteTransaction):
    """A write transaction on the engine's single writer connection, held under its lock."""

    engine: PooledSQLiteEngine

    async def __aenter__(self) -> PooledSQLiteTransaction:
        if self._parent is not None:
            return self._parent  # type: ignore[return-value]
        pool = await self.engine.pool()
        await pool.write_lock.acquire()
        try:
            assert pool.writer is not None
            self.connection = pool.writer
            await self.begin()
        except BaseException:
            pool.write_lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        pool = await self.engine.pool()
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            pool.write_lock.release()
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    def __init__(self, path: str, readers: int = 4, **kwargs: Any) -> None:
        super().__init__(path=path, timeout=BUSY_TIMEOUT_MS / 1000, **kwargs)
        self.reader_count = max(1, readers)
        self._pools: dict[asyncio.AbstractEventLoop, _Pool] = {}
        self._opening: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(**self.connection_kwargs)
        conn.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "foreign_keys = 1", "synchronous = NORMAL"):
            await self._execute(conn, f"PRAGMA {pragma}", [])
        return conn

    async def pool(self) -> _Pool:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is not None:
            return pool
        lock = self._opening.setdefault(loop, asyncio.Lock())
        async with lock:
            pool = self._pools.get(loop)
            if pool is not None:
                return pool
            pool = _Pool(loop)
            pool.writer = await self._connect()
            await self._execute(pool.writer, "PRAGMA journal_mode = WAL", [])
            for _ in range(self.reader_count):
                conn = await self._connect()
                pool.all_readers.append(conn)
                pool.readers.put_nowait(conn)
            self._pools[loop] = pool
            return pool

    async def start_connection_pool(self, **_: Any) -> None:
        await self.pool()

    async def close_connection_pool(self) -> None:
        loop = asyncio.get_running_loop()
        pool = self._pools.pop(loop, None)
        self._opening.pop(loop, None)
        if pool is None:
            return
        for conn in [*pool.all_readers, pool.writer]:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()

    @contextlib.asynccontextmanager
    async def reader(self) -> AsyncIterator[aiosqlite.Connection]:
        pool = await self.pool()
        conn = await pool.readers.get()
        try:
            yield conn
        finally:
            pool.readers.put_nowait(conn)

    async def _execute(self, conn: aiosqlite.Connection, query: str, args: list[Any]) -> list[dict[str, Any]]:
        async with conn.execute(query, args) as cursor:
            return list(await cursor.fetchall())  # type: ignore[arg-type]

    async def _run(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        current = self.current_transaction.get()
        if current:
            return await self._execute(current.connection, query, args)
        head = query.lstrip()[:6].upper()
        if head == "SELECT":
            async with self.reader() as conn:
                return await self._execute(conn, query, args)
        pool = await self.pool()
        async with pool.write_lock:
            assert pool.writer is not None
            return await self._execute(pool.writer, query, args)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        query, args = querystring.compile_string(engine_type=self.engine_type)
        if self.log_queries:
            self.print_query(query_id=self.get_query_id(), query=str(querystring))
        return await self._run(query, list(args))

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        if self.log_queries:
            self.print_query(query_id=self.get_query_id(), query=ddl)
        return await self._run(ddl, [])

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> PooledSQLiteTransaction:
        return PooledSQLiteTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)


def make_engine(database_url: str, *, sqlite_readers: int = 4, postgres_pool_max: int = 10) -> Engine:
    parsed = urlparse(database_url)
    if parsed.scheme == "sqlite":
        path = unquote(database_url[len("sqlite:///") :])
        if not path:
            raise ValueError("sqlite URL needs a path: sqlite:///path/to/file.sqlite3")
        return PooledSQLiteEngine(path=path, readers=sqlite_readers)
    if parsed.scheme in {"postgresql", "postgres"}:
        config: dict[str, Any] = {
            "host": parsed.hostname or "127.0.0.1",
            "port": parsed.port or 5432,
            "database": unquote(parsed.path.lstrip("/")) or "postgres",
            "user": unquote(parsed.username) if parsed.username else "postgres",
        }
        if parsed.password:
            config["password"] = unquote(parsed.password)
        return PooledPostgresEngine(config=config, pool_max=postgres_pool_max)
    raise ValueError(f"unsupported database URL scheme: {parsed.scheme!r}")


class PooledPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine with the pool size coming from settings."""

    def __init__(self, config: dict[str, Any], pool_max: int = 10) -> None:
        super().__init__(config=config, log_queries=False)
        self.pool_max = pool_max

    async def start_connection_pool(self, **kwargs: Any) -> None:
        if self.pool is None:
            await super().start_connection_pool(min_size=1, max_size=self.pool_max, **kwargs)


async def start(engine: Engine) -> None:
    if isinstance(engine, PooledPostgresEngine | PooledSQLiteEngine):
        await engine.start_connection_pool()


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine | PooledSQLiteEngine):
        await engine.close_connection_pool()
        if isinstance(engine, PostgresEngine):
            engine.pool = None


def bind(engine: Engine) -> None:
    """Point every table (ours and Piccolo's migration table) at this engine."""
    from piccolo.apps.migrations.tables import Migration
    from piccolo.conf.apps import Finder

    from guong_dan_van import piccolo_conf

    piccolo_conf.DB = engine
    tables: list[type[Table]] = [*Finder().get_table_classes(), Migration]
    for table in tables:
        table._meta.db = engine


def sqlite_version() -> str:
    return sqlite3.sqlite_version
