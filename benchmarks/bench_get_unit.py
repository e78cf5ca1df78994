"""Authenticated GET of one unit vs a bare Litestar endpoint, one worker each, SQLite, 20 connections.

Target (issue 2): the app serves at least 25% of the bare endpoint's requests per second, measured in
the same run. Prints both figures and the ratio; rounds alternate to spread the machine's noise.
"""

from __future__ import annotations

import subprocess
import sys

import httpx

from benchmarks._serve import bench_env, load, machine, median, temp_root, uvicorn_server

SECONDS = 8
CONNECTIONS = 20
ROUNDS = 3


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        app_rps: list[float] = []
        bare_rps: list[float] = []
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
                app_rps.append(load(f"{app_url}/api/units/1", auth, SECONDS, CONNECTIONS))
                bare_rps.append(load(f"{bare_url}/api/units/1", {}, SECONDS, CONNECTIONS))
    app, bare = median(app_rps), median(bare_rps)
    engine = "PostgreSQL" if env["GDV_DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"machine: {machine()}")
    print(
        f"authenticated GET /api/units/1 ({engine}, 1 worker): {app:,.0f} req/s (rounds: {[round(x) for x in app_rps]})"
    )
    print(
        f"bare Litestar constant endpoint (1 worker):        {bare:,.0f} req/s (rounds: {[round(x) for x in bare_rps]})"
    )
    print(f"ratio: {app / bare:.1%} (target >= 25%)")


if __name__ == "__main__":
    main()
