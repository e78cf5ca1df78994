"""Browser tests: real headless Chromium (Debian's package) driven by Playwright against a real server.

`live_server` starts `gdv serve --demo` on a free port with its own SQLite file and media folder.
Without Chromium these tests are skipped with the reason shown; under CI=true they must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("GDV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Where the live server keeps its database, for tests that add rows before a page loads.
LIVE_FILES: dict[str, Path] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _require_chromium() -> None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        reason = f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real server with the demo data loaded."""
    _require_chromium()
    root = tmp_path_factory.mktemp("live")
    LIVE_FILES["database"] = root / "data" / "gdv.sqlite3"
    port = _free_port()
    env = {
        **os.environ,
        "GDV_DATA_DIR": str(root / "data"),
        "GDV_MEDIA_DIR": str(root / "media"),
        "GDV_DATABASE_URL": f"sqlite:///{LIVE_FILES['database']}",
        "GDV_SECRET_KEY": "browser-test-secret",
        "GDV_ARGON2_TIME_COST": "1",
        "GDV_ARGON2_MEMORY_KIB": "1024",
    }
    log = open(root / "server.log", "w")  # noqa: SIM115  (closed at teardown)
    proc = subprocess.Popen(
        [sys.executable, "-m", "guong_dan_van.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("server did not start:\n" + Path(root / "server.log").read_text()[-3000:])
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    """A fresh browser context (no cookies) per test, phone-sized unless a test resizes it."""
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def login(page: object, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto("/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/")  # type: ignore[attr-defined]
