"""The registry in a real browser, phone-sized: a unit's editor nominates a model with a photo and submits it;
the committee recognises it on the review screen."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from guong_dan_van.core.clock import today_vn
from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

TITLE = "Đèn năng lượng mặt trời cho ngõ xóm"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG", quality=85)
    return out.getvalue()


def test_editor_nominates_with_photo_and_committee_recognises(page) -> None:  # type: ignore[no-untyped-def]
    editor = next(d for d in DEMO_LOGINS if d.username == "donvi")
    login(page, editor.username, editor.password)
    page.goto("/models/new")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=field]", "economy")
    page.fill("input[name=address]", "Xóm Bãi, xã Tân Hòa")
    page.fill("textarea[name=summary]", "Hội viên góp tiền lắp đèn năng lượng mặt trời ở các ngõ tối.")
    page.fill("input[name=results]", "Đèn: 48 đèn; Kinh phí: 36 triệu đồng")
    page.click("#model-form button[type=submit]")
    page.wait_for_url(re.compile(r"/models/\d+$"))
    model_url = page.url
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#model-status")).to_have_text("Bản nháp")

    page.set_input_files(
        "form.photo-upload input[type=file]", files=[{"name": "ngõ xóm.jpg", "mimeType": "image/jpeg",
                                                       "buffer": _jpeg()}]
    )  # fmt: skip
    page.fill("form.photo-upload input[name=caption]", "Ngõ xóm Bãi sau khi lắp đèn")
    with page.expect_response(lambda r: r.url.endswith("/photos") and r.request.method == "POST") as upload:
        page.click("form.photo-upload button[type=submit]")
    assert upload.value.status == 201
    # The page reloads itself after the upload and shows the new photo.
    expect(page.locator(".photo-gallery img")).to_have_count(1)

    page.click("#submit-form button[type=submit]")
    expect(page.locator("#model-status")).to_have_text("Đã đăng ký, chờ thẩm định")

    page.context.clear_cookies()
    admin = next(d for d in DEMO_LOGINS if d.username == "admin")
    login(page, admin.username, admin.password)
    page.goto(f"/models/review?year={today_vn().year}")
    item = page.locator("article.review-item", has_text=TITLE)
    item.locator("select[name=decision]").select_option("recognized")
    item.locator("input[name=decision_no]").fill("88-QĐ/BDV")
    item.locator("button[type=submit]").click()
    expect(page.locator("article.review-item", has_text=TITLE)).to_have_count(0)

    page.goto(model_url)
    expect(page.locator("#model-status")).to_have_text("Được công nhận")
    expect(page.get_by_text("QĐ 88-QĐ/BDV")).to_be_visible()
    expect(page.locator(".photo-gallery img")).to_have_count(1)
