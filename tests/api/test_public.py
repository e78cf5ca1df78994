"""The public chuyên trang without an account: home, model library, model pages, addresses, caching, SEO."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar

from guong_dan_van.public.rules import model_slug
from tests.api.public_world import EXEMPLARY_TITLE, PRIVATE_TITLES, PUBLIC_TITLE, YEAR, World, make_world

NAV = ["Trang chủ", "Thư viện mô hình", "Kết quả cuộc thi"]


@pytest.fixture
async def world(client: httpx.AsyncClient, admin: dict[str, str]) -> World:
    return await make_world(client, admin)


def assert_public_layout(html: str) -> None:
    for label in NAV:
        assert label in html
    assert 'href="#main"' in html
    assert "Đăng xuất" not in html


async def test_home_opens_without_an_account_and_features_recognised_models(
    client: httpx.AsyncClient, world: World
) -> None:
    client.cookies.clear()
    response = await client.get("/chuyen-trang")
    assert response.status_code == 200
    html = response.text
    assert_public_layout(html)
    assert "Chưa có bài viết nào được đăng" in html
    assert PUBLIC_TITLE in html and EXEMPLARY_TITLE in html
    assert 'href="/chuyen-trang/mo-hinh"' in html and 'href="/chuyen-trang/ket-qua"' in html
    assert '<meta property="og:title" content="Trang chủ">' in html
    assert '<link rel="canonical" href="http://testserver.local/chuyen-trang">' in html


async def test_library_lists_only_recognised_and_exemplary_models(client: httpx.AsyncClient, world: World) -> None:
    html = (await client.get("/chuyen-trang/mo-hinh")).text
    assert_public_layout(html)
    assert "Tìm thấy 2 mô hình" in html
    assert PUBLIC_TITLE in html and EXEMPLARY_TITLE in html
    for title in PRIVATE_TITLES.values():
        assert title not in html


@pytest.mark.parametrize("typed", ["thap sang duong que", "THẮP SÁNG", "duong que", "Đường quê"])
async def test_search_ignores_accents_and_case(client: httpx.AsyncClient, world: World, typed: str) -> None:
    html = (await client.get("/chuyen-trang/mo-hinh", params={"q": typed})).text
    assert "Tìm thấy 1 mô hình" in html
    assert PUBLIC_TITLE in html and EXEMPLARY_TITLE not in html


async def test_search_never_finds_private_models(client: httpx.AsyncClient, world: World) -> None:
    for title in PRIVATE_TITLES.values():
        html = (await client.get("/chuyen-trang/mo-hinh", params={"q": title})).text
        assert "Không tìm thấy mô hình nào" in html
        assert title not in html.split("</form>", 1)[1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "economy"}, {PUBLIC_TITLE}),
        ({"field": "culture_society"}, {EXEMPLARY_TITLE}),
        ({"level": "province"}, {EXEMPLARY_TITLE}),
        ({"year": str(YEAR)}, {PUBLIC_TITLE, EXEMPLARY_TITLE}),
        ({"year": str(YEAR - 3)}, set()),
        ({"field": "not-a-field", "level": ""}, {PUBLIC_TITLE, EXEMPLARY_TITLE}),
    ],
)
async def test_library_filters(
    client: httpx.AsyncClient, world: World, params: dict[str, str], expected: set[str]
) -> None:
    html = (await client.get("/chuyen-trang/mo-hinh", params=params)).text
    results = html.split('id="found-heading"', 1)[1]
    assert {t for t in (PUBLIC_TITLE, EXEMPLARY_TITLE) if t in results} == expected


async def test_unit_filter(client: httpx.AsyncClient, world: World) -> None:
    html = (await client.get("/chuyen-trang/mo-hinh", params={"unit_id": world.unit_id})).text
    assert "Tìm thấy 2 mô hình" in html
    assert f'<option value="{world.unit_id}" selected>Xã Tân Hòa</option>' in html
    html = (await client.get("/chuyen-trang/mo-hinh", params={"unit_id": world.other_unit_id})).text
    assert "Không tìm thấy mô hình nào" in html


async def test_model_page_shows_public_facts_photos_and_replications(client: httpx.AsyncClient, world: World) -> None:
    slug = model_slug(PUBLIC_TITLE, world.public_id)
    assert slug == f"thap-sang-duong-que-{world.public_id}"
    response = await client.get(f"/chuyen-trang/mo-hinh/{slug}")
    assert response.status_code == 200
    html = response.text
    assert_public_layout(html)
    assert f"<h1>{PUBLIC_TITLE}</h1>" in html
    for fact in ("Xã Tân Hòa", "Kinh tế", "Cơ sở", f"Năm {YEAR}", "125/QĐ-BDV", "270 bóng", "Đèn chiếu sáng"):
        assert fact in html
    assert "<strong>góp công</strong>" in html
    assert "Xã Phú Mỹ (năm" in html
    renditions = world.photo["renditions"]
    assert f'src="{renditions["medium"]}"' in html
    assert 'alt="Con đường thôn Đông sáng đèn"' in html and "Ảnh: Minh Khôi" in html
    assert f'<meta property="og:image" content="http://testserver.local{renditions["large"]}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="http://testserver.local/chuyen-trang/mo-hinh/{slug}">' in html


async def test_a_renamed_model_keeps_its_address_by_redirect(
    client: httpx.AsyncClient, admin: dict[str, str], world: World, app: Litestar
) -> None:
    old = f"/chuyen-trang/mo-hinh/{model_slug(PUBLIC_TITLE, world.public_id)}"
    assert (await client.get(old)).status_code == 200
    model = (await client.get(f"/api/models/{world.public_id}", headers=admin)).json()
    patch = {"title": "Đèn đường quê – Đoàn thanh niên", "version": model["version"]}
    assert (await client.patch(f"/api/models/{world.public_id}", json=patch, headers=admin)).status_code == 200
    app.state.public_memo.clear()  # the memo may keep the old page for a few seconds, like any proxy
    new = f"/chuyen-trang/mo-hinh/den-duong-que-doan-thanh-nien-{world.public_id}"
    wrong_words = f"/chuyen-trang/mo-hinh/sai-chu-{world.public_id}"
    for address in (old, f"/chuyen-trang/mo-hinh/{world.public_id}", wrong_words):
        response = await client.get(address)
        assert response.status_code == 301, address
        assert response.headers["location"] == new
    assert (await client.get(new)).status_code == 200


@pytest.mark.parametrize(
    "address",
    ["khong-co-999999", "999999", "abc", "-1", "0", "thap-sang-99999999999999999999", "%00", "a" * 500 + "-1"],
)
async def test_unknown_addresses_are_a_vietnamese_404_with_the_public_navigation(
    client: httpx.AsyncClient, world: World, address: str
) -> None:
    response = await client.get(f"/chuyen-trang/mo-hinh/{address}")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text
    assert_public_layout(response.text)


async def test_private_models_are_404_like_unknown_ones(client: httpx.AsyncClient, world: World) -> None:
    unknown = await client.get("/chuyen-trang/mo-hinh/khong-co-999999")
    for kind, model_id in world.private_ids.items():
        slug = model_slug(PRIVATE_TITLES[kind], model_id)
        for address in (slug, str(model_id)):
            response = await client.get(f"/chuyen-trang/mo-hinh/{address}")
            assert response.status_code == 404, kind
            assert response.text == unknown.text


async def test_other_addresses_under_the_chuyen_trang_are_a_public_404(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/chuyen-trang/khong-co/trang-nay")
    assert response.status_code == 404
    assert_public_layout(response.text)
    assert (await client.get("/chuyen-trang/")).status_code == 200


async def test_pages_carry_validators_and_answer_304(client: httpx.AsyncClient, world: World) -> None:
    slug = model_slug(PUBLIC_TITLE, world.public_id)
    for address in ("/chuyen-trang", "/chuyen-trang/mo-hinh", f"/chuyen-trang/mo-hinh/{slug}", "/chuyen-trang/ket-qua"):
        first = await client.get(address)
        assert first.status_code == 200
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert re.fullmatch(r"public, max-age=\d+", first.headers["cache-control"])
        again = await client.get(address, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        assert (await client.get(address, headers={"If-Modified-Since": modified})).status_code == 304
        changed = await client.get(address, headers={"If-None-Match": '"something-else"'})
        assert changed.status_code == 200 and changed.content == first.content
        # Served from the memo, the page carries every header the first answer had (the app's security
        # headers too), and its length.
        for name in ("etag", "last-modified", "cache-control", "content-type", "x-content-type-options",
                     "content-security-policy", "x-frame-options", "referrer-policy", "vary"):  # fmt: skip
            assert changed.headers[name] == first.headers[name], name
            if name not in ("content-type", "vary"):
                assert again.headers.get(name) == first.headers[name], name
        assert int(changed.headers["content-length"]) == len(first.content)
        old = await client.get(address, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        assert old.status_code == 200


async def test_last_modified_moves_only_when_the_page_changes(
    client: httpx.AsyncClient, admin: dict[str, str], world: World, app: Litestar
) -> None:
    app.state.public_memo.seconds = 0  # every request builds the page again
    first = await client.get("/chuyen-trang/mo-hinh")
    time.sleep(1.1)  # HTTP dates have whole seconds: let the clock pass one
    same = await client.get("/chuyen-trang/mo-hinh")
    assert same.headers["etag"] == first.headers["etag"]
    assert same.headers["last-modified"] == first.headers["last-modified"]
    model = (await client.get(f"/api/models/{world.exemplary_id}", headers=admin)).json()
    patch = {"title": "Xóm không rác thải", "version": model["version"]}
    assert (await client.patch(f"/api/models/{world.exemplary_id}", json=patch, headers=admin)).status_code == 200
    changed = await client.get("/chuyen-trang/mo-hinh", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert changed.status_code == 200 and "Xóm không rác thải" in changed.text
    assert changed.headers["etag"] != first.headers["etag"]
    assert parsedate_to_datetime(changed.headers["last-modified"]) > parsedate_to_datetime(
        first.headers["last-modified"]
    )


async def test_robots_and_sitemap(client: httpx.AsyncClient, world: World) -> None:
    robots = (await client.get("/robots.txt")).text
    assert "Allow: /chuyen-trang" in robots and "Disallow: /\n" in robots
    assert "Sitemap: http://testserver.local/sitemap.xml" in robots
    response = await client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.fromstring(response.content)  # noqa: S314  (our own sitemap)
    locs = {loc.text for loc in tree.findall("s:url/s:loc", ns)}
    base = "http://testserver.local"
    assert {f"{base}/chuyen-trang", f"{base}/chuyen-trang/mo-hinh", f"{base}/chuyen-trang/ket-qua"} <= locs
    assert f"{base}/chuyen-trang/mo-hinh/{model_slug(PUBLIC_TITLE, world.public_id)}" in locs
    assert len([loc for loc in locs if loc and "/mo-hinh/" in loc]) == 2


async def test_results_index_lists_editions_without_public_results(client: httpx.AsyncClient, world: World) -> None:
    html = (await client.get("/chuyen-trang/ket-qua")).text
    assert_public_layout(html)
    assert "Đợt thi năm 2025" in html and "Chưa công bố kết quả." in html
    assert "/chuyen-trang/ket-qua/" not in html


async def test_a_session_cookie_changes_nothing_on_public_pages(
    client: httpx.AsyncClient, admin: dict[str, str], world: World
) -> None:
    anonymous = (await client.get("/chuyen-trang/mo-hinh")).content
    await client.post("/api/auth/login", json={"username": "bantochuc", "password": "mat-khau-thu-nghiem"})
    assert client.cookies
    assert (await client.get("/chuyen-trang/mo-hinh")).content == anonymous


QUERY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=3000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "field", "level", "year", "unit_id", "trang", "x", ""]), QUERY_TEXT, max_size=6
    ),
    raw=st.binary(max_size=500),
)
async def test_any_query_string_is_never_an_error(
    client: httpx.AsyncClient, world: World, params: dict[str, str], raw: bytes
) -> None:
    """Parameters of any length and content, and raw query bytes (invalid UTF-8 too): a page, never an error."""
    query = quote_from_bytes(raw, safe="&=")
    for address in ("/chuyen-trang/mo-hinh", "/chuyen-trang"):
        response = await client.get(address, params=params)
        assert response.status_code == 200, (params, response.text[:300])
        response = await client.get(f"{address}?{query}")
        assert response.status_code == 200, raw
    response = await client.get(f"/chuyen-trang/mo-hinh/{quote_from_bytes(raw, safe='') or 'x'}", params=params)
    assert response.status_code in (200, 301, 404)
