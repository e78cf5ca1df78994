"""Search in a real browser: the media center types without accents in the header box, narrows by a
facet and a filter, and the results follow its typing (HTMX) with the matching words marked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_media_center_searches_without_accents_and_filters(page: Page) -> None:
    media = next(d for d in DEMO_LOGINS if d.username == "truyenthong")
    login(page, media.username, media.password)
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():
        toggle.click()
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("thap sang duong que")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("#search-list")
    expect(results.get_by_text("Thắp sáng đường quê").first).to_be_visible(timeout=10_000)
    expect(results.locator("mark", has_text="đường").first).to_be_visible()
    # Search as you type: the results follow the box without pressing anything.
    field = page.locator("#search-q")
    field.fill("")
    field.type("hien dat mo", delay=30)
    expect(results.get_by_text("Hiến đất mở rộng đường liên thôn").first).to_be_visible(timeout=10_000)
    # Narrow by a type; the facet counts stay Vietnamese.
    page.locator("#search-form select[name=type]").select_option("model")
    expect(page.locator("#search-facets")).to_contain_text("Mô hình, điển hình")
    expect(page.locator("#search-list li").first).to_be_visible()
