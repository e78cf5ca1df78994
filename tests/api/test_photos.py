"""Photos through the API on real SQLite and PostgreSQL, with real images made by Pillow.

The owner types "model" and "entry" are registered here over a tiny fake (owner id → unit id), so these
tests do not depend on the registry or contest domains; the real registrations are restored afterwards.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import httpx
import pillow_heif
import pytest
from litestar import Litestar
from piccolo.engine.base import Engine
from PIL import Image

from guong_dan_van.app import create_app
from guong_dan_van.core import audit
from guong_dan_van.core.errors import Forbidden, NotFound
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.media import services
from guong_dan_van.media.owners import OwnerRegistry
from guong_dan_van.media.tables import Photo
from guong_dan_van.settings import Settings
from tests.conftest import LoginAs, make_settings, make_unit

pillow_heif.register_heif_opener()

MAX_UPLOAD = 3_000_000
MAX_PIXELS = 4_000_000

# The fake owners: owner id → the unit that owns it.
FAKE_OWNERS: dict[int, int] = {}


async def _can_view(actor: Actor, owner_id: int) -> None:
    unit = FAKE_OWNERS.get(owner_id)
    if unit is None:
        raise NotFound("Không tìm thấy.")
    if not (actor.is_admin or actor.role is Role.judge or actor.unit_id == unit):
        raise NotFound("Không tìm thấy.")


async def _can_edit(actor: Actor, owner_id: int) -> None:
    await _can_view(actor, owner_id)
    if actor.role is Role.judge:
        raise Forbidden("Giám khảo không sửa được.")


async def _blind_for(actor: Actor, owner_id: int) -> bool:
    return actor.role is Role.judge


@pytest.fixture
def app(db: Engine, settings: Settings) -> Litestar:
    """The app with the fake owner rules in place of the registry's and the contest's (this app only)."""
    app = create_app(settings, engine=db, manage_engine=False)
    registry: OwnerRegistry = app.state.media.owners
    for name in ("model", "entry"):
        real = registry.get(name)
        registry.register(
            name,
            can_view=_can_view,
            can_edit=_can_edit,
            blind_for=_blind_for,
            path=real.path,
            label=real.label,
            attachments=real.attachments,
        )
    FAKE_OWNERS.clear()
    return app


@pytest.fixture
def owners(app: Litestar) -> OwnerRegistry:
    return app.state.media.owners  # type: ignore[no-any-return]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path).with_(
        max_upload_bytes=MAX_UPLOAD, max_image_pixels=MAX_PIXELS, max_attachment_bytes=200_000
    )


@pytest.fixture
async def editor(login_as: LoginAs) -> dict[str, Any]:
    """A unit editor and one owner object (id 7) of their unit."""
    unit_id = await make_unit("Xã Tân Hòa")
    headers = await login_as(Role.unit, unit_id=unit_id)
    FAKE_OWNERS[7] = unit_id
    return {"headers": headers, "unit_id": unit_id, "owner_id": 7}


# --- images ---------------------------------------------------------------------------------------


def jpeg(size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (30, 120, 200), **save: Any) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="JPEG", quality=90, **save)
    return buf.getvalue()


def png(size: tuple[int, int] = (300, 200), mode: str = "RGB", color: Any = (10, 200, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, format="PNG")
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions but carries almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def media_files(settings: Settings) -> list[Path]:
    root = settings.media_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def photo_rows() -> int:
    return int(await Photo.count().run())


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    owner_id: int,
    data: bytes,
    name: str = "anh.jpg",
    content_type: str = "image/jpeg",
    owner: str = "models",
    **fields: str,
) -> httpx.Response:
    return await client.post(
        f"/api/{owner}/{owner_id}/photos",
        files={"file": (name, data, content_type)},
        data=fields,
        headers=headers,
    )


async def served(client: httpx.AsyncClient, url: str) -> httpx.Response:
    assert url.startswith("/media/")
    response = await client.get(url)  # no credentials: renditions are public by unguessable name
    assert response.status_code == 200, url
    return response


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


# --- the happy path ---------------------------------------------------------------------------------


async def test_upload_jpeg_gives_renditions_served_with_cache_headers(
    client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings
) -> None:
    data = jpeg((3000, 1000))
    response = await upload(
        client, editor["headers"], 7, data, caption="  Đường  đie\u0323\u0302n thôn ", credit="Ảnh: Ban Dân vận"
    )
    assert response.status_code == 201, response.text
    photo = response.json()
    assert set(photo) == {"id", "width", "height", "sha256", "caption", "credit", "order", "version", "renditions"}
    assert (photo["width"], photo["height"]) == (3000, 1000)
    assert photo["caption"] == "Đường điện thôn"  # NFC, one line, trimmed
    assert photo["credit"] == "Ảnh: Ban Dân vận"
    assert photo["order"] == 0 and photo["version"] == 1
    expected = {"thumb": 320, "medium": 1024, "large": 2048}
    for name, long_edge in expected.items():
        url = photo["renditions"][name]
        assert re.fullmatch(r"/media/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", url), url  # nothing about owner or author
        response = await served(client, url)
        assert response.headers["content-type"] == "image/jpeg"
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=31536000" in response.headers["cache-control"]
        assert response.headers["x-content-type-options"] == "nosniff"
        image = Image.open(io.BytesIO(response.content))
        assert image.format == "JPEG"
        assert max(image.size) <= long_edge and max(image.size) >= long_edge * 0.9
    listed = await services.list_photos("model", 7)
    assert [p.id for p in listed] == [photo["id"]]


async def test_small_image_is_never_upscaled(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    response = await upload(client, editor["headers"], 7, jpeg((500, 400)))
    assert response.status_code == 201, response.text
    renditions = response.json()["renditions"]
    sizes = {}
    for name in ("thumb", "medium", "large"):
        sizes[name] = Image.open(io.BytesIO((await served(client, renditions[name])).content)).size
    assert sizes == {"thumb": (320, 256), "medium": (500, 400), "large": (500, 400)}


async def test_same_file_on_same_owner_is_deduplicated(
    client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings
) -> None:
    data = jpeg()
    first = await upload(client, editor["headers"], 7, data)
    assert first.status_code == 201
    files = media_files(settings)
    again = await upload(client, editor["headers"], 7, data, name="ban-sao.jpg", caption="khác")
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert await photo_rows() == 1
    assert media_files(settings) == files
    # The same file on another owner is another photo, with files of its own.
    FAKE_OWNERS[8] = editor["unit_id"]
    other = await upload(client, editor["headers"], 8, data)
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert other.json()["renditions"]["thumb"] != first.json()["renditions"]["thumb"]
    assert await photo_rows() == 2


async def test_png_renamed_jpg_is_accepted_as_png(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    response = await upload(client, editor["headers"], 7, png((300, 200)), name="thuc-ra-la-png.jpg")
    assert response.status_code == 201, response.text
    assert (response.json()["width"], response.json()["height"]) == (300, 200)


async def test_transparent_png_renditions_are_png(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    response = await upload(client, editor["headers"], 7, png((400, 400), "RGBA", (255, 0, 0, 100)), name="logo.png")
    assert response.status_code == 201, response.text
    thumb = await served(client, response.json()["renditions"]["thumb"])
    assert thumb.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(thumb.content))
    assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 100  # type: ignore[index]


async def test_webp_and_heic_are_accepted(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 90, 20)).save(buf, format="WEBP")
    response = await upload(client, editor["headers"], 7, buf.getvalue(), name="anh.webp", content_type="image/webp")
    assert response.status_code == 201, response.text
    heic = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 100, 50)).save(heic, format="HEIF")
    response = await upload(
        client, editor["headers"], 7, heic.getvalue(), name="IMG_0001.HEIC", content_type="image/heic"
    )
    assert response.status_code == 201, response.text
    photo = response.json()
    assert (photo["width"], photo["height"]) == (1200, 900)
    large = await served(client, photo["renditions"]["large"])
    assert large.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(large.content)).size == (1200, 900)


async def test_entry_photos_use_the_same_pipeline(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    response = await upload(client, editor["headers"], 7, jpeg(), owner="entries")
    assert response.status_code == 201, response.text
    assert [p.id for p in await services.list_photos("entry", 7)] == [response.json()["id"]]
    assert await services.list_photos("model", 7) == []


# --- orientation and metadata -----------------------------------------------------------------------


def rotated_jpeg_with_gps() -> bytes:
    """Stored landscape 600×400 with a red top-left corner, EXIF orientation 6 (display: turn 90° clockwise),
    GPS position, camera serial and owner name."""
    image = Image.new("RGB", (600, 400), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Apple"
    exif[0x013B] = "Nguyễn Văn A"  # Artist
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif.get_ifd(0x8769)[0xA430] = "Nguyen Van A"  # CameraOwnerName
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    gps[3] = "E"
    gps[4] = (105.0, 51.0, 0.0)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=95, exif=exif.tobytes(), comment=b"Nguyen Van A")
    return buf.getvalue()


async def test_exif_rotated_jpeg_comes_out_upright_and_every_served_file_is_clean(
    client: httpx.AsyncClient, editor: dict[str, Any]
) -> None:
    data = rotated_jpeg_with_gps()
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(0x8825)  # the upload really carries GPS
    response = await upload(client, editor["headers"], 7, data)
    assert response.status_code == 201, response.text
    photo = response.json()
    assert (photo["width"], photo["height"]) == (400, 600)  # upright: portrait
    for name in ("thumb", "medium", "large"):
        body = (await served(client, photo["renditions"][name])).content
        image = Image.open(io.BytesIO(body))
        assert image.height > image.width, name
        # The stored top-left corner is the top-right corner once turned upright.
        r, g, b = image.convert("RGB").getpixel((image.width - 3, 3))  # type: ignore[misc]
        assert r > 200 and g < 60 and b < 60, (name, (r, g, b))
        exif = image.getexif()
        assert 0x0112 not in exif and not exif.get_ifd(0x8825) and not exif.get_ifd(0x8769), name
        assert len(exif) == 0, name
        for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
            assert key not in image.info, (name, key)
        for needle in (b"Exif", b"SERIAL-123456", b"Nguyen Van A", "Nguyễn".encode()):
            assert needle not in body, (name, needle)


# --- refusals: nothing stored -------------------------------------------------------------------------


REFUSALS = [
    ("html-named-jpg", b"<!doctype html><html><script>alert(1)</script></html>", "anh.jpg", 415),
    (
        "svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
        "anh.svg",
        415,
    ),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "anh.jpg", 415),
    ("gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,", "a.gif", 415),
    ("zero-bytes", b"", "rong.jpg", 415),
    ("truncated-jpeg", jpeg((800, 600), (120, 40, 200))[:1500], "cut.jpg", 422),
    ("corrupt-png", png()[:30] + b"\x00" * 200, "broken.png", 422),
    ("bomb-png", png((3000, 3000), "L", 0), "bomb.png", 413),
    ("huge-dimension-png", png_header_only(100_000, 100_000), "huge.png", 413),
    ("over-byte-cap", b"\xff\xd8\xff\xe0" + b"\x00" * (MAX_UPLOAD + 10), "big.jpg", 413),
]


@pytest.mark.parametrize(("case", "data", "name", "status"), REFUSALS, ids=[r[0] for r in REFUSALS])
async def test_refused_uploads_store_nothing(
    client: httpx.AsyncClient,
    editor: dict[str, Any],
    settings: Settings,
    case: str,
    data: bytes,
    name: str,
    status: int,
) -> None:
    response = await upload(client, editor["headers"], 7, data, name=name)
    problem(response, status)
    assert await photo_rows() == 0
    assert media_files(settings) == []


async def test_bomb_above_pillows_own_limit_is_413(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    # Declares more than twice the pixel cap: Pillow's own bomb error must also end as 413.
    problem(await upload(client, editor["headers"], 7, png_header_only(40_000, 40_000)), 413)


async def test_missing_file_field_is_400(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    response = await client.post(
        "/api/models/7/photos", data={"caption": "x"}, files={"other": ("a", b"x")}, headers=editor["headers"]
    )
    assert response.status_code == 400, response.text
    assert await photo_rows() == 0


async def test_too_long_caption_is_422(client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings) -> None:
    body = problem(await upload(client, editor["headers"], 7, jpeg(), caption="x" * 1001), 422)
    assert body["errors"][0]["field"] == "caption"
    assert await photo_rows() == 0 and media_files(settings) == []


# --- permissions ----------------------------------------------------------------------------------


async def test_permission_refusals_store_nothing(
    client: httpx.AsyncClient, editor: dict[str, Any], login_as: LoginAs, settings: Settings, owners: OwnerRegistry
) -> None:
    outsider = await login_as(Role.unit)
    problem(await upload(client, outsider, 7, jpeg()), 404)  # another unit's object: not theirs to know
    judge = await login_as(Role.judge)
    problem(await upload(client, judge, 7, jpeg()), 403)  # may see it, may not change it
    problem(await upload(client, editor["headers"], 999, jpeg()), 404)  # no such owner
    problem(await upload(client, {}, 7, jpeg()), 401)
    owners.unregister("entry")
    problem(await upload(client, editor["headers"], 7, jpeg(), owner="entries"), 404)  # nobody registered it
    assert await photo_rows() == 0
    assert media_files(settings) == []


async def test_cookie_upload_needs_csrf_token(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    login = await client.post("/api/auth/login", json={"username": "unit1", "password": "mat-khau-thu-nghiem"})
    assert login.status_code == 200
    without = await client.post("/api/models/7/photos", files={"file": ("a.jpg", jpeg(), "image/jpeg")})
    problem(without, 403)
    me = await client.get("/api/me")
    assert me.status_code == 200
    client.cookies.clear()


# --- edit and delete ------------------------------------------------------------------------------


async def test_patch_with_version_and_stale_version(
    client: httpx.AsyncClient, editor: dict[str, Any], login_as: LoginAs
) -> None:
    photo = (await upload(client, editor["headers"], 7, jpeg())).json()
    response = await client.patch(
        f"/api/photos/{photo['id']}",
        json={"version": 1, "caption": "Cu\u0300ng xây dựng", "credit": None, "order": 5},
        headers=editor["headers"],
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["caption"] == "Cùng xây dựng" and updated["credit"] is None
    assert updated["order"] == 5 and updated["version"] == 2
    stale = await client.patch(
        f"/api/photos/{photo['id']}", json={"version": 1, "caption": "cũ"}, headers=editor["headers"]
    )
    problem(stale, 409)
    unknown = await client.patch(
        f"/api/photos/{photo['id']}", json={"version": 2, "nope": 1}, headers=editor["headers"]
    )
    problem(unknown, 400)
    outsider = await login_as(Role.unit)
    problem(
        await client.patch(f"/api/photos/{photo['id']}", json={"version": 2, "caption": "x"}, headers=outsider), 404
    )
    problem(
        await client.patch("/api/photos/99999", json={"version": 1, "caption": "x"}, headers=editor["headers"]), 404
    )
    current = await client.get(f"/api/photos/{photo['id']}", headers=editor["headers"])
    assert current.json()["caption"] == "Cùng xây dựng" and current.json()["version"] == 2


async def test_delete_removes_row_and_files(
    client: httpx.AsyncClient, editor: dict[str, Any], login_as: LoginAs, settings: Settings
) -> None:
    photo = (await upload(client, editor["headers"], 7, jpeg())).json()
    assert len(media_files(settings)) == 4  # three renditions and the private original
    outsider = await login_as(Role.unit)
    problem(await client.delete(f"/api/photos/{photo['id']}", headers=outsider), 404)
    judge = await login_as(Role.judge)
    problem(await client.delete(f"/api/photos/{photo['id']}", headers=judge), 403)
    assert len(media_files(settings)) == 4
    response = await client.delete(f"/api/photos/{photo['id']}", headers=editor["headers"])
    assert response.status_code == 204, response.text
    assert await photo_rows() == 0
    assert media_files(settings) == []
    gone = await client.get(photo["renditions"]["thumb"])
    assert gone.status_code == 404
    problem(await client.delete(f"/api/photos/{photo['id']}", headers=editor["headers"]), 404)


async def test_originals_are_never_served(
    client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings
) -> None:
    await upload(client, editor["headers"], 7, rotated_jpeg_with_gps())
    originals = [p for p in media_files(settings) if "private" in p.parts]
    assert len(originals) == 1
    rel = originals[0].relative_to(settings.media_dir)
    for url in (f"/media/{rel}", f"/media/{rel.relative_to('private')}", f"/media/../{rel}", "/media/%2e%2e/private"):
        assert (await client.get(url)).status_code == 404, url


# --- the Python API other domains use ---------------------------------------------------------------


async def test_service_api_order_blind_and_delete_of_owner(
    client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings, app: Litestar
) -> None:
    media = app.state.media
    actor = Actor(id=1, username="x", full_name="X", role=Role.admin, unit_id=None)
    first = await services.add_photo(media, actor, "model", 7, jpeg(color=(1, 2, 3)), caption="một", credit="Tác giả A")
    second = await services.add_photo(media, actor, "model", 7, jpeg(color=(200, 2, 3)), caption=None, credit=None)
    assert [p.order for p in (first, second)] == [0, 1]
    listed = await services.list_photos("model", 7)
    assert [p.id for p in listed] == [first.id, second.id]
    assert listed[0].credit == "Tác giả A"
    assert (await services.list_photos("model", 7, blind=True))[0].credit is None
    await services.delete_photos_of(media, "model", 7)
    assert await services.list_photos("model", 7) == []
    assert media_files(settings) == []


async def test_database_failure_leaves_no_files(
    client: httpx.AsyncClient,
    editor: dict[str, Any],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    app: Litestar,
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", broken)
    actor = Actor(id=1, username="x", full_name="X", role=Role.admin, unit_id=None)
    with pytest.raises(RuntimeError):
        await services.add_photo(app.state.media, actor, "model", 7, jpeg(), caption=None, credit=None)
    assert await photo_rows() == 0
    assert media_files(settings) == [] or (
        all(p.name.startswith(".") is False for p in media_files(settings)) and False
    )
