"""Embargo and schedule with the clock set by the test, and what the public site will show at each moment
(`list_public_stories(now)`, `get_public_story(id, now)`, for the chuyên trang of issue #10)."""

from __future__ import annotations

import datetime as dt

import httpx
import msgspec
import pytest

from guong_dan_van.core.errors import NotFound
from guong_dan_van.core.permissions import Role
from guong_dan_van.publishing import services
from tests.api.publishing_helpers import (
    CEREMONY,
    add_photo,
    assert_problem,
    recognised_model,
    set_time,
    snapshot,
)
from tests.conftest import LoginAs

HOUR = dt.timedelta(hours=1)


async def public_ids(now: dt.datetime) -> list[int]:
    return [s.id for s in await services.list_public_stories(now)]


async def test_nothing_is_published_before_the_embargo(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    set_time(monkeypatch, CEREMONY - dt.timedelta(days=1))
    made = await client.post(
        "/api/publishing",
        json={"item_type": "model", "item_id": model_id, "channel": "website", "embargo_until": CEREMONY.isoformat()},
        headers=media,
    )
    assert made.status_code == 201, made.text
    pub = made.json()
    before = await snapshot()
    early = await client.patch(
        f"/api/publishing/{pub['id']}", json={"status": "published", "version": 1}, headers=media
    )
    body = assert_problem(early, 422)
    assert body["errors"][0]["rule"] == "embargo" and "08:00 15/10" in body["detail"]
    assert await snapshot() == before
    assert await public_ids(CEREMONY - HOUR) == []
    with pytest.raises(NotFound):
        await services.get_public_story(pub["id"], CEREMONY - HOUR)

    set_time(monkeypatch, CEREMONY + dt.timedelta(minutes=5))
    done = await client.patch(f"/api/publishing/{pub['id']}", json={"status": "published", "version": 1}, headers=media)
    assert done.status_code == 200, done.text
    assert await public_ids(CEREMONY + HOUR) == [pub["id"]]
    assert await public_ids(CEREMONY - HOUR) == []  # asked about a moment before the embargo: still absent
    story = await services.get_public_story(pub["id"], CEREMONY + HOUR)
    assert story.title == "Thắp sáng đường quê" and story.years_recognised == [CEREMONY.year - 1]
    assert [r.label for r in story.results] == ["Đèn chiếu sáng", "Đường được thắp sáng"]
    assert "0912" not in msgspec.json.encode(story).decode()  # the contact person stays private


async def test_a_scheduled_story_appears_by_itself_and_withdrawal_takes_it_down(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as, decision="exemplary")
    editor_photo = await add_photo(client, admin, "models", model_id, "Đèn sáng dọc đường thôn Đông", "Trần Văn Ảnh")
    set_time(monkeypatch, CEREMONY - dt.timedelta(days=3))
    body = {
        "item_type": "model",
        "item_id": model_id,
        "channel": "website",
        "embargo_until": CEREMONY.isoformat(),
        "scheduled_for": (CEREMONY + 2 * HOUR).isoformat(),
    }
    made = await client.post("/api/publishing", json=body, headers=media)
    assert made.status_code == 201 and made.json()["status"] == "scheduled"
    pub = made.json()
    radio = await client.post("/api/publishing", json={**body, "channel": "radio"}, headers=media)
    assert radio.status_code == 201

    assert await public_ids(CEREMONY + HOUR) == []
    with pytest.raises(NotFound):
        await services.get_public_story(pub["id"], CEREMONY + HOUR)
    assert await public_ids(CEREMONY + 3 * HOUR) == [pub["id"]]  # the website only, never the radio
    story = await services.get_public_story(pub["id"], CEREMONY + 3 * HOUR)
    assert story.public_since == CEREMONY + 2 * HOUR
    assert [(p.caption, p.credit) for p in story.photos] == [("Đèn sáng dọc đường thôn Đông", "Trần Văn Ảnh")]
    assert story.photos[0].large == editor_photo["renditions"]["large"]

    withdrawn = await client.patch(
        f"/api/publishing/{pub['id']}", json={"status": "withdrawn", "version": 1}, headers=media
    )
    assert withdrawn.status_code == 200
    assert await public_ids(CEREMONY + 3 * HOUR) == []
    with pytest.raises(NotFound):
        await services.get_public_story(pub["id"], CEREMONY + 3 * HOUR)
    for unknown in (0, 999_999, 2**40):
        with pytest.raises(NotFound):
            await services.get_public_story(unknown, CEREMONY)


async def test_a_schedule_in_the_past_or_before_the_embargo_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    set_time(monkeypatch, CEREMONY)
    before = await snapshot()
    base = {"item_type": "model", "item_id": model_id, "channel": "website"}
    past = await client.post("/api/publishing", json={**base, "scheduled_for": (CEREMONY - HOUR).isoformat()},
                             headers=media)  # fmt: skip
    assert assert_problem(past, 422)["errors"][0]["field"] == "scheduled_for"
    early = {**base, "embargo_until": (CEREMONY + 5 * HOUR).isoformat(), "scheduled_for": (CEREMONY + HOUR).isoformat()}
    assert "cấm đăng" in assert_problem(await client.post("/api/publishing", json=early, headers=media), 422)["detail"]
    assert await snapshot() == before

    made = (await client.post("/api/publishing", json={**base, "embargo_until": (CEREMONY + 5 * HOUR).isoformat()},
                              headers=media)).json()  # fmt: skip
    url = f"/api/publishing/{made['id']}"
    too_soon = {"status": "scheduled", "version": 1, "scheduled_for": (CEREMONY + HOUR).isoformat()}
    assert_problem(await client.patch(url, json=too_soon, headers=media), 422)
    later = {"status": "scheduled", "version": 1, "scheduled_for": (CEREMONY + 6 * HOUR).isoformat()}
    scheduled = await client.patch(url, json=later, headers=media)
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "scheduled"
    moved = await client.patch(
        url, json={**later, "version": 2, "scheduled_for": (CEREMONY + 8 * HOUR).isoformat()}, headers=media
    )
    assert dt.datetime.fromisoformat(moved.json()["scheduled_for"]) == CEREMONY + 8 * HOUR


async def test_the_queue_tells_a_schedule_that_has_passed_and_whether_the_story_is_public_now(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    set_time(monkeypatch, CEREMONY - HOUR)
    made = {}
    for channel in ("website", "radio"):
        body = {"item_type": "model", "item_id": model_id, "channel": channel, "scheduled_for": CEREMONY.isoformat()}
        response = await client.post("/api/publishing", json=body, headers=media)
        assert response.status_code == 201, response.text
        made[channel] = response.json()
        assert (made[channel]["public_now"], made[channel]["schedule_passed"]) == (False, False)
    html = (await client.get("/publishing", headers=media)).text
    status_cell = 'data-label="Trạng thái">'
    assert html.count(status_cell + "Đã lên lịch<") == 2
    set_time(monkeypatch, CEREMONY + HOUR)
    website = (await client.get(f"/api/publishing/{made['website']['id']}", headers=media)).json()
    radio = (await client.get(f"/api/publishing/{made['radio']['id']}", headers=media)).json()
    # The stored status stays "scheduled"; the website story is on the chuyên trang by itself, the radio one
    # waits for someone to say it went on air.
    assert (website["status"], website["public_now"], website["schedule_passed"]) == ("scheduled", True, True)
    assert (radio["status"], radio["public_now"], radio["schedule_passed"]) == ("scheduled", False, True)
    html = (await client.get("/publishing", headers=media)).text
    assert "Đã lên chuyên trang theo lịch" in html and "Quá lịch, chưa đánh dấu đã đăng" in html
    assert status_cell + "Đã lên lịch<" not in html
