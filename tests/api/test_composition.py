"""create_app composes everything explicitly: apps built with different settings in one process keep
their own settings, importing the package changes nothing, and start-up sweeps what crashes left."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.base import Engine
from PIL import Image

from guong_dan_van.app import create_app
from guong_dan_van.core.permissions import Role
from tests.conftest import login_headers, make_settings, make_unit, make_user, model_body

SMALL_CAP = 40_000


def _photo(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buf, format="JPEG", quality=95)
    return buf.getvalue()


async def test_two_apps_in_one_process_keep_their_own_settings(db: Engine, tmp_path: Path) -> None:
    strict = create_app(
        make_settings(tmp_path / "a").with_(max_upload_bytes=SMALL_CAP, session_hours=2), engine=db, manage_engine=False
    )
    roomy = create_app(make_settings(tmp_path / "b").with_(session_hours=30), engine=db, manage_engine=False)
    unit_id = await make_unit("Xã Tân Hòa")
    await make_user("bientap", Role.unit, unit_id)
    photo = _photo((600, 600))
    assert len(photo) > SMALL_CAP

    async def upload(app: Litestar) -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
            login = await client.post(
                "/api/auth/login", json={"username": "bientap", "password": "mat-khau-thu-nghiem"}
            )
            headers = await login_headers(client, "bientap")
            model = await client.post(
                "/api/models",
                json=model_body(),
                headers=headers,
            )
            assert model.status_code == 201, model.text
            sent = await client.post(
                f"/api/models/{model.json()['id']}/photos",
                files={"file": ("a.jpg", photo, "image/jpeg")},
                headers=headers,
            )
            return login, sent

    strict_login, refused = await upload(strict)
    roomy_login, accepted = await upload(roomy)
    # Each app's own caps, folders and session length, although `strict` was built first.
    assert refused.status_code == 413 and accepted.status_code == 201
    assert not list((tmp_path / "a" / "media").rglob("*.jpg"))
    assert list((tmp_path / "b" / "media").rglob("*.jpg"))
    assert "Max-Age=7200" in strict_login.headers["set-cookie"]
    assert "Max-Age=108000" in roomy_login.headers["set-cookie"]


def test_importing_the_package_changes_nothing(tmp_path: Path) -> None:
    """No engine, no environment variable, no Pillow limit, no registration happens at import."""
    script = (
        "import os, pkgutil, importlib, PIL.Image as I\n"
        "before = I.MAX_IMAGE_PIXELS\n"
        "import guong_dan_van\n"
        "for m in pkgutil.walk_packages(guong_dan_van.__path__, 'guong_dan_van.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "from guong_dan_van import db\n"
        "assert db.engine_in_use() is None, 'an engine was put in use at import'\n"
        "assert 'PICCOLO_CONF' not in os.environ, 'PICCOLO_CONF was set at import'\n"
        "assert I.MAX_IMAGE_PIXELS == before, 'Pillow limit changed at import'\n"
        "assert not os.path.exists('data') and not os.path.exists('media'), 'folders made at import'\n"
        "print('clean')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PICCOLO_CONF"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "clean"


async def test_start_up_sweeps_stale_temporary_media_files(db: Engine, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    folder = settings.media_dir / "public" / "ab"
    folder.mkdir(parents=True)
    stale = folder / ".abcdef.jpg.1a2b3c4d.tmp"
    fresh = folder / ".fedcba.jpg.4d3c2b1a.tmp"
    kept = folder / "abcdef.jpg"
    for path in (stale, fresh, kept):
        path.write_bytes(b"half a photo")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(kept, (hour_ago, hour_ago))
    app = create_app(settings, engine=db, manage_engine=False)
    async with AsyncTestClient(app):
        pass
    assert not stale.exists()
    assert fresh.exists()  # another worker may be writing it right now
    assert kept.exists()  # not a temporary file: orphans are for sweep_orphans, which checks the rows
