"""SQLite, the embedded default: persistent connections instead of one per query.

Piccolo's stock SQLite engine opens a new connection for every query outside a transaction and
lets concurrent writers race for the file lock ("database is locked"). `PooledSQLiteEngine` keeps
persistent connections instead:
- reads outside a transaction run on one persistent stdlib connection, synchronously on the event
  loop: in WAL mode a read never waits for a lock, and an indexed lookup costs ~10 µs, while the
  three thread hops aiosqlite needs per query cost ~200 µs;
- writes and transactions run on one persistent aiosqlite writer, serialised by an asyncio lock
  inside the process and by `BEGIN IMMEDIATE` plus a busy timeout between processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString

BUSY_TIMEOUT_MS = 30_000
_PRAGMAS = (f"busy_timeout = {BUSY_TIMEOUT_MS}", "foreign_keys = 1", "synchronous = NORMAL")


class _Writer:
    """The writer connection of one event loop, and the lock that serialises its transactions."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self.lock = asyncio.Lock()


class PooledSQLiteTransaction(SQLiteTransaction):
    """A write transaction on the engine's single writer connection, held under its lock."""

    engine: PooledSQLiteEngine

    async def __aenter__(self) -> PooledSQLiteTransaction:
        if self._parent is not None:
            return self._parent  # type: ignore[return-value]
        writer = await self.engine.writer()
        await writer.lock.acquire()
        try:
            self.connection = writer.connection
            await self.begin()
        except BaseException:
            writer.lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        writer = await self.engine.writer()
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            writer.lock.release()
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path=path, timeout=BUSY_TIMEOUT_MS / 1000, **kwargs)
        self._writers: dict[asyncio.AbstractEventLoop, _Writer] = {}
        self._opening: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._reader: sqlite3.Connection | None = None

    async def writer(self) -> _Writer:
        loop = asyncio.get_running_loop()
        writer = self._writers.get(loop)
        if writer is not None:
            return writer
        async with self._opening.setdefault(loop, asyncio.Lock()):
            writer = self._writers.get(loop)
            if writer is None:
                pending = aiosqlite.connect(**self.connection_kwargs)
                # aiosqlite's worker thread is not a daemon: a connection nobody closed (an event loop
                # that ended without the lifespan's shutdown) would keep the process alive at exit.
                # Every COMMIT is already durable, so letting the thread die with the process loses nothing.
                pending._thread.daemon = True
                conn = await pending
                conn.row_factory = dict_factory  # type: ignore[assignment]
                for pragma in (*_PRAGMAS, "journal_mode = WAL"):
                    await self._execute(conn, f"PRAGMA {pragma}", [])
                writer = self._writers[loop] = _Writer(conn)
            return writer

    def reader(self) -> sqlite3.Connection:
        if self._reader is None:
            conn = sqlite3.connect(**{**self.connection_kwargs, "check_same_thread": False})
            conn.row_factory = dict_factory
            for pragma in _PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            self._reader = conn
        return self._reader

    async def start_connection_pool(self, **_: Any) -> None:
        await self.writer()

    async def close_connection_pool(self) -> None:
        loop = asyncio.get_running_loop()
        writer = self._writers.pop(loop, None)
        self._opening.pop(loop, None)
        if writer is not None:
            with contextlib.suppress(Exception):
                await writer.connection.close()
        if self._reader is not None and not self._writers:
            self._reader.close()
            self._reader = None

    async def _execute(self, conn: aiosqlite.Connection, query: str, args: list[Any]) -> list[dict[str, Any]]:
        async with conn.execute(query, args) as cursor:
            return list(await cursor.fetchall())  # type: ignore[arg-type]

    async def fetch(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        current = self.current_transaction.get()
        if current:
            return await self._execute(current.connection, query, args)
        if query.lstrip()[:6].upper() == "SELECT":
            return self.reader().execute(query, args).fetchall()
        writer = await self.writer()
        async with writer.lock:
            return await self._execute(writer.connection, query, args)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        query, args = querystring.compile_string(engine_type=self.engine_type)
        if self.log_queries:
            self.print_query(query_id=self.get_query_id(), query=str(querystring))
        return await self.fetch(query, list(args))

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        if self.log_queries:
            self.print_query(query_id=self.get_query_id(), query=ddl)
        return await self.fetch(ddl, [])

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> PooledSQLiteTransaction:
        return PooledSQLiteTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)
