"""Only what is public is ever public: crawl every address the chuyên trang links to (from its home page and
its sitemap) and look for each private value of each kind of record, on both engines."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from PIL import Image

from guong_dan_van.core import clock
from guong_dan_van.core.permissions import Role
from tests.api.public_world import CONTACT_MARKERS, PRIVATE_TITLES, YEAR_NOTE, leaks, make_world
from tests.conftest import LoginAs

SITE = "http://testserver.local"
PUBLIC_PREFIXES = ("/chuyen-trang", "/media/", "/static/", "/sitemap.xml", "/robots.txt")


class Links(HTMLParser):
    """Every address a page points at: links, images, stylesheets, canonical and Open Graph URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.found.append(values[name] or "")
        if tag == "meta" and (values.get("property") or values.get("name") or "").endswith(("image", ":url")):
            self.found.append(values.get("content") or "")


def links_of(base: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [urljoin(base, link) for link in parser.found]


async def crawl(client: httpx.AsyncClient) -> dict[str, httpx.Response]:
    """Every same-site address reachable from /chuyen-trang and the sitemap, fetched once."""
    sitemap = await client.get("/sitemap.xml")
    queue = [f"{SITE}/chuyen-trang", *re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    seen: dict[str, httpx.Response] = {f"{SITE}/sitemap.xml": sitemap}
    while queue:
        address = queue.pop().split("#", 1)[0]
        if not address.startswith(SITE) or address in seen:
            continue
        path = urlsplit(address).path
        assert path.startswith(PUBLIC_PREFIXES), f"a public page links outside the chuyên trang: {address}"
        response = await client.get(address)
        seen[address] = response
        assert response.status_code == 200, (address, response.status_code)
        if response.headers["content-type"].startswith("text/html"):
            queue.extend(links_of(address, response.text))
    return seen


async def test_no_private_value_reaches_any_public_address(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    world = await make_world(client, admin)
    # The markers are real: the committee's own API does show them.
    staff = (await client.get(f"/api/models/{world.public_id}", headers=admin)).text
    staff += (await client.get(f"/api/models/{world.public_id}/years", headers=admin)).text
    assert CONTACT_MARKERS[0] in staff and YEAR_NOTE in staff
    client.cookies.clear()
    pages = await crawl(client)
    paths = {urlsplit(a).path for a in pages}
    assert any(p.startswith("/chuyen-trang/mo-hinh/") for p in paths), "the crawl reached the model pages"
    assert any(p.startswith("/media/") for p in paths), "the crawl reached the photos"

    for address, response in pages.items():
        if response.headers["content-type"].startswith(("text/", "application/xml")):
            for leak in leaks():
                assert leak not in response.text, f"{leak!r} leaked on {address}"
        for model_id in world.private_ids.values():
            assert not urlsplit(address).path.endswith(f"-{model_id}"), f"private model linked: {address}"

    # Photos: renditions only (never the original's key), and no camera metadata in any served file.
    photo_urls = {a for a in pages if urlsplit(a).path.startswith("/media/")}
    assert photo_urls <= {SITE + url for url in world.photo["renditions"].values()}
    for address in photo_urls:
        content = pages[address].content
        assert b"MayAnhBiMat" not in content
        assert not Image.open(io.BytesIO(content)).getexif(), address


async def test_each_private_kind_of_model_stays_private_in_search_and_by_address(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    world = await make_world(client, admin)
    for kind, model_id in world.private_ids.items():
        words = PRIVATE_TITLES[kind].split()[-2:]
        listing = await client.get("/chuyen-trang/mo-hinh", params={"q": " ".join(words)})
        assert PRIVATE_TITLES[kind] not in listing.text, kind
        assert (await client.get(f"/chuyen-trang/mo-hinh/{model_id}")).status_code == 404, kind


async def test_stories_and_feeds_leak_nothing_and_show_only_what_is_public(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    """A published story, a withdrawn one and one under embargo: the crawl (now through the story pages and
    the feeds) finds no private value and no address of the two that are not public."""
    world = await make_world(client, admin)
    media = await login_as(Role.media)

    async def queue(model_id: int, channel: str = "website", **extra: str) -> dict[str, Any]:
        body = {"item_type": "model", "item_id": model_id, "channel": channel, **extra}
        made = await client.post("/api/publishing", json=body, headers=media)
        assert made.status_code == 201, made.text
        data: dict[str, Any] = made.json()
        return data

    published = await queue(world.public_id)
    done = await client.patch(
        f"/api/publishing/{published['id']}", json={"status": "published", "version": 1}, headers=media
    )
    assert done.status_code == 200, done.text
    withdrawn = await queue(world.exemplary_id)
    await client.patch(f"/api/publishing/{withdrawn['id']}", json={"status": "published", "version": 1}, headers=media)
    await client.patch(f"/api/publishing/{withdrawn['id']}", json={"status": "withdrawn", "version": 2}, headers=media)
    later = (clock.now() + dt.timedelta(days=30)).isoformat()
    embargoed = await queue(world.exemplary_id, channel="website", embargo_until=later)
    radio = await queue(world.public_id, channel="radio")  # another channel: never on the website
    await client.patch(f"/api/publishing/{radio['id']}", json={"status": "published", "version": 1}, headers=media)

    client.cookies.clear()
    pages = await crawl(client)
    for feed in ("/chuyen-trang/feed.atom", "/chuyen-trang/feed.rss"):
        response = await client.get(feed)
        assert response.status_code == 200
        pages[SITE + feed] = response
    story_paths = {urlsplit(a).path for a in pages if "/chuyen-trang/bai-viet/" in a}
    assert story_paths == {f"/chuyen-trang/bai-viet/thap-sang-duong-que-{published['id']}"}
    for address, response in pages.items():
        text = response.text if response.headers["content-type"].startswith(("text/", "application/")) else ""
        for leak in leaks():
            assert leak not in text, f"{leak!r} leaked on {address}"
        linked = {int(m) for m in re.findall(r"/chuyen-trang/bai-viet/(?:[a-z0-9-]*-)?(\d+)\b", text)}
        assert linked <= {published["id"]}, (address, linked)
    for hidden in (withdrawn["id"], embargoed["id"], radio["id"]):
        assert (await client.get(f"/chuyen-trang/bai-viet/{hidden}")).status_code == 404
