"""Pickers in a real browser, phone-sized (#12): with 2,000 more units than the demo has, the committee finds the
last one by typing part of its name without accents in the /models filter, picks it with the keyboard and
filters by it; and on the entry form picks the models a work writes about by title or code, as chips."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import LIVE_FILES, login

pytestmark = pytest.mark.browser

ADMIN = next(d for d in DEMO_LOGINS if d.username == "admin")
LAST = "Xã Hòa Bình Cuối Danh Sách"
MODEL_TITLE = "Sân chơi thiếu nhi ở xóm cuối"


@dataclass(frozen=True)
class Extra:
    unit_id: int
    parent: str
    model_code: str
    other_code: str


@pytest.fixture(scope="module")
def extra(live_server: str) -> Iterator[Extra]:
    """2,000 communes under the demo's first province, written in one go; then a model of the last one."""
    stamp = dt.datetime.now(dt.UTC).isoformat()
    names = [f"Xã Thêm Vào Số {n:04d}" for n in range(1, 2000)] + [LAST]
    with sqlite3.connect(LIVE_FILES["database"], timeout=30) as db:
        parent_id, parent = db.execute("SELECT id, name FROM unit WHERE kind = 'province' ORDER BY id").fetchone()
        db.executemany(
            "INSERT INTO unit (name, name_folded, kind, code, parent, version, created_at, updated_at)"
            " VALUES (?, ?, 'commune', ?, ?, 1, ?, ?)",
            [(name, fold_vietnamese(name), f"TV-{n:04d}", parent_id, stamp, stamp) for n, name in enumerate(names, 1)],
        )
        (unit_id,) = db.execute("SELECT id FROM unit WHERE name = ?", (LAST,)).fetchone()
    with httpx.Client(base_url=live_server) as api:
        token = api.post("/api/auth/login", json={"username": ADMIN.username, "password": ADMIN.password})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        kinds = {"kind": "collective", "field": "culture_society", "level": "grassroots"}
        summary = "Thanh niên dựng sân chơi cho thiếu nhi bằng vật liệu tái chế."
        body = {"unit_id": unit_id, "title": MODEL_TITLE, "summary": summary, **kinds}
        created = api.post("/api/models", json=body, headers=headers)
        assert created.status_code == 201, created.text
        others = api.get("/api/models?limit=5", headers=headers).json()["items"]
        other = next(m["code"] for m in others if m["id"] != created.json()["id"])
    yield Extra(unit_id, parent, created.json()["code"], other)


def _fits(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"scrolls sideways: {width}"


def test_the_models_filter_finds_the_2000th_unit(page: Page, extra: Extra) -> None:
    login(page, ADMIN.username, ADMIN.password)
    page.goto("/models")
    box = page.locator("#pick-filter-unit-input")
    expect(box).to_have_attribute("placeholder", "Gõ tên hoặc mã đơn vị…")
    box.press_sequentially("hoa binh cuoi", delay=30)
    option = page.locator("#pick-filter-unit-options .picker-option", has_text=LAST)
    expect(option).to_be_visible()
    expect(option).to_contain_text(extra.parent)  # the parent beside the name
    _fits(page)
    box.press("ArrowDown")  # into the list, then Enter chooses: the keyboard is enough
    expect(page.locator("#pick-filter-unit-options .picker-option").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value(LAST)
    expect(page.locator("#pick-filter-unit-options")).to_be_hidden()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**unit_id={extra.unit_id}**")
    expect(page.locator("#model-list tbody tr")).to_have_count(1)
    expect(page.locator("#model-list")).to_contain_text(MODEL_TITLE)
    expect(page.locator("#pick-filter-unit-input")).to_have_value(LAST)

    # Emptied, the picker means every unit again.
    page.locator("#pick-filter-unit-input").fill("")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert f"unit_id={extra.unit_id}" not in page.url
    assert page.locator("#model-list tbody tr").count() > 1


def test_the_entry_form_picks_models_by_title_and_code(page: Page, extra: Extra) -> None:
    login(page, ADMIN.username, ADMIN.password)
    page.goto("/contest")
    page.get_by_role("link", name="Chung kết giai đoạn 2021–2025").click()
    page.get_by_role("link", name="Thêm tác phẩm dự thi", exact=True).click()
    page.fill("input[name=title]", "Tiếng cười trẻ thơ ở xóm cuối")
    page.select_option("select[name=media_type]", "television")
    page.select_option("select[name=genre]", "phóng sự")
    page.fill("textarea[name=authors]", "Phạm Thị Hương Giang")
    page.fill("input[name=outlet]", "Truyền hình Bình Sơn")
    page.fill("input[name=published_on]", "2025-10-21")

    box = page.locator("#pick-model_ids-input")
    box.press_sequentially("san choi thieu nhi", delay=30)
    page.locator("#pick-model_ids-options .picker-option", has_text=MODEL_TITLE).click()
    chips = page.locator("#entry-form .chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text(extra.model_code)
    expect(box).to_have_value("")
    # A second one by its code (Enter takes the first answer), then removed again.
    box.press_sequentially(extra.other_code.lower(), delay=30)
    expect(page.locator("#pick-model_ids-options .picker-option").first).to_contain_text(extra.other_code)
    box.press("Enter")
    expect(chips).to_have_count(2)
    _fits(page)
    chips.nth(1).get_by_role("button").click()
    expect(chips).to_have_count(1)

    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url("**/contest/entries/*")
    expect(page.get_by_role("link", name=f"{extra.model_code} · {MODEL_TITLE}")).to_be_visible()
    expect(page.locator("dd:has(a[href^='/models/'])")).not_to_contain_text(extra.other_code)
