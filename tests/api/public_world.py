"""A registry with one record of every kind the chuyên trang must show or hide, made through the real API.

Every private value is a distinctive marker, so a test can look for it in every public page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import httpx
from PIL import Image

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Role
from tests.api.test_contest import make_edition, new_entry
from tests.conftest import PASSWORD, login_headers, make_unit, make_user, model_body

YEAR = today_vn().year - 1
EDITOR_NAME = "Trịnh Thị Biên Tập Viên"
CONTACT = "Chị Lan, 0912 345 678, lan.bientap@example.vn"
CONTACT_MARKERS = ["0912 345 678", "lan.bientap@example.vn"]
YEAR_NOTE = "Ghi chú nội bộ: hồ sơ thiếu chữ ký trưởng thôn"
REPLICATION_NOTE = "Ghi chú nhân rộng nội bộ: chưa đối chiếu"
PRIVATE_TITLES = {
    "draft": "Bản nháp chưa gửi của đơn vị",
    "submitted": "Mô hình mới nộp chờ thẩm định",
    "returned": "Mô hình bị trả lại để bổ sung",
    "rejected": "Mô hình không được công nhận",
    "discontinued": "Mô hình đã dừng hoạt động",
}
ENTRY_TITLE = "Tác phẩm dự thi chưa đoạt giải"
PUBLIC_TITLE = "Thắp sáng đường quê"
EXEMPLARY_TITLE = "Đường làng không rác thải"


def jpeg_with_exif(color: tuple[int, int, int] = (180, 90, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (900, 600), color)
    exif = Image.Exif()
    exif[0x010F] = "MayAnhBiMat"  # camera make: must never reach a served file
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


@dataclass
class World:
    public_id: int = 0
    exemplary_id: int = 0
    private_ids: dict[str, int] = field(default_factory=dict)
    unit_id: int = 0
    other_unit_id: int = 0
    photo: dict[str, Any] = field(default_factory=dict)


async def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    data: dict[str, Any] = response.json()
    return data


async def _model(client: httpx.AsyncClient, editor: dict[str, str], title: str, **extra: Any) -> int:
    body = model_body(title=title, contact=CONTACT, **extra)
    return int((await _ok(await client.post("/api/models", json=body, headers=editor), 201))["id"])


async def review(client: httpx.AsyncClient, admin: dict[str, str], model_id: int, decision: str, **extra: Any) -> None:
    body = {"year": YEAR, "decision": decision, **extra}
    await _ok(await client.post(f"/api/models/{model_id}/review", json=body, headers=admin))


async def submit(client: httpx.AsyncClient, headers: dict[str, str], model_id: int, year: int = YEAR) -> None:
    await _ok(await client.post(f"/api/models/{model_id}/submit", json={"year": year}, headers=headers))


async def make_world(client: httpx.AsyncClient, admin: dict[str, str]) -> World:
    world = World()
    world.unit_id = await make_unit("Xã Tân Hòa")
    world.other_unit_id = await make_unit("Xã Phú Mỹ")
    await make_user("bientap", Role.unit, world.unit_id, full_name=EDITOR_NAME)
    editor = await login_headers(client, "bientap", PASSWORD)

    world.public_id = await _model(
        client,
        editor,
        PUBLIC_TITLE,
        body="Đoàn viên **góp công** lắp đèn.",
        results=[{"label": "Đèn chiếu sáng", "value": 270, "unit": "bóng"}],
        field="economy",
    )
    photo = await client.post(
        f"/api/models/{world.public_id}/photos",
        files={"file": ("duong-que.jpg", jpeg_with_exif(), "image/jpeg")},
        data={"caption": "Con đường thôn Đông sáng đèn", "credit": "Minh Khôi"},
        headers=editor,
    )
    world.photo = await _ok(photo, 201)
    await submit(client, editor, world.public_id)
    await review(client, admin, world.public_id, "recognized", note=YEAR_NOTE, decision_no="125/QĐ-BDV")
    replication = {"unit_id": world.other_unit_id, "year": YEAR, "note": REPLICATION_NOTE}
    await _ok(await client.post(f"/api/models/{world.public_id}/replications", json=replication, headers=admin), 201)

    world.exemplary_id = await _model(client, editor, EXEMPLARY_TITLE, field="culture_society", level="province")
    await submit(client, editor, world.exemplary_id)
    await review(client, admin, world.exemplary_id, "exemplary", note=YEAR_NOTE)

    for kind, title in PRIVATE_TITLES.items():
        model_id = await _model(client, editor, title)
        world.private_ids[kind] = model_id
        if kind == "draft":
            continue
        await submit(client, editor, model_id)
        if kind != "submitted":
            await review(client, admin, model_id, kind, note=YEAR_NOTE)

    edition = await make_edition(client, admin)
    await new_entry(client, editor, edition["id"], title=ENTRY_TITLE)
    return world


def leaks() -> list[str]:
    """Every private value of the world: none may appear on a public page."""
    return [
        *PRIVATE_TITLES.values(),
        ENTRY_TITLE,
        EDITOR_NAME,
        *CONTACT_MARKERS,
        YEAR_NOTE,
        REPLICATION_NOTE,
        "MayAnhBiMat",
        "/private/",
    ]
