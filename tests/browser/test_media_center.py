"""Issue #8's journey for the media center in one go: search without accents, narrow by field, queue the story
found from its search result ("Đưa vào hàng chờ": empty, then wrong, then right), mark it published, download
its kit and open the Word file inside with python-docx."""

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

TITLE = "Quỹ khuyến học dòng họ"


def test_media_center_finds_a_story_without_accents_queues_it_and_opens_its_kit(page: Page, tmp_path: Path) -> None:
    who = next(d for d in DEMO_LOGINS if d.username == "truyenthong")
    login(page, who.username, who.password)
    page.goto("/search")
    page.locator("#search-q").fill("quy khuyen hoc dong ho")
    page.locator("#search-q").press("Enter")
    results = page.locator("#search-list")
    expect(results.get_by_text(TITLE).first).to_be_visible(timeout=10_000)
    expect(results.locator("mark", has_text="khuyến").first).to_be_visible()

    # A field the model is not in: the Vietnamese empty state; then its own field: found again.
    form = page.locator("#search-form")
    form.locator("select[name=field]").select_option("economy")
    form.locator("button[type=submit]").click()
    expect(results.locator(".empty")).to_contain_text("Không tìm thấy kết quả nào", timeout=10_000)
    form.locator("select[name=field]").select_option("culture_society")
    form.locator("button[type=submit]").click()
    expect(results.get_by_text(TITLE).first).to_be_visible(timeout=10_000)
    expect(page.locator("#search-total")).to_contain_text("kết quả")

    result = results.locator("li", has=page.get_by_text(TITLE)).first
    result.get_by_role("link", name="Đưa vào hàng chờ").click()
    page.wait_for_url("**/publishing/new?item_type=model&item_id=*")
    expect(page.locator("h2")).to_have_text(TITLE)
    form = page.locator("#queue-form-new")
    form.locator("button[type=submit]").click()  # no channel chosen
    channel = form.locator("label", has=page.locator("[name=channel]"))
    expect(channel.locator("#error-channel")).to_have_text("Cần nhập kênh.")
    form.locator("select[name=channel]").select_option("television")
    form.locator("input[name=scheduled_for]").fill("sáng mai")
    form.locator("button[type=submit]").click()
    schedule = form.locator("label", has=page.locator("[name=scheduled_for]"))
    expect(schedule.locator("#error-scheduled_for")).to_contain_text("Lịch đăng")
    form.locator("input[name=scheduled_for]").fill("")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/publishing?channel=television&queued=*")
    expect(page.locator("#queue-notice")).to_have_text(f"Đã đưa “{TITLE}” vào hàng chờ đăng trên kênh Truyền hình.")
    row = page.locator("tr[data-publication]", has_text=TITLE).first
    expect(row.locator(".status")).to_have_text("Trong hàng chờ")
    row.locator("input[name=published_url]").fill("https://trungtam.binhson.vn/truyen-hinh/quy-khuyen-hoc")
    row.locator(".publish-form button[type=submit]").click()
    page.wait_for_url("**/publishing?status=published")
    row = page.locator("tr[data-publication]", has_text=TITLE).first
    expect(row.locator(".status")).to_have_text("Đã đăng")

    with page.expect_download() as download:
        row.locator("a.kit").click()
    saved = tmp_path / "kit.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as kit:
        document = docx.Document(io.BytesIO(kit.read("bai-viet.docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE and any("khuyến học" in t.lower() for t in texts[1:])
