"""Helpers shared by the benchmark scripts: temp data, servers on free ports, load generation."""

from __future__ import annotations

import asyncio
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GDV_DATA_DIR": str(root / "data"),
        "GDV_MEDIA_DIR": str(root / "media"),
        "GDV_DATABASE_URL": os.environ.get("GDV_BENCH_DATABASE_URL", f"sqlite:///{root / 'data' / 'gdv.sqlite3'}"),
        "GDV_SECRET_KEY": "benchmark",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }


@contextmanager
def temp_root() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="gdv-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# Process id of each running `uvicorn_server`, by base URL (for CPU accounting).
SERVER_PIDS: dict[str, int] = {}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc; 0.0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def uvicorn_server(target: str, env: dict[str, str], *, factory: bool = False) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    if factory:
        cmd.append("--factory")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    SERVER_PIDS[base] = proc.pid
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        SERVER_PIDS.pop(base, None)
        proc.terminate()
        proc.wait(timeout=10)


def load(url: str, headers: dict[str, str], seconds: float, connections: int) -> float:
    """Requests per second over `connections` concurrent connections: wrk when installed, else httpx."""
    if shutil.which("wrk"):
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
        for key, value in headers.items():
            cmd += ["-H", f"{key}: {value}"]
        out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
        non2xx = [line for line in out.splitlines() if "Non-2xx" in line]
        if non2xx:
            raise RuntimeError(f"errors under load: {non2xx}")
        return float(next(line for line in out.splitlines() if line.startswith("Requests/sec")).split()[1])
    return asyncio.run(_httpx_load(url, headers, seconds, connections))


async def _httpx_load(url: str, headers: dict[str, str], seconds: float, connections: int) -> float:
    count = 0
    stop = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal count
        while time.monotonic() < stop:
            response = await client.get(url, headers=headers)
            response.raise_for_status()
            count += 1

    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits) as client:
        start = time.monotonic()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        return count / (time.monotonic() - start)


def median(values: list[float]) -> float:
    return statistics.median(values)
