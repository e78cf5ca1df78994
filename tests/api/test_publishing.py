"""The publishing queue through the API: queue a recognised model per channel, schedule, publish, withdraw;
who may; every refusal a problem document that changes nothing; stale versions lose no update."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from litestar import Litestar
from piccolo.engine.base import Engine

from guong_dan_van.app import create_app
from guong_dan_van.core import audit
from guong_dan_van.core.permissions import Role
from guong_dan_van.settings import Settings
from tests.api.publishing_helpers import (
    CEREMONY,
    assert_problem,
    recognised_model,
    set_time,
    snapshot,
    some_entry,
)
from tests.conftest import LoginAs


@pytest.fixture
async def media(login_as: LoginAs) -> dict[str, str]:
    return await login_as(Role.media)


async def queue(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await client.post("/api/publishing", json=body, headers=headers)


async def test_media_center_queues_publishes_and_withdraws_a_recognised_model(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str]
) -> None:
    model_id = await recognised_model(client, admin, login_as, decision="exemplary")
    web = await queue(client, media, item_type="model", item_id=model_id, channel="website")
    assert web.status_code == 201, web.text
    body = web.json()
    assert body["status"] == "queued" and body["version"] == 1 and body["title"] == "Thắp sáng đường quê"
    radio = await queue(client, media, item_type="model", item_id=model_id, channel="radio")
    assert radio.status_code == 201 and radio.json()["channel"] == "radio"

    published = await client.patch(
        f"/api/publishing/{body['id']}",
        json={"status": "published", "published_url": "https://trungtam.vn/bai/thap-sang", "version": 1},
        headers=media,
    )
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published" and published.json()["version"] == 2
    assert published.json()["published_url"] == "https://trungtam.vn/bai/thap-sang"
    assert published.json()["published_at"] is not None

    listed = await client.get("/api/publishing?channel=website&status=published", headers=media)
    assert [p["id"] for p in listed.json()["items"]] == [body["id"]] and listed.json()["total"] == 1
    withdrawn = await client.patch(
        f"/api/publishing/{body['id']}", json={"status": "withdrawn", "version": 2}, headers=media
    )
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["withdrawn_at"]
    # Withdrawn is final; the story may be queued again on that channel as a new publication.
    again = await client.patch(
        f"/api/publishing/{body['id']}", json={"status": "published", "version": 3}, headers=media
    )
    assert_problem(again, 409)
    requeued = await queue(client, media, item_type="model", item_id=model_id, channel="website")
    assert requeued.status_code == 201 and requeued.json()["id"] != body["id"]

    history = [a.action for a in await audit.history("publication", body["id"])]
    assert history == ["publication.withdrawn", "publication.published", "publication.create"]


async def test_a_story_is_queued_once_per_live_channel(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str]
) -> None:
    model_id = await recognised_model(client, admin, login_as)
    assert (await queue(client, media, item_type="model", item_id=model_id, channel="social")).status_code == 201
    before = await snapshot()
    twice = await queue(client, admin, item_type="model", item_id=model_id, channel="social")
    body = assert_problem(twice, 409)
    assert body["errors"][0]["field"] == "channel" and "Mạng xã hội" in body["detail"]
    racing = await asyncio.gather(
        *(queue(client, media, item_type="model", item_id=model_id, channel="television") for _ in range(3))
    )
    assert sorted(r.status_code for r in racing) == [201, 409, 409]
    assert len((await snapshot())[0]) == len(before[0]) + 1


@pytest.mark.parametrize("role", [Role.unit, Role.judge])
async def test_only_the_media_center_and_the_committee_publish(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str], role: Role
) -> None:
    model_id = await recognised_model(client, admin, login_as)
    made = (await queue(client, media, item_type="model", item_id=model_id, channel="website")).json()
    other = await login_as(role)
    before = await snapshot()
    assert_problem(await queue(client, other, item_type="model", item_id=model_id, channel="radio"), 403)
    assert_problem(await client.get("/api/publishing", headers=other), 403)
    assert_problem(await client.get("/api/publishing/stories", headers=other), 403)
    assert_problem(await client.get(f"/api/publishing/{made['id']}", headers=other), 403)
    assert_problem(await client.get(f"/api/publishing/{made['id']}/kit.zip", headers=other), 403)
    patched = await client.patch(
        f"/api/publishing/{made['id']}", json={"status": "withdrawn", "version": 1}, headers=other
    )
    assert_problem(patched, 403)
    assert_problem(await client.get("/api/publishing"), 401)
    assert await snapshot() == before
    assert (await client.get(f"/api/publishing/{made['id']}", headers=admin)).status_code == 200


async def test_only_publishable_stories_may_be_queued(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str]
) -> None:
    submitted = await recognised_model(client, admin, login_as, decision="")
    rejected = await recognised_model(client, admin, login_as, decision="rejected")
    entry_id = await some_entry(client, admin)
    before = await snapshot()
    for model_id in (submitted, rejected):
        body = assert_problem(await queue(client, media, item_type="model", item_id=model_id, channel="website"), 422)
        assert body["errors"][0]["rule"] == "not_publishable"
    body = assert_problem(await queue(client, media, item_type="entry", item_id=entry_id, channel="website"), 422)
    assert "chưa đoạt giải" in body["detail"] and body["errors"][0]["rule"] == "not_awarded"
    assert_problem(await queue(client, media, item_type="model", item_id=99999, channel="website"), 404)
    assert_problem(await queue(client, media, item_type="entry", item_id=99999, channel="website"), 404)
    assert await snapshot() == before


async def test_an_awarded_entry_is_queued_once_the_app_is_told_of_its_award(
    db: Engine, settings: Settings, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    entry_id = await some_entry(client, admin)

    async def awarded() -> set[int]:
        return {entry_id}

    app: Litestar = create_app(settings, engine=db, manage_engine=False, awarded_entry_ids=awarded)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local") as c:
        media = await login_as_with(c, login_as)
        stories = (await c.get("/api/publishing/stories?item_type=entry", headers=media)).json()
        assert [(s["item_type"], s["item_id"], s["standing"]) for s in stories["items"]] == [
            ("entry", entry_id, "awarded")
        ]
        made = await c.post(
            "/api/publishing", json={"item_type": "entry", "item_id": entry_id, "channel": "radio"}, headers=media
        )
        assert made.status_code == 201, made.text


async def login_as_with(c: httpx.AsyncClient, login_as: LoginAs) -> dict[str, str]:
    """A media user made through the shared fixture, logged in on another app of the same database."""
    headers = await login_as(Role.media, username="truyenthong-giai")
    assert (await c.get("/api/me", headers=headers)).status_code == 200
    return headers


BAD_CREATE: list[Any] = [
    {},
    {"item_type": "model", "item_id": 1},
    {"item_type": "article", "item_id": 1, "channel": "website"},
    {"item_type": "model", "item_id": "một", "channel": "website"},
    {"item_type": "model", "item_id": 2**40, "channel": "website"},
    {"item_type": "model", "item_id": 1, "channel": "báo giấy"},
    {"item_type": "model", "item_id": 1, "channel": "website", "embargo_until": "15/10"},
    {"item_type": "model", "item_id": 1, "channel": "website", "embargo_until": "2026-10-15T08:00:00"},
    {"item_type": "model", "item_id": 1, "channel": "website", "priority": 1},
    [1, 2],
    "x" * 5000,
]


async def test_bad_input_is_a_problem_document_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str]
) -> None:
    model_id = await recognised_model(client, admin, login_as)
    made = (await queue(client, media, item_type="model", item_id=model_id, channel="website")).json()
    before = await snapshot()
    for body in BAD_CREATE:
        assert_problem(await client.post("/api/publishing", json=body, headers=media), 400)
    raw = await client.post(
        "/api/publishing", content=b"{not json", headers={**media, "content-type": "application/json"}
    )
    assert_problem(raw, 400)
    url = f"/api/publishing/{made['id']}"
    for patch in (
        {"status": "published"},
        {"status": "queued", "version": 1},
        {"status": "published", "version": 0},
        {"status": "published", "version": 1, "published_url": "trang web của huyện"},
        {"status": "published", "version": 1, "published_url": "javascript:alert(1)"},
        {"status": "scheduled", "version": 1, "scheduled_for": "ngày mai"},
        {"status": "published", "version": 1, "extra": True},
    ):
        assert_problem(await client.patch(url, json=patch, headers=media), 400)
    assert_problem(await client.patch(url, json={"status": "scheduled", "version": 1}, headers=media), 422)
    for far in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        body = {"item_type": "model", "item_id": model_id, "channel": "radio", "embargo_until": far}
        refused = assert_problem(await client.post("/api/publishing", json=body, headers=media), 422)
        assert refused["errors"][0]["field"] == "embargo_until"
        far_schedule = {"status": "scheduled", "version": 1, "scheduled_for": far}
        assert_problem(await client.patch(url, json=far_schedule, headers=media), 422)
    assert_problem(
        await client.patch(
            url, json={"status": "withdrawn", "version": 1, "published_url": "https://a.vn/b"}, headers=media
        ),
        422,
    )
    for missing in ("/api/publishing/999999", "/api/publishing/0", f"/api/publishing/{2**40}"):
        assert_problem(await client.get(missing, headers=media), 404)
        assert_problem(await client.get(missing + "/kit.zip", headers=media), 404)
        assert_problem(await client.patch(missing, json={"status": "withdrawn", "version": 1}, headers=media), 404)
    assert_problem(await client.get("/api/publishing?status=xong", headers=media), 400)
    assert_problem(await client.get("/api/publishing?channel=" + "x" * 500, headers=media), 400)
    assert_problem(await client.get("/api/publishing?limit=100000", headers=media), 400)
    assert (await client.get("/api/publishing?status=&channel=", headers=media)).json()["total"] == 1
    assert await snapshot() == before


async def test_concurrent_edits_lose_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    set_time(monkeypatch, CEREMONY - dt.timedelta(days=30))
    model_id = await recognised_model(client, admin, login_as)
    made = (await queue(client, media, item_type="model", item_id=model_id, channel="website")).json()
    url = f"/api/publishing/{made['id']}"
    schedule = {"status": "scheduled", "version": 1, "scheduled_for": CEREMONY.isoformat()}
    withdraw = {"status": "withdrawn", "version": 1}
    answers = await asyncio.gather(
        client.patch(url, json=schedule, headers=media), client.patch(url, json=withdraw, headers=admin)
    )
    assert sorted(a.status_code for a in answers) == [200, 409]
    loser = next(a for a in answers if a.status_code == 409)
    assert assert_problem(loser, 409)["current_version"] == 2
    stale = await client.patch(url, json=withdraw, headers=media)
    assert assert_problem(stale, 409)["type"].endswith("stale-version")
    rows, _ = await snapshot()
    assert rows[0]["version"] == 2


async def test_stories_to_publish_page_newest_first_without_overlap(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, media: dict[str, str]
) -> None:
    ids = [await recognised_model(client, admin, login_as, title=f"Mô hình thứ {n}") for n in range(3)]
    whole = (await client.get("/api/publishing/stories", headers=media)).json()
    assert [s["item_id"] for s in whole["items"]] == ids[::-1] and whole["total"] == 3
    pages = [(await client.get(f"/api/publishing/stories?limit=2&offset={o}", headers=media)).json() for o in (0, 2)]
    assert [s["item_id"] for p in pages for s in p["items"]] == ids[::-1]
    assert all(p["total"] == 3 for p in pages)
    assert_problem(await client.get("/api/publishing/stories?item_type=bai", headers=media), 400)
