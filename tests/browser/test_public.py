"""The chuyên trang in a real browser, phone-sized, without an account: a visitor finds a model by typing without
accents and opens it; axe-core (npm, injected by Playwright) finds no serious or critical violation on any
public page, on a phone and on a desktop screen."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# `make test` / scripts/ensure-axe.sh install it there (npm, no browser download); GDV_AXE_JS overrides.
AXE_JS = Path(os.environ.get("GDV_AXE_JS", ROOT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"))
IN_CI = os.environ.get("CI", "").lower() == "true"
TITLE = "Thắp sáng đường quê"


def _axe_path() -> Path:
    if not AXE_JS.is_file():
        reason = f"axe-core not installed at {AXE_JS} (sh scripts/ensure-axe.sh)"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return AXE_JS


def _serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(_axe_path()))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_visitor_finds_a_model_by_typing_without_accents_and_opens_it(page: Page) -> None:
    page.goto("/chuyen-trang")
    expect(page.locator("h1")).to_have_text("Chuyên trang Dân vận khéo")
    page.get_by_role("navigation", name="Danh mục chuyên trang").get_by_role("link", name="Thư viện mô hình").click()
    page.wait_for_url("**/chuyen-trang/mo-hinh")
    page.get_by_label("Tìm theo tên").fill("thap sang duong que")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url(re.compile(r"/chuyen-trang/mo-hinh\?q=thap"))
    expect(page.locator("#found-heading")).to_contain_text("Tìm thấy 1 mô hình")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/chuyen-trang/mo-hinh/thap-sang-duong-que-\d+$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#years-heading")).to_be_visible()
    assert "/login" not in page.url


def test_the_filters_work_as_they_stand_and_with_a_value_chosen(page: Page) -> None:
    page.goto("/chuyen-trang/mo-hinh")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#found-heading")).to_contain_text("Tìm thấy")
    for name in ("field", "level", "year", "unit_id"):
        page.goto("/chuyen-trang/mo-hinh")
        options = page.locator(f"select[name={name}] option")
        values = [v for v in options.evaluate_all("os => os.map(o => o.value)") if v]
        page.select_option(f"select[name={name}]", values[0])
        page.get_by_role("button", name="Tìm").click()
        page.wait_for_url(re.compile(rf"[?&]{name}="))
        expect(page.locator("#found-heading")).to_be_visible()
        expect(page.locator(f"select[name={name}]")).to_have_value(values[0])


def test_keyboard_users_can_skip_to_the_content(page: Page) -> None:
    page.goto("/chuyen-trang")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_axe_finds_no_serious_violation_on_any_public_page(page: Page, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.goto("/chuyen-trang/mo-hinh?q=thap+sang")
    model = str(page.get_by_role("link", name=TITLE).get_attribute("href"))
    addresses = [
        "/chuyen-trang",
        "/chuyen-trang/mo-hinh",
        "/chuyen-trang/mo-hinh?q=khong+co+gi+ca",
        "/chuyen-trang/mo-hinh?field=economy&trang=2",
        model,
        "/chuyen-trang/ket-qua",
        "/chuyen-trang/mo-hinh/khong-co-999999",
    ]
    found = {}
    for address in addresses:
        page.goto(address)
        violations = _serious_violations(page)
        if violations:
            found[address] = violations
    assert found == {}


STORY_MODEL = "Ngày thứ Bảy cùng dân"


def _publish_on_the_website(live_server: str, title: str) -> int:
    """The media center publishes the demo model `title` on the website channel (through the API)."""
    who = next(d for d in DEMO_LOGINS if d.username == "truyenthong")
    with httpx.Client(base_url=live_server) as api:
        token = api.post("/api/auth/login", json={"username": who.username, "password": who.password}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        stories = api.get("/api/publishing/stories?item_type=model&limit=100", headers=headers).json()["items"]
        model_id = next(s["item_id"] for s in stories if s["title"] == title)
        body = {"item_type": "model", "item_id": model_id, "channel": "website"}
        made = api.post("/api/publishing", json=body, headers=headers)
        assert made.status_code == 201, made.text
        pub_id: int = made.json()["id"]
        done = api.patch(f"/api/publishing/{pub_id}", json={"status": "published", "version": 1}, headers=headers)
        assert done.status_code == 200, done.text
    return pub_id


def test_a_visitor_finds_a_model_reads_its_story_and_follows_the_feed(page: Page, live_server: str) -> None:
    pub_id = _publish_on_the_website(live_server, STORY_MODEL)
    page.goto("/chuyen-trang/mo-hinh")
    page.get_by_label("Tìm theo tên").fill("ngay thu bay cung dan")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=STORY_MODEL).click()
    expect(page.locator("h1")).to_have_text(STORY_MODEL)

    page.get_by_role("navigation", name="Danh mục chuyên trang").get_by_role("link", name="Trang chủ").click()
    listed = page.locator("#stories-heading + ul").get_by_role("link", name=STORY_MODEL)
    for _ in range(10):  # the server keeps a rendered home page for up to GDV_PUBLIC_MEMO_SECONDS (5 s)
        if listed.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    listed.click()
    page.wait_for_url(re.compile(rf"/chuyen-trang/bai-viet/ngay-thu-bay-cung-dan-{pub_id}$"))
    expect(page.locator("h1")).to_have_text(STORY_MODEL)
    assert _serious_violations(page) == []

    feed_href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    feed = feedparser.parse(page.request.get(str(feed_href)).body())
    assert not feed.bozo and feed.version == "atom10"
    entry = next(e for e in feed.entries if e.title == STORY_MODEL)
    page.goto(entry.link)
    expect(page.locator("h1")).to_have_text(STORY_MODEL)
    page.get_by_role("link", name="Xem hồ sơ mô hình trong thư viện").click()
    page.wait_for_url(re.compile(r"/chuyen-trang/mo-hinh/ngay-thu-bay-cung-dan-\d+$"))
    assert "/login" not in page.url

    for address in ("/chuyen-trang", "/chuyen-trang/ket-qua"):
        page.goto(address)
        assert _serious_violations(page) == [], address
