"""Simultaneous writes: each succeeds or fails cleanly, and none is lost."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.units.tables import Unit


async def test_fifty_simultaneous_creates_all_land(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    names = [f"Thôn số {i}" for i in range(50)]
    responses = await asyncio.gather(
        *(client.post("/api/units", json={"name": n, "kind": "village"}, headers=admin) for n in names)
    )
    assert [r.status_code for r in responses] == [201] * 50
    stored = {r["name"] for r in await Unit.select(Unit.name).run()}
    assert stored == set(names)
    assert await AuditEntry.count().where(AuditEntry.action == "unit.create").run() == 50


async def test_fifty_simultaneous_edits_of_one_record_exactly_one_wins(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    unit = (await client.post("/api/units", json={"name": "Xã Tân Hòa", "kind": "commune"}, headers=admin)).json()
    responses = await asyncio.gather(
        *(
            client.patch(f"/api/units/{unit['id']}", json={"version": 1, "name": f"Tên {i}"}, headers=admin)
            for i in range(50)
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * 49
    winner = next(r.json() for r in responses if r.status_code == 200)
    final = (await client.get(f"/api/units/{unit['id']}", headers=admin)).json()
    assert final["name"] == winner["name"] and final["version"] == 2
    assert await AuditEntry.count().where(AuditEntry.action == "unit.update").run() == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_two_worker_processes_share_one_sqlite_file_without_locking_errors(tmp_path: Path) -> None:
    """Two uvicorn workers each hold their own writer; BEGIN IMMEDIATE and the busy timeout serialise them."""
    port = _free_port()
    env = {
        **os.environ,
        "GDV_DATA_DIR": str(tmp_path / "data"),
        "GDV_MEDIA_DIR": str(tmp_path / "media"),
        "GDV_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'gdv.sqlite3'}",
        "GDV_SECRET_KEY": "concurrency",
        "GDV_ARGON2_TIME_COST": "1",
        "GDV_ARGON2_MEMORY_KIB": "1024",
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "guong_dan_van.cli",
            "create-user",
            "--username",
            "bantochuc",
            "--password",
            "mat-khau-thu",
            "--role",
            "admin",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "guong_dan_van.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if (await http.get("/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("server did not start")
                await asyncio.sleep(0.2)
            login = await http.post("/api/auth/login", json={"username": "bantochuc", "password": "mat-khau-thu"})
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            responses = await asyncio.gather(
                *(
                    http.post("/api/units", json={"name": f"Tổ {i}", "kind": "village"}, headers=headers)
                    for i in range(50)
                )
            )
            assert [r.status_code for r in responses] == [201] * 50
            listed = await http.get("/api/units?limit=200", headers=headers)
            assert listed.json()["total"] == 50
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert b"database is locked" not in err
