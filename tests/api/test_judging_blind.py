"""A blind round stays blind: everything a judge can obtain about an entry — API answers, pages, file
names, photo credits and the files themselves — names no author, pen name, outlet, unit or credit."""

from __future__ import annotations

import io

import httpx
import mutagen
from mutagen.id3 import ID3, TIT2, TPE1
from pypdf import PdfReader, PdfWriter

from guong_dan_van.core.text import fold_vietnamese
from tests.api.judging_helpers import room
from tests.api.test_photos import jpeg
from tests.conftest import login_headers

SECRETS = ["Nguyễn Thị Lan", "Lan Anh", "Báo Bình Sơn", "Trần Quang Huy", "bienTap"]


def pdf_with_maker() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Nguyễn Thị Lan", "/Title": "Lan Anh – Báo Bình Sơn", "/Creator": "Báo Bình Sơn"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mp3_with_maker() -> bytes:
    buffer = io.BytesIO((bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)) * 10)
    tags = ID3()
    tags.add(TPE1(encoding=3, text="Nguyễn Thị Lan"))
    tags.add(TIT2(encoding=3, text="Báo Bình Sơn"))
    tags.save(buffer)
    return buffer.getvalue()


def embedded_text(blob: bytes) -> list[str]:
    """What the file's own metadata says, read the way a reader's tools would (PDF info, audio tags); raw
    bytes (XMP is plain XML) are searched by the caller."""
    found = [blob.decode("utf-16-le", "ignore"), blob.decode("utf-16-be", "ignore")]
    if blob.startswith(b"%PDF-"):
        reader = PdfReader(io.BytesIO(blob))
        found += [str(v) for v in (reader.metadata or {}).values()]
    elif len(blob) > 4:
        tags = mutagen.File(io.BytesIO(blob))
        found += [] if tags is None or tags.tags is None else [str(v) for v in tags.tags.values()]
    return found


def leaks(blob: bytes | str) -> list[str]:
    """The secrets found in a text or file, compared folded (no accents, any case) on both sides."""
    text = blob if isinstance(blob, str) else blob.decode("utf-8", "ignore") + blob.decode("latin-1")
    texts = [fold_vietnamese(text), fold_vietnamese(text.encode("latin-1", "ignore").decode("utf-8", "ignore"))]
    if isinstance(blob, bytes):
        texts += [fold_vietnamese(t) for t in embedded_text(blob)]
    return [s for s in SECRETS if any(fold_vietnamese(s) in t for t in texts)]


async def test_everything_a_judge_can_reach_in_a_blind_round_is_anonymous(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(
        client,
        admin,
        entries=[{"title": "Con đường sáng đèn", "media_type": "print", "url": "https://baobinhson.vn/bai-1"}],
        judges=[("gk1", "Giám Khảo Một", None)],
        blind=True,
        per_entry=1,
    )
    entry_id = r.entries[0]["id"]
    unit = await login_headers(client, "bienTap")
    photo = await client.post(
        f"/api/entries/{entry_id}/photos",
        files={"file": ("Nguyễn Thị Lan.jpg", jpeg(), "image/jpeg")},
        data={"caption": "Thôn Đông lúc lên đèn", "credit": "Ảnh: Trần Quang Huy"},
        headers=admin,
    )
    assert photo.status_code == 201, photo.text
    for name, content, kind in (
        ("Nguyễn Thị Lan - Báo Bình Sơn.pdf", pdf_with_maker(), "application/pdf"),
        ("Lan Anh.mp3", mp3_with_maker(), "audio/mpeg"),
    ):
        up = await client.post(
            f"/api/entries/{entry_id}/attachments", files={"file": (name, content, kind)}, headers=admin
        )
        assert up.status_code == 201, up.text
    assert unit  # the unit made the entry; the committee added its files
    await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)
    await client.post(f"/api/rounds/{r.round_id}/open", headers=admin)
    judge = r.headers["gk1"]

    seen: dict[str, bytes | str] = {}
    for path in (
        f"/api/rounds/{r.round_id}",
        f"/api/rounds/{r.round_id}/assignments",
        f"/api/editions/{r.edition_id}/rounds",
        f"/api/photos/{photo.json()['id']}",
        "/api/me",
        "/",
        "/judging/queue",
        f"/judging/rounds/{r.round_id}/score/{entry_id}",
    ):
        res = await client.get(path, headers=judge)
        assert res.status_code == 200, (path, res.text)
        seen[path] = res.text
    queue = (await client.get(f"/api/rounds/{r.round_id}/assignments", headers=judge)).json()["items"]
    [item] = queue
    assert item["entry"]["title"] == "Con đường sáng đèn" and item["entry"]["authors"] is None
    for attachment in item["entry"]["attachments"]:
        res = await client.get(attachment["url"], headers=judge)
        assert res.status_code == 200
        seen[attachment["url"]] = res.content
        seen[attachment["url"] + " headers"] = str(res.headers)
    for rendition in item["entry"]["photos"][0]["renditions"].values():
        seen[rendition] = (await client.get(rendition)).content
    saved = await client.put(
        f"/api/rounds/{r.round_id}/scores/{entry_id}",
        json={"scores": {"noi_dung": 40, "hinh_thuc": 20, "hieu_qua": 10}},
        headers=judge,
    )
    seen["score"] = saved.text
    # What a judge may not reach at all: the entry outside judging, lists of entries, the model side.
    for path in (f"/api/entries/{entry_id}", f"/api/editions/{r.edition_id}/entries"):
        res = await client.get(path, headers=judge)
        assert res.status_code in (403, 404), (path, res.status_code)
        seen[path] = res.text
    found = {where: leaks(blob) for where, blob in seen.items() if leaks(blob)}
    assert found == {}
    # The check itself finds the names in what the committee sees.
    assert leaks((await client.get(f"/api/entries/{entry_id}", headers=admin)).text)
    assert leaks(pdf_with_maker()) and leaks(mp3_with_maker())
