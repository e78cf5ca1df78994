"""Helpers for the publishing tests: a recognised model with photos, an entry, the time set by the test."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import httpx
import pytest
from PIL import Image

from guong_dan_van.core import clock
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.publishing.tables import Publication
from tests.api.test_contest import make_edition, new_entry
from tests.conftest import LoginAs

THIS_YEAR = clock.today_vn().year
CEREMONY = dt.datetime(THIS_YEAR + 1, 10, 15, 8, 0, tzinfo=clock.VN_TZ)  # lễ trao giải 15/10


def model_with_story(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Thắp sáng đường quê",
        "kind": "collective",
        "field": "culture_society",
        "level": "grassroots",
        "summary": "Đoàn viên vận động nhân dân góp công lắp đèn dọc đường thôn.",
        "body": "## Cách làm\n\nHọp dân từng xóm, **công khai** các khoản đóng góp.\n\n"
        "- Khảo sát tuyến đường\n- Vận động góp công\n\n1. Lắp đèn\n2. Bàn giao cho thôn quản lý",
        "results": [
            {"label": "Đèn chiếu sáng", "value": 270, "unit": "đèn"},
            {"label": "Đường được thắp sáng", "value": 10700, "unit": "m"},
        ],
        "contact": "Anh Lâm, 0912 000 111",
        **extra,
    }


async def recognised_model(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, decision: str = "recognized", **extra: Any
) -> int:
    """A model of a unit, submitted for this year and reviewed by the committee."""
    editor = await login_as(Role.unit)
    created = await client.post("/api/models", json=model_with_story(**extra), headers=editor)
    assert created.status_code == 201, created.text
    model_id = int(created.json()["id"])
    assert (await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR}, headers=editor)).is_success
    if decision:
        reviewed = await client.post(
            f"/api/models/{model_id}/review", json={"year": THIS_YEAR, "decision": decision}, headers=admin
        )
        assert reviewed.status_code == 200, reviewed.text
    return model_id


async def published_on_website(client: httpx.AsyncClient, media: dict[str, str], model_id: int) -> int:
    """A model queued for the website channel and marked published at once; the publication's id."""
    body = {"item_type": "model", "item_id": model_id, "channel": "website"}
    made = await client.post("/api/publishing", json=body, headers=media)
    assert made.status_code == 201, made.text
    pub_id = int(made.json()["id"])
    done = await client.patch(f"/api/publishing/{pub_id}", json={"status": "published", "version": 1}, headers=media)
    assert done.status_code == 200, done.text
    return pub_id


def jpeg(color: tuple[int, int, int], size: tuple[int, int] = (2400, 1600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90)
    return out.getvalue()


async def add_photo(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    owner: str,
    owner_id: int,
    caption: str,
    credit: str,
    color: tuple[int, int, int] = (200, 120, 40),
) -> dict[str, Any]:
    r = await client.post(
        f"/api/{owner}/{owner_id}/photos",
        files={"file": ("anh.jpg", jpeg(color), "image/jpeg")},
        data={"caption": caption, "credit": credit},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


async def some_entry(client: httpx.AsyncClient, admin: dict[str, str]) -> int:
    edition = await make_edition(client, admin)
    return int((await new_entry(client, admin, edition["id"]))["id"])


def set_time(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """The services read `clock.now()`; from here on it answers `moment`."""
    monkeypatch.setattr(clock, "now", lambda: moment.astimezone(dt.UTC))


async def snapshot() -> tuple[list[dict[str, Any]], int]:
    rows = await Publication.select().order_by(Publication.id).run()
    return rows, await AuditEntry.count().run()


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return dict(body)
