"""The story kit: a .zip with the text as a Word .docx (opened here with python-docx), the photos in their
large rendition (never the original) and a UTF-8 file of captions and credits."""

from __future__ import annotations

import io
import zipfile

import docx
import httpx
from litestar import Litestar
from piccolo.engine.base import Engine
from PIL import Image

from guong_dan_van.app import create_app
from guong_dan_van.core.permissions import Role
from guong_dan_van.settings import Settings
from tests.api.publishing_helpers import add_photo, recognised_model, some_entry
from tests.conftest import LoginAs


def open_kit(response: httpx.Response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/zip")
    assert "attachment" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


async def test_a_models_kit_holds_its_text_large_photos_and_credits(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as, decision="exemplary")
    first = await add_photo(client, admin, "models", model_id, "Đèn sáng dọc đường thôn Đông", "Trần Văn Ảnh")
    second = await add_photo(client, admin, "models", model_id, "Đoàn viên lắp đèn", "Lê Thị Hình", (20, 90, 160))
    made = await client.post(
        "/api/publishing", json={"item_type": "model", "item_id": model_id, "channel": "television"}, headers=media
    )
    kit = open_kit(await client.get(f"/api/publishing/{made.json()['id']}/kit.zip", headers=media))
    names = kit.namelist()
    assert names[0] == "bai-viet.docx" and names[-1] == "chu-thich-anh.txt"
    photos = [n for n in names if n.startswith("anh/")]
    assert len(photos) == 2

    document = docx.Document(io.BytesIO(kit.read("bai-viet.docx")))
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    texts = [t for _, t in paragraphs]
    assert paragraphs[0] == ("Title", "Thắp sáng đường quê")
    assert "Đoàn viên vận động nhân dân góp công lắp đèn dọc đường thôn." in texts
    assert "Lĩnh vực: Văn hóa – xã hội" in texts and "Cấp: Cơ sở" in texts
    assert "Đèn chiếu sáng: 270 đèn" in texts and "Đường được thắp sáng: 10.700 m" in texts
    assert ("Heading 3", "Cách làm") in paragraphs
    assert ("List Bullet", "Khảo sát tuyến đường") in paragraphs and ("List Number", "Lắp đèn") in paragraphs
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "công khai" in bold
    assert not any("0912" in t for t in texts)  # the contact person is not part of the story

    for name, photo in zip(photos, (first, second), strict=True):
        served = await client.get(photo["renditions"]["large"])
        assert kit.read(name) == served.content  # the large rendition exactly
        with Image.open(io.BytesIO(kit.read(name))) as image:
            assert image.size == (2048, 1365) and not image.getexif()
    credits = kit.read("chu-thich-anh.txt").decode("utf-8")
    assert "Chú thích: Đèn sáng dọc đường thôn Đông" in credits and "Ảnh: Trần Văn Ảnh" in credits
    assert "Ảnh: Lê Thị Hình" in credits and photos[0].removeprefix("anh/") in credits


async def test_an_entrys_kit_names_its_authors_and_outlet(
    db: Engine, settings: Settings, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    entry_id = await some_entry(client, admin)
    patched = await client.get(f"/api/entries/{entry_id}", headers=admin)
    body = "Đoạn mở đầu về con đường.\n\nĐoạn thứ hai kể chuyện người dân góp công."
    changed = await client.patch(
        f"/api/entries/{entry_id}", json={"body": body, "version": patched.json()["version"]}, headers=admin
    )
    assert changed.status_code == 200, changed.text

    async def awarded() -> set[int]:
        return {entry_id}

    app: Litestar = create_app(settings, engine=db, manage_engine=False, awarded_entry_ids=awarded)
    media = await login_as(Role.media)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local") as c:
        made = await c.post(
            "/api/publishing", json={"item_type": "entry", "item_id": entry_id, "channel": "website"}, headers=media
        )
        assert made.status_code == 201, made.text
        kit = open_kit(await c.get(f"/api/publishing/{made.json()['id']}/kit.zip", headers=media))
    texts = [p.text for p in docx.Document(io.BytesIO(kit.read("bai-viet.docx"))).paragraphs]
    assert texts[0] == "Con đường sáng đèn ở thôn Đông"
    assert "Tác giả: Nguyễn Thị Lan (Lan Anh)" in texts and "Cơ quan báo chí: Báo Bình Sơn" in texts
    assert "Đoạn thứ hai kể chuyện người dân góp công." in texts
    assert "Tin bài này chưa có ảnh." in kit.read("chu-thich-anh.txt").decode("utf-8")
