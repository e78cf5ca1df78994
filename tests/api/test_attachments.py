"""Contest attachments (PDF, MP3, MP4) through the API: type by content, caps, safe downloads, blind names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from guong_dan_van.core.permissions import Role
from guong_dan_van.media.tables import Attachment
from guong_dan_van.settings import Settings
from tests.api.test_photos import app, editor, media_files, problem, settings
from tests.conftest import LoginAs

__all__ = ["app", "editor", "settings"]  # fixtures shared with the photo tests

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free" + b"\x00" * 100


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], owner_id: int, data: bytes, name: str, ctype: str = "x/y"
) -> httpx.Response:
    return await client.post(
        f"/api/entries/{owner_id}/attachments", files={"file": (name, data, ctype)}, headers=headers
    )


async def rows() -> int:
    return int(await Attachment.count().run())


@pytest.mark.parametrize(
    ("data", "kind", "ctype"),
    [
        (PDF, "pdf", "application/pdf"),
        (MP3_ID3, "audio", "audio/mpeg"),
        (MP3_FRAME, "audio", "audio/mpeg"),
        (MP4, "video", "video/mp4"),
    ],
    ids=["pdf", "mp3-id3", "mp3-frame", "mp4"],
)
async def test_upload_and_download(
    client: httpx.AsyncClient, editor: dict[str, Any], data: bytes, kind: str, ctype: str
) -> None:
    response = await upload(client, editor["headers"], 7, data, "Kịch bản phóng sự.bin", "application/octet-stream")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == kind and body["content_type"] == ctype and body["size"] == len(data)
    ext = {"pdf": "pdf", "audio": "mp3", "video": "mp4"}[kind]
    assert body["filename"] == f"Kịch bản phóng sự.{ext}"
    assert body["url"] == f"/api/attachments/{body['id']}"
    download = await client.get(body["url"], headers=editor["headers"])
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith(ctype)
    assert download.headers["x-content-type-options"] == "nosniff"
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="kich_ban_phong_su.{ext}"' in disposition
    assert "filename*=UTF-8''K%E1%BB%8Bch%20b%E1%BA%A3n%20ph%C3%B3ng%20s%E1%BB%B1." + ext in disposition
    assert (await client.get(body["url"])).status_code == 401  # downloads need a session


async def test_hostile_file_names_are_neutralised(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    name = '../../etc/pa"ss\r\nX-Evil: 1;<script>.html'
    response = await upload(client, editor["headers"], 7, PDF, name)
    assert response.status_code == 201, response.text
    filename = response.json()["filename"]
    assert filename.endswith(".pdf") and "/" not in filename and "\r" not in filename and '"' not in filename
    download = await client.get(response.json()["url"], headers=editor["headers"])
    assert "x-evil" not in download.headers
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (b"<html><body>hi</body></html>", "bai.pdf", 415),
        (b"", "rong.pdf", 415),
        (b"GIF89a" + b"\x00" * 50, "a.mp4", 415),
        (b"PK\x03\x04" + b"\x00" * 50, "bai.docx", 415),
        (b"%PDF-1.4\n" + b"x" * 200_001, "lon.pdf", 413),
    ],
    ids=["html-named-pdf", "empty", "gif-named-mp4", "zip", "over-cap"],
)
async def test_refusals_store_nothing(
    client: httpx.AsyncClient, editor: dict[str, Any], settings: Settings, data: bytes, name: str, status: int
) -> None:
    problem(await upload(client, editor["headers"], 7, data, name), status)
    assert await rows() == 0
    assert media_files(settings) == []


async def test_permissions_dedup_blind_and_delete(
    client: httpx.AsyncClient, editor: dict[str, Any], login_as: LoginAs, settings: Settings
) -> None:
    outsider = await login_as(Role.unit)
    judge = await login_as(Role.judge)
    problem(await upload(client, outsider, 7, PDF, "a.pdf"), 404)
    problem(await upload(client, judge, 7, PDF, "a.pdf"), 403)
    assert await rows() == 0 and media_files(settings) == []

    first = await upload(client, editor["headers"], 7, PDF, "Nguyễn Văn A - kịch bản.pdf")
    assert first.status_code == 201
    again = await upload(client, editor["headers"], 7, PDF, "khac.pdf")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert await rows() == 1 and len(media_files(settings)) == 1
    stored = media_files(settings)[0]
    assert "Nguy" not in str(stored) and stored.suffix == ".pdf"  # stored names never come from the user

    url = first.json()["url"]
    problem(await client.get(url, headers=outsider), 404)
    blind = await client.get(url, headers=judge)  # the fake says judges see entries blind
    assert blind.status_code == 200
    assert "Nguy" not in blind.headers["content-disposition"]
    assert f"tep-dinh-kem-{first.json()['id']}.pdf" in blind.headers["content-disposition"]

    problem(await client.delete(url, headers=outsider), 404)
    problem(await client.delete(url, headers=judge), 403)
    assert (await client.delete(url, headers=editor["headers"])).status_code == 204
    assert await rows() == 0 and media_files(settings) == []
    problem(await client.get(url, headers=editor["headers"]), 404)


async def test_unknown_entry_and_unknown_attachment(client: httpx.AsyncClient, editor: dict[str, Any]) -> None:
    problem(await upload(client, editor["headers"], 4242, PDF, "a.pdf"), 404)
    problem(await client.get("/api/attachments/999999", headers=editor["headers"]), 404)
    problem(await client.get("/api/attachments/99999999999", headers=editor["headers"]), 404)


def test_storage_writes_atomically_and_never_serves_private_keys(tmp_path: Path) -> None:
    from guong_dan_van.media.storage import LocalStorage, new_key

    storage = LocalStorage(tmp_path)
    key = new_key("private", "pdf")
    storage.write(key, b"%PDF-")
    assert storage.path(key).read_bytes() == b"%PDF-"
    assert storage.public_path(key) is None
    assert storage.public_path(key.removeprefix("private/")) is None  # .pdf is never a served name
    assert list(tmp_path.rglob("*.tmp")) == []
    with pytest.raises(ValueError):
        storage.path("private/../../etc/passwd")
