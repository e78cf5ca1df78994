"""In-process cost of one authenticated GET /api/units/1: no HTTP server, no load generator.

`.venv/bin/python -m benchmarks.profile_get_unit` (SQLite in a temp dir) or with
`GDV_BENCH_DATABASE_URL=postgresql://…` (a database of your own: it is migrated and seeded if empty).
Drives the ASGI app directly, one request at a time, and prints the median time per request and, on
PostgreSQL, how many messages the driver sent to the server per request (each one is a round trip).
Not a figure for the README on its own: use it to see what a change buys before running the benchmark.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks._serve import bench_env, temp_root

REQUESTS = 2000
REPEATS = 7


async def _drive(app: Any, token: str) -> None:
    from asyncpg.protocol.protocol import Protocol

    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/units/1",
        "raw_path": b"/api/units/1",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    # Count what the driver sends: bind_execute (a prepared statement), query (simple protocol, e.g. the
    # pool's reset), prepare (parse/describe). Each is one round trip to the server.
    sent: dict[str, int] = {}
    originals = {}
    for name in ("bind_execute", "query", "prepare", "bind_execute_many", "execute"):
        original = getattr(Protocol, name, None)
        if original is None:
            continue
        originals[name] = original

    counting = False

    def counted(name: str, original: Any) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if counting:
                sent[name] = sent.get(name, 0) + 1
            return original(self, *args, **kwargs)

        return wrapper

    patched = True
    try:
        for name, original in originals.items():
            setattr(Protocol, name, counted(name, original))
    except TypeError:  # a compiled type: cannot be patched
        patched = False

    for _ in range(200):
        await app(scope, receive, send)
    assert set(status) == {200}, set(status)
    counting = True
    sent.clear()
    await app(scope, receive, send)
    counting = False
    timings, cpu = [], []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(REQUESTS):
            await app(scope, receive, send)
        timings.append((time.perf_counter() - start) / REQUESTS * 1e6)
        cpu.append((time.process_time() - start_cpu) / REQUESTS * 1e6)
    print(f"per request: {statistics.median(timings):.0f} µs wall (runs: {[round(t) for t in timings]})")
    print(f"             {statistics.median(cpu):.0f} µs CPU of this process (runs: {[round(t) for t in cpu]})")
    if patched:
        print(f"driver calls for one request: {sent or 'none (SQLite)'}")


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        os.environ.update(env)
        sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
        asyncio.run(_run())


async def _run() -> None:
    import httpx

    from guong_dan_van import db
    from guong_dan_van.app import create_app
    from guong_dan_van.settings import Settings

    settings = Settings.from_env()
    engine = db.make_engine(settings.database_url, postgres_pool_max=settings.postgres_pool_max)
    app = create_app(settings, engine=engine, manage_engine=False)
    db.bind(engine)
    await db.start(engine)
    try:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = await client.post("/api/auth/login", json={"username": "admin", "password": "admin-demo-2025"})
            token = login.json()["token"]
        await _drive(app, token)
    finally:
        await db.stop(engine)


if __name__ == "__main__":
    main()
