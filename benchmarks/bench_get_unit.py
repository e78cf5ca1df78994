"""Authenticated GET of one unit vs a bare Litestar endpoint, one worker each, 20 connections.

`.venv/bin/python -m benchmarks.bench_get_unit` (SQLite in a temp dir), or with
`GDV_BENCH_DATABASE_URL=postgresql://…/<database of your own>` for PostgreSQL (migrated and seeded if empty).

Targets: the app serves at least 25% of the bare endpoint's requests per second on SQLite and 30% on
PostgreSQL, measured in the same run. Prints both figures and the ratio; rounds alternate to spread the
machine's noise. Also prints the CPU time each request cost the server process (and, on PostgreSQL, the
database backends serving it): less sensitive than req/s to other jobs on a shared machine.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

if not __package__:  # run as a file: `python benchmarks/bench_get_unit.py` (as `make bench` does)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from benchmarks._serve import (
    SERVER_PIDS,
    bench_env,
    cpu_seconds,
    load,
    machine,
    median,
    temp_root,
    uvicorn_server,
)

SECONDS = 8
CONNECTIONS = 20
ROUNDS = 5


def _postgres_backends(database_url: str) -> list[int]:
    """Process ids of the server backends connected to the bench database (not this query's own)."""
    import asyncpg

    async def pids() -> list[int]:
        conn = await asyncpg.connect(database_url)
        try:
            rows = await conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await conn.close()
        return [r["pid"] for r in rows]

    return asyncio.run(pids())


class _Cpu:
    """CPU seconds used by a set of processes between `start` and `stop`."""

    def __init__(self, pids: list[int]) -> None:
        self.before = {pid: cpu_seconds(pid) for pid in pids}

    def stop(self, pids: list[int]) -> float:
        # A backend that started during the round counts from zero.
        return sum(cpu_seconds(pid) - self.before.get(pid, 0.0) for pid in set(pids) | set(self.before))


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        database_url = env["GDV_DATABASE_URL"]
        postgres = database_url.startswith("postgres")
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        app_rps: list[float] = []
        bare_rps: list[float] = []
        app_cpu: list[float] = []  # µs of the app process per request
        db_cpu: list[float] = []  # µs of the database backends per request
        bare_cpu: list[float] = []
        with (
            uvicorn_server("guong_dan_van.app:create_app", env, factory=True) as app_url,
            uvicorn_server("benchmarks.bare_app:app", env) as bare_url,
        ):
            login = httpx.post(f"{app_url}/api/auth/login", json={"username": "admin", "password": "admin-demo-2025"})
            token = login.json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            assert httpx.get(f"{app_url}/api/units/1", headers=auth).status_code == 200
            load(f"{app_url}/api/units/1", auth, 2, CONNECTIONS)  # warm-up
            load(f"{bare_url}/api/units/1", {}, 2, CONNECTIONS)
            for _ in range(ROUNDS):
                backends = _postgres_backends(database_url) if postgres else []
                app_proc, db_procs = _Cpu([SERVER_PIDS[app_url]]), _Cpu(backends)
                rps = load(f"{app_url}/api/units/1", auth, SECONDS, CONNECTIONS)
                app_rps.append(rps)
                app_cpu.append(app_proc.stop([SERVER_PIDS[app_url]]) / (rps * SECONDS) * 1e6)
                if postgres:
                    db_cpu.append(db_procs.stop(_postgres_backends(database_url)) / (rps * SECONDS) * 1e6)
                bare_proc = _Cpu([SERVER_PIDS[bare_url]])
                rps = load(f"{bare_url}/api/units/1", {}, SECONDS, CONNECTIONS)
                bare_rps.append(rps)
                bare_cpu.append(bare_proc.stop([SERVER_PIDS[bare_url]]) / (rps * SECONDS) * 1e6)
    app, bare = median(app_rps), median(bare_rps)
    engine = "PostgreSQL" if postgres else "SQLite"
    print(f"machine: {machine()}")
    print(
        f"authenticated GET /api/units/1 ({engine}, 1 worker): {app:,.0f} req/s (rounds: {[round(x) for x in app_rps]})"
    )
    print(
        f"bare Litestar constant endpoint (1 worker):        {bare:,.0f} req/s (rounds: {[round(x) for x in bare_rps]})"
    )
    print(f"ratio: {app / bare:.1%} (target >= {30 if postgres else 25}%)")
    print(f"CPU per request, app process: {median(app_cpu):.0f} µs (rounds: {[round(x) for x in app_cpu]})")
    if postgres:
        print(f"CPU per request, PostgreSQL backends: {median(db_cpu):.0f} µs (rounds: {[round(x) for x in db_cpu]})")
    print(f"CPU per request, bare endpoint: {median(bare_cpu):.0f} µs (rounds: {[round(x) for x in bare_cpu]})")


if __name__ == "__main__":
    main()
