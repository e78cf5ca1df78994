"""The chuyên trang in a real browser, phone-sized, without an account: a visitor finds a model by typing without
accents and opens it; axe-core (npm, injected by Playwright) finds no serious or critical violation on any
public page, on a phone and on a desktop screen."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

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
