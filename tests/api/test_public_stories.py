"""Stories on the public chuyên trang with the clock set by the test: absent before their embargo or schedule
(page, home, feeds, sitemap), present after, gone at once when withdrawn; slugs and redirects; feeds parse."""

from __future__ import annotations

import datetime as dt

import feedparser
import httpx
import pytest
from litestar import Litestar
from piccolo.engine.base import Engine

from guong_dan_van.app import create_app
from guong_dan_van.core.permissions import Role
from guong_dan_van.settings import Settings
from tests.api.publishing_helpers import CEREMONY, add_photo, published_on_website, recognised_model, set_time
from tests.conftest import LoginAs

HOUR = dt.timedelta(hours=1)
TITLE = "Thắp sáng đường quê"
SLUG_WORDS = "thap-sang-duong-que"


async def where_it_shows(client: httpx.AsyncClient, pub_id: int) -> dict[str, bool]:
    """Every public place a story can appear, by name."""
    page = await client.get(f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{pub_id}")
    home = (await client.get("/chuyen-trang")).text
    atom = feedparser.parse((await client.get("/chuyen-trang/feed.atom")).content)
    rss = feedparser.parse((await client.get("/chuyen-trang/feed.rss")).content)
    sitemap = (await client.get("/sitemap.xml")).text
    address = f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{pub_id}"
    return {
        "page": page.status_code == 200,
        "home": address in home,
        "atom": any(e.link.endswith(address) for e in atom.entries),
        "rss": any(e.link.endswith(address) for e in rss.entries),
        "sitemap": address in sitemap,
    }


NOWHERE = {"page": False, "home": False, "atom": False, "rss": False, "sitemap": False}
EVERYWHERE = {"page": True, "home": True, "atom": True, "rss": True, "sitemap": True}


async def test_a_scheduled_story_appears_at_its_time_and_withdrawal_takes_it_down_everywhere(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    login_as: LoginAs,
    monkeypatch: pytest.MonkeyPatch,
    app: Litestar,
) -> None:
    app.state.public_memo.seconds = 0
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as, decision="exemplary")
    await add_photo(client, admin, "models", model_id, "Đèn sáng dọc đường thôn Đông", "Trần Văn Ảnh")
    set_time(monkeypatch, CEREMONY - dt.timedelta(days=3))
    body = {
        "item_type": "model",
        "item_id": model_id,
        "channel": "website",
        "embargo_until": CEREMONY.isoformat(),
        "scheduled_for": (CEREMONY + 2 * HOUR).isoformat(),
    }
    made = await client.post("/api/publishing", json=body, headers=media)
    assert made.status_code == 201, made.text
    pub = made.json()
    scheduled = await client.patch(
        f"/api/publishing/{pub['id']}",
        json={"status": "scheduled", "scheduled_for": body["scheduled_for"], "version": 1},
        headers=media,
    )
    assert scheduled.status_code == 200, scheduled.text

    set_time(monkeypatch, CEREMONY + HOUR)  # past the embargo, before the schedule
    assert await where_it_shows(client, pub["id"]) == NOWHERE
    guessed = await client.get(f"/chuyen-trang/bai-viet/{pub['id']}")
    assert guessed.status_code == 404 and "Không tìm thấy bài viết" in guessed.text

    set_time(monkeypatch, CEREMONY + 3 * HOUR)  # its time has come, by itself
    assert await where_it_shows(client, pub["id"]) == EVERYWHERE
    page = await client.get(f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{pub['id']}")
    assert TITLE in page.text and "Trần Văn Ảnh" in page.text and 'property="og:image"' in page.text
    assert "0912" not in page.text  # the contact person stays private
    bare = await client.get(f"/chuyen-trang/bai-viet/{pub['id']}")
    assert bare.status_code == 301 and bare.headers["location"].endswith(f"{SLUG_WORDS}-{pub['id']}")
    wrong = await client.get(f"/chuyen-trang/bai-viet/sai-chu-{pub['id']}")
    assert wrong.status_code == 301 and wrong.headers["location"].endswith(f"{SLUG_WORDS}-{pub['id']}")

    current = (await client.get(f"/api/publishing/{pub['id']}", headers=media)).json()
    withdrawn = await client.patch(
        f"/api/publishing/{pub['id']}", json={"status": "withdrawn", "version": current["version"]}, headers=media
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert await where_it_shows(client, pub["id"]) == NOWHERE


async def test_the_memo_never_serves_a_withdrawn_story(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    login_as: LoginAs,
    monkeypatch: pytest.MonkeyPatch,
    app: Litestar,
) -> None:
    app.state.public_memo.seconds = 3600  # a page once rendered would be kept for an hour
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    pub = {"id": await published_on_website(client, media, model_id)}
    address = f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{pub['id']}"
    first = await client.get(address)
    assert first.status_code == 200 and first.headers["etag"]
    again = await client.get(address, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    await client.patch(f"/api/publishing/{pub['id']}", json={"status": "withdrawn", "version": 2}, headers=media)
    assert (await client.get(address)).status_code == 404
    assert (await client.get(address, headers={"If-None-Match": first.headers["etag"]})).status_code == 404


async def test_the_feeds_are_valid_atom_and_rss(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    media = await login_as(Role.media)
    empty = feedparser.parse((await client.get("/chuyen-trang/feed.atom")).content)
    assert not empty.bozo and empty.version == "atom10" and empty.entries == []
    model_id = await recognised_model(client, admin, login_as)
    pub = {"id": await published_on_website(client, media, model_id)}
    atom_response = await client.get("/chuyen-trang/feed.atom")
    assert atom_response.headers["content-type"].startswith("application/atom+xml")
    atom = feedparser.parse(atom_response.content)
    assert not atom.bozo, atom.bozo_exception
    assert atom.version == "atom10" and atom.feed.id and atom.feed.title and atom.feed.updated
    (entry,) = atom.entries
    assert entry.id and entry.title == TITLE and entry.updated and entry.link.endswith(f"{SLUG_WORDS}-{pub['id']}")
    rss = feedparser.parse((await client.get("/chuyen-trang/feed.rss")).content)
    assert not rss.bozo and rss.version == "rss20" and [e.title for e in rss.entries] == [TITLE]
    home = (await client.get("/chuyen-trang")).text
    assert 'type="application/atom+xml"' in home and TITLE in home


@pytest.mark.parametrize("address", ["0", "-1", "x", "99999999999999999999", "a-99999", "%00", "thap-sang-" * 50])
async def test_unknown_story_addresses_are_a_public_404(client: httpx.AsyncClient, address: str) -> None:
    response = await client.get(f"/chuyen-trang/bai-viet/{address}")
    assert response.status_code == 404
    assert "Thư viện mô hình" in response.text  # the public navigation


async def test_another_worker_stops_serving_a_withdrawn_story_at_its_next_request(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    login_as: LoginAs,
    app: Litestar,
    db: Engine,
    settings: Settings,
) -> None:
    # Two workers of one deployment: two apps over the same database and data folder, each with its own memo
    # kept for an hour. The withdrawal goes through one; the other had the story rendered and memoised.
    other = create_app(settings, engine=db, manage_engine=False)
    app.state.public_memo.seconds = other.state.public_memo.seconds = 3600
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    pub = {"id": await published_on_website(client, media, model_id)}
    address = f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{pub['id']}"
    transport = httpx.ASGITransport(app=other)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as second_worker:
        first = await second_worker.get(address)
        assert first.status_code == 200
        # A proxy may keep the page but must ask first: a withdrawn story is never served from a cache.
        assert first.headers["cache-control"] == "public, no-cache"
        assert (await second_worker.get(address, headers={"If-None-Match": first.headers["etag"]})).status_code == 304
        done = await client.patch(
            f"/api/publishing/{pub['id']}", json={"status": "withdrawn", "version": 2}, headers=media
        )
        assert done.status_code == 200, done.text
        assert (await second_worker.get(address)).status_code == 404
        assert (await second_worker.get(address, headers={"If-None-Match": first.headers["etag"]})).status_code == 404
        assert address not in (await second_worker.get("/chuyen-trang")).text


async def test_a_scheduled_story_appears_at_its_time_although_its_row_is_kept(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    login_as: LoginAs,
    monkeypatch: pytest.MonkeyPatch,
    app: Litestar,
) -> None:
    app.state.public_memo.seconds = 3600  # the row read before the schedule is kept for an hour
    media = await login_as(Role.media)
    model_id = await recognised_model(client, admin, login_as)
    set_time(monkeypatch, CEREMONY - HOUR)
    body = {"item_type": "model", "item_id": model_id, "channel": "website", "scheduled_for": CEREMONY.isoformat()}
    made = await client.post("/api/publishing", json=body, headers=media)
    assert made.status_code == 201, made.text
    address = f"/chuyen-trang/bai-viet/{SLUG_WORDS}-{made.json()['id']}"
    assert (await client.get(address)).status_code == 404
    set_time(monkeypatch, CEREMONY - dt.timedelta(seconds=1))
    assert (await client.get(address)).status_code == 404
    set_time(monkeypatch, CEREMONY)  # nothing changed in the queue: only the clock moved
    assert (await client.get(address)).status_code == 200
