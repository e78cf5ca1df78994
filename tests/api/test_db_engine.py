"""The PostgreSQL pool: connections come back clean though it sends no reset query on release."""

from __future__ import annotations

import pytest
from piccolo.engine.base import Engine

from guong_dan_van.db import PooledPostgresEngine
from guong_dan_van.units.tables import Unit
from tests.conftest import make_unit


def _postgres(engine: Engine) -> PooledPostgresEngine:
    if not isinstance(engine, PooledPostgresEngine):
        pytest.skip("the connection pool is PostgreSQL's")
    assert engine.pool is not None
    return engine


async def test_connection_given_back_mid_transaction_is_rolled_back(db: Engine) -> None:
    engine = _postgres(db)
    pool = engine.pool
    assert pool is not None
    conn = await pool.acquire()
    await conn.execute("BEGIN")
    await conn.execute("INSERT INTO unit (name, name_folded, kind, version) VALUES ('Bỏ dở', 'bo do', 'commune', 1)")
    assert conn.is_in_transaction()
    await pool.release(conn)  # as a task cancelled between BEGIN and COMMIT would leave it

    # Every connection of the pool is out of any transaction, and the insert is gone.
    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    try:
        assert not any(c.is_in_transaction() for c in held)
        assert [await c.fetchval("SELECT count(*) FROM unit") for c in held] == [0] * len(held)
    finally:
        for c in held:
            await pool.release(c)
    assert await Unit.count().run() == 0


async def test_failed_transaction_leaves_the_engine_usable(db: Engine) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await make_unit("Xã bị hủy")
            raise RuntimeError("abort")
    assert await Unit.count().run() == 0
    await make_unit("Xã giữ lại")
    assert [r["name"] for r in await Unit.select(Unit.name).run()] == ["Xã giữ lại"]
