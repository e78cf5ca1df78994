"""Publishing in a real browser: the media center opens the stories to publish, queues a model for the
website with an embargo, marks it published with its link, downloads the story kit and the test opens its
.docx with python-docx; a story still under embargo is refused in Vietnamese beside its actions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_media_center_queues_publishes_and_downloads_the_kit(page: Page, tmp_path: Path) -> None:
    who = next(d for d in DEMO_LOGINS if d.username == "truyenthong")
    login(page, who.username, who.password)
    expect(page.locator("#nav a[href='/publishing/stories']")).to_have_count(1)  # behind the menu on a phone
    page.goto("/publishing/stories")
    expect(page.locator("h1")).to_have_text("Tin bài cần đăng")

    story = page.locator("section.story[data-item^='model-']").first
    title = story.locator("h2").inner_text().strip()
    story.locator("select[name=channel]").select_option("website")
    story.locator("input[name=embargo_until]").fill("01/10/2025 08:00")  # the ceremony has passed
    story.locator("button[type=submit]").click()
    page.wait_for_url("**/publishing?channel=website&queued=*")

    row = page.locator("tr[data-publication]", has_text=title).first
    expect(row.locator(".status")).to_have_text("Trong hàng chờ")
    row.locator("input[name=published_url]").fill("https://trungtam.binhson.vn/tin/dan-van-kheo")
    row.locator(".publish-form button[type=submit]").click()
    page.wait_for_url("**/publishing?status=published")
    row = page.locator("tr[data-publication]", has_text=title).first
    expect(row.locator(".status")).to_have_text("Đã đăng")
    expect(row.locator("a.published-url")).to_have_attribute("href", "https://trungtam.binhson.vn/tin/dan-van-kheo")

    with page.expect_download() as download:
        row.locator("a.kit").click()
    saved = tmp_path / "kit.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as kit:
        assert "bai-viet.docx" in kit.namelist() and "chu-thich-anh.txt" in kit.namelist()
        document = docx.Document(io.BytesIO(kit.read("bai-viet.docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == title and any(t.startswith("Đơn vị: ") for t in texts)

    # A story under embargo (until 15/10 of a later year) cannot be marked published before then.
    page.goto("/publishing/stories")
    story = page.locator("section.story[data-item^='model-']").first
    later = story.locator("h2").inner_text().strip()
    story.locator("select[name=channel]").select_option("social")
    story.locator("input[name=embargo_until]").fill("15/10/2099 08:00")
    story.locator("button[type=submit]").click()
    page.wait_for_url("**/publishing?channel=social&queued=*")
    row = page.locator("tr[data-publication]", has_text=later).first
    row.locator(".publish-form button[type=submit]").click()
    expect(row.locator(".form-summary")).to_contain_text("cấm đăng đến 08:00 15/10/2099")
    expect(row.locator(".status")).to_have_text("Trong hàng chờ")
    expect(page.locator("#nav")).to_have_count(1)
