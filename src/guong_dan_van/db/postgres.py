"""PostgreSQL through asyncpg: one round trip per query, connections reused without the pool's overhead."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlparse

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.querystring import QueryString


async def _release_without_reset_query(connection: asyncpg.Connection) -> None:
    """The pool's `reset` hook: nothing to send, the connection holds no session state.

    asyncpg runs `Connection._reset()` before this hook, and that part is kept: a connection given
    back with a transaction still open (a task cancelled between BEGIN and COMMIT, a failed commit)
    is rolled back there, and the check costs nothing otherwise (the server reports the transaction
    status with every reply). What the default hook adds is one more round trip on every release,
    `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;`, for session state this app
    never creates: no session-level SET, LISTEN, advisory lock, WITH HOLD cursor or temporary table
    (code that needs one uses the transaction-scoped form: SET LOCAL, pg_advisory_xact_lock).
    """


def _open_outside_transaction(conn: Any) -> bool:
    """Whether a leased connection can serve the next query as it is."""
    try:
        return not conn.is_closed() and not conn.is_in_transaction()
    except asyncpg.InterfaceError:  # lost: the pool has taken it back already
        return False


class PooledPostgresTransaction(PostgresTransaction):
    """Piccolo's transaction on a connection leased through the engine (see `PooledPostgresEngine`).

    Unlike Piccolo's, it hands the connection back and resets the current transaction even when
    COMMIT or ROLLBACK fails or is cancelled; such a connection goes back to asyncpg's pool, which
    rolls back whatever is still open.
    """

    engine: PooledPostgresEngine

    async def __aenter__(self) -> PooledPostgresTransaction:
        if self._parent is not None:
            return self._parent  # type: ignore[return-value]
        self.connection = await self.get_connection()
        self.transaction = self.connection.transaction()
        try:
            await self.begin()
        except BaseException:
            if self.engine.pool is not None:
                await self.engine._give_back(self.connection, reusable=False)
            else:
                await self.connection.close()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def get_connection(self) -> Any:
        if self.engine.pool is not None:
            return await self.engine._lease()
        return await self.engine.get_new_connection()

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        ended = False
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
            ended = True
        finally:
            try:
                if self.engine.pool is not None:
                    await self.engine._give_back(self.connection, reusable=ended)
                else:
                    await self.connection.close()
            finally:
                self.engine.current_transaction.reset(self.context)
        return exception is None


class PooledPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine: pool size from settings, one round trip per query.

    Two costs came with every query outside a transaction besides the query itself:
    - asyncpg's pool sends a reset query on every release, a second round trip (see
      `_release_without_reset_query`);
    - `pool.acquire()` / `release()` cost about as much CPU as the query: a proxy object, an
      inactivity timer armed and cancelled, a queue, and a task (`asyncio.shield`) with its extra
      turns of the event loop on every release.
    So a connection, once leased from asyncpg's pool, stays with the engine: after a query it goes to
    the first caller waiting for one, else on a stack of idle ones, and the next query takes the most
    recently used. The engine leases at most `pool_max` connections; beyond that callers wait in line
    here, not in asyncpg's pool. Every user goes through `_lease` / `_give_back` (prepared queries,
    Piccolo's queries, transactions). A connection whose use ended in an error or a cancellation, or
    that is still in a transaction, goes back to asyncpg's pool instead (its release waits for a
    cancelled query, rolls back an open transaction, drops a broken connection), and the next caller
    in line leases a fresh one. Connections kept here are not closed after asyncpg's
    `max_inactive_connection_lifetime`; there are at most `pool_max` of them. Use the engine, not
    `engine.pool` directly.
    """

    def __init__(self, config: dict[str, Any], pool_max: int = 10) -> None:
        super().__init__(config=config, log_queries=False)
        self.pool_max = pool_max
        self._idle: list[Any] = []  # leased connections (asyncpg pool proxies), most recently used last
        self._waiters: collections.deque[asyncio.Future[Any]] = collections.deque()
        self._leased = 0  # connections taken from asyncpg's pool and not given back to it
        self._closing = False

    async def start_connection_pool(self, **kwargs: Any) -> None:
        if self.pool is None:
            self._idle, self._waiters, self._leased, self._closing = [], collections.deque(), 0, False
            kwargs.setdefault("reset", _release_without_reset_query)
            await super().start_connection_pool(min_size=1, max_size=self.pool_max, **kwargs)

    async def close_connection_pool(self) -> None:
        if self.pool is not None:
            self._closing = True  # from now on connections go back to asyncpg's pool, which waits for them
            while self._waiters:
                waiter = self._waiters.popleft()
                if not waiter.done():
                    waiter.set_exception(asyncpg.InterfaceError("the connection pool is closing"))
            idle, self._idle = self._idle, []
            for conn in idle:
                self._leased -= 1
                await self.pool.release(conn)
        await super().close_connection_pool()

    def _pass_on(self, conn: Any) -> None:
        """Hand a connection (or, with None, a free slot) to the first caller waiting; else keep it idle."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        if conn is not None:
            self._idle.append(conn)

    async def _lease(self) -> Any:
        assert self.pool is not None
        while True:
            if self._closing:
                raise asyncpg.InterfaceError("the connection pool is closing")
            while self._idle:
                conn = self._idle.pop()
                if _open_outside_transaction(conn):
                    return conn
                await self._return_to_pool(conn)  # lost while idle
            if self._leased < self.pool_max:
                self._leased += 1
                try:
                    return await self.pool.acquire()
                except BaseException:
                    self._leased -= 1
                    raise
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                conn = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over just as this task was cancelled
                    self._pass_on(waiter.result())
                raise
            if conn is not None:
                return conn
            # None: a connection went back to asyncpg's pool, lease its replacement.

    async def _give_back(self, conn: Any, *, reusable: bool) -> None:
        if reusable and not self._closing and _open_outside_transaction(conn):
            self._pass_on(conn)
        else:
            await self._return_to_pool(conn)

    async def _return_to_pool(self, conn: Any) -> None:
        assert self.pool is not None
        self._leased -= 1
        try:
            await self.pool.release(conn)
        finally:
            self._pass_on(None)

    async def _records(self, query: str, args: Sequence[Any], in_pool: bool = True) -> list[Any]:
        current = self.current_transaction.get()
        if current:
            return await current.connection.fetch(query, *args)
        if in_pool and self.pool is not None:
            conn = await self._lease()
            try:
                rows = await conn.fetch(query, *args)
            except BaseException:
                await self._give_back(conn, reusable=False)
                raise
            await self._give_back(conn, reusable=True)
            return rows
        conn = await self.get_new_connection()
        try:
            return await conn.fetch(query, *args)
        finally:
            await conn.close()

    async def fetch(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._records(query, args)]

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        query, args = querystring.compile_string(engine_type=self.engine_type)
        query_id = self.get_query_id()
        if self.log_queries:
            self.print_query(query_id=query_id, query=str(querystring))
        response = await self._records(query, args, in_pool)
        if self.log_responses:
            self.print_response(query_id=query_id, response=response)
        return response

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        query_id = self.get_query_id()
        if self.log_queries:
            self.print_query(query_id=query_id, query=ddl)
        response = await self._records(ddl, [], in_pool)
        if self.log_responses:
            self.print_response(query_id=query_id, response=response)
        return response

    def transaction(self, allow_nested: bool = True) -> PooledPostgresTransaction:
        return PooledPostgresTransaction(engine=self, allow_nested=allow_nested)


def postgres_config(database_url: str) -> dict[str, Any]:
    """asyncpg connection settings from a postgresql:// URL (user and password may be percent-encoded)."""
    parsed = urlparse(database_url)
    config: dict[str, Any] = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "database": unquote(parsed.path.lstrip("/")) or "postgres",
        "user": unquote(parsed.username) if parsed.username else "postgres",
    }
    if parsed.password:
        config["password"] = unquote(parsed.password)
    return config
