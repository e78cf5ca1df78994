"""The press contest in a real browser: an editor enters a television work with its script and submits it;
the committee screens it eligible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLE = "Phiên chợ không tiền mặt ở xã Phú Lâm"


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_editor_enters_a_tv_work_with_a_script_and_the_committee_screens_it(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    editor = next(d for d in DEMO_LOGINS if d.username == "donvi")
    admin = next(d for d in DEMO_LOGINS if d.username == "admin")
    script = tmp_path / "kich-ban-phong-su.pdf"
    script.write_bytes(TINY_PDF)

    login(page, editor.username, editor.password)
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("link", name="Cuộc thi báo chí").click()
    page.get_by_role("link", name="Đợt dùng thử (mở để thử biểu mẫu)").click()
    page.get_by_role("link", name="Thêm tác phẩm dự thi", exact=True).click()

    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=media_type]", "television")
    page.select_option("select[name=genre]", "phóng sự")
    page.fill("textarea[name=authors]", "Trần Văn Bình | Bình An")
    page.fill("input[name=outlet]", "Truyền hình Bình Sơn")
    page.fill("input[name=published_on]", "2025-10-20")
    page.fill("textarea[name=body]", "Kịch bản phóng sự: người dân xã Phú Lâm đi chợ bằng mã QR.")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url("**/contest/entries/*")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("#entry-status")).to_have_text("Đang soạn")

    page.set_input_files("#attachment-form input[type=file]", str(script))
    page.locator("#attachment-form button[type=submit]").click()
    expect(page.locator("#file-list")).to_contain_text("kich-ban-phong-su.pdf")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi dự thi").click()
    expect(page.locator("#entry-status")).to_have_text("Đã gửi")
    entry_url = page.url

    _logout(page)
    login(page, admin.username, admin.password)
    page.goto(entry_url.replace("/contest/entries/", "/contest/entries/"))
    edition_link = page.locator("p.muted a").first.get_attribute("href")
    page.goto(f"{edition_link}/screening")
    card = page.locator("article.screen-target", has_text=TITLE)
    card.get_by_role("button", name="Hợp lệ", exact=True).click()
    # The button itself says "Hợp lệ": wait for the answer's status badge, not for the text.
    expect(page.locator("article.screen-target", has_text=TITLE).locator(".badge")).to_have_text("Hợp lệ")
    page.goto(entry_url)
    expect(page.locator("#entry-status")).to_have_text("Hợp lệ")
