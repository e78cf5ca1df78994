"""The engines under the service: transactions that end badly, and PostgreSQL's connection reuse.

On PostgreSQL the engine keeps leased connections for the next query and sends no reset query when
a connection goes back (see `db.PooledPostgresEngine`); these tests hold it to what that must keep:
no transaction survives its connection's return, and no caller waits while a connection sits idle.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from piccolo.engine.base import Engine

from guong_dan_van.db import PooledPostgresEngine
from guong_dan_van.db.conditions import ids_in
from guong_dan_van.units import services as units
from guong_dan_van.units.tables import Unit
from tests.conftest import PG_ADMIN_URL, make_unit


def _postgres(engine: Engine) -> PooledPostgresEngine:
    if not isinstance(engine, PooledPostgresEngine):
        pytest.skip("connection reuse is PostgreSQL's")
    assert engine.pool is not None
    return engine


async def test_failed_transaction_leaves_the_engine_usable(db: Engine) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await make_unit("Xã bị hủy")
            raise RuntimeError("abort")
    assert await Unit.count().run() == 0
    await make_unit("Xã giữ lại")
    assert [r["name"] for r in await Unit.select(Unit.name).run()] == ["Xã giữ lại"]


async def test_cancelled_transaction_writes_nothing(db: Engine) -> None:
    inserted = asyncio.Event()

    async def interrupted() -> None:
        async with db.transaction():
            await make_unit("Xã dở dang")
            inserted.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(interrupted())
    await inserted.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await Unit.count().run() == 0
    unit_id = await make_unit("Xã sau đó")
    assert (await units.get_unit(unit_id)).name == "Xã sau đó"


async def test_connection_given_back_mid_transaction_is_rolled_back(db: Engine) -> None:
    engine = _postgres(db)
    conn = await engine._lease()
    await conn.execute("BEGIN")
    await conn.execute("INSERT INTO unit (name, name_folded, kind, version) VALUES ('Bỏ dở', 'bo do', 'commune', 1)")
    # As a COMMIT that failed or was cancelled would leave it.
    await engine._give_back(conn, reusable=True)

    held = [await engine._lease() for _ in range(engine.pool_max)]  # every connection, that one among them
    try:
        assert not any(c.is_in_transaction() for c in held)
        assert [await c.fetchval("SELECT count(*) FROM unit") for c in held] == [0] * len(held)
    finally:
        for c in held:
            await engine._give_back(c, reusable=True)


async def test_a_query_is_one_round_trip(db: Engine) -> None:
    """No reset query follows a query: the server's last statement on the connection is the query itself."""
    engine = _postgres(db)
    unit_id = await make_unit("Xã Tân Hòa")
    assert (await units.get_unit(unit_id)).name == "Xã Tân Hòa"
    assert engine._idle, "the connection waits for the next query"
    pid = engine._idle[-1].get_server_pid()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    observer = await asyncpg.connect(f"{base}/{engine.config['database']}")
    try:
        last = await observer.fetchval("SELECT query FROM pg_stat_activity WHERE pid = $1", pid)
    finally:
        await observer.close()
    assert last.startswith('SELECT ALL "unit"."id"'), last


async def test_queries_and_transactions_beyond_the_pool_size_all_finish(db: Engine) -> None:
    unit_id = await make_unit("Xã Tân Hòa")

    async def write(i: int) -> None:
        async with db.transaction():
            await make_unit(f"Thôn {i}")
            await asyncio.sleep(0.01)  # hold the connection while the reads queue up

    results = await asyncio.wait_for(
        asyncio.gather(*(units.get_unit(unit_id) for _ in range(40)), *(write(i) for i in range(15))), timeout=60
    )
    assert all(r.name == "Xã Tân Hòa" for r in results[:40])
    assert await Unit.count().run() == 16


async def test_callers_cancelled_in_line_lose_no_connection(db: Engine) -> None:
    engine = _postgres(db)
    held = [await engine._lease() for _ in range(engine.pool_max)]
    line = [asyncio.create_task(engine._lease()) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(t.done() for t in line)
    line[0].cancel()  # leaves the line before any connection comes
    await engine._give_back(held.pop(), reusable=True)  # handed to line[1] ...
    line[1].cancel()  # ... which is cancelled before it could run: line[2] gets it
    for task in line[:2]:
        with pytest.raises(asyncio.CancelledError):
            await task
    held.append(await asyncio.wait_for(line[2], timeout=5))
    await engine._give_back(held.pop(), reusable=False)  # back to asyncpg's pool: its slot is free again
    for conn in held:
        await engine._give_back(conn, reusable=True)
    again = await asyncio.wait_for(asyncio.gather(*(engine._lease() for _ in range(engine.pool_max))), timeout=5)
    for conn in again:
        await engine._give_back(conn, reusable=True)


async def test_ids_in_matches_is_in_for_no_one_and_many_ids_and_combines_with_other_conditions(db: Engine) -> None:
    unit_ids = [await make_unit(f"Xã số {i}") for i in range(5)]
    for wanted in ([], [unit_ids[2]], unit_ids[1:4], [*unit_ids, *range(10_000, 13_000)]):
        by_ids_in = await Unit.select(Unit.id).where(ids_in(Unit.id, wanted)).order_by(Unit.id).run()
        expected = [i for i in unit_ids if i in wanted]
        assert [r["id"] for r in by_ids_in] == expected
    both = await Unit.select(Unit.name).where(ids_in(Unit.id, unit_ids) & (Unit.name == "Xã số 3")).run()
    assert both == [{"name": "Xã số 3"}]
    await Unit.delete().where(ids_in(Unit.id, unit_ids[:2])).run()
    assert sorted(r["id"] for r in await Unit.select(Unit.id).run()) == unit_ids[2:]
