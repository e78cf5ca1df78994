"""The pages on a phone (390×844) and on a desktop (1280×800): nothing scrolls sideways, no photo leaves its box,
lists turn into cards on a phone, every control has a label and every button is styled."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

ROLES = ["admin", "donvi", "giamkhao", "truyenthong"]
DESKTOP = {"width": 1280, "height": 800}

# Facts about the page in view, gathered in the browser. An image's box is the nearest ancestor that is not
# inline (a link around an image is inline and simply wraps it).
PAGE_FACTS = """() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const box = (el) => {
    let p = el.parentElement;
    while (p && getComputedStyle(p).display === "inline") p = p.parentElement;
    return p;
  };
  const images = [...document.images].filter(visible).map((img) => {
    const r = img.getBoundingClientRect(), q = box(img).getBoundingClientRect();
    const inside = r.left >= q.left - 1 && r.right <= q.right + 1 && r.width <= q.width + 1;
    return {src: img.getAttribute("src"), inside};
  });
  const controls = [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.type !== "hidden" && visible(el))
    .map((el) => ({name: el.name, labelled: el.labels.length > 0}));
  const buttons = [...document.querySelectorAll("button, a.button")]
    .filter((el) => visible(el) && !el.classList.contains("link"))
    .map((el) => ({
      text: el.textContent.trim(), height: el.getBoundingClientRect().height, cursor: getComputedStyle(el).cursor,
    }));
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible)
    .map((h) => Number(h.tagName[1]));
  const root = document.documentElement;
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, images, controls, buttons, levels};
}"""


def _login_as(page, username: str) -> None:  # type: ignore[no-untyped-def]
    user = next(d for d in DEMO_LOGINS if d.username == username)
    login(page, user.username, user.password)


def _check_page(page, where: str) -> dict:  # type: ignore[no-untyped-def]
    facts = page.evaluate(PAGE_FACTS)
    assert facts["scrollWidth"] <= facts["innerWidth"], f"{where} scrolls sideways: {facts['scrollWidth']}px"
    outside = [i["src"] for i in facts["images"] if not i["inside"]]
    assert not outside, f"{where}: images wider than their box: {outside}"
    unlabelled = [c["name"] for c in facts["controls"] if not c["labelled"]]
    assert not unlabelled, f"{where}: form controls without a <label>: {unlabelled}"
    bare = [b["text"] for b in facts["buttons"] if b["height"] < 32 or b["cursor"] != "pointer"]
    assert not bare, f"{where}: unstyled buttons: {bare}"
    levels = facts["levels"]
    assert levels and levels[0] == 1, f"{where}: the first heading is not an h1: {levels}"
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skips, f"{where}: heading levels skip: {skips}"
    return facts


def _rows_are_cards(page, table: str) -> None:  # type: ignore[no-untyped-def]
    rows = page.locator(f"{table} tbody tr")
    assert rows.count() > 0, f"{table} has no rows"
    shapes = rows.evaluate_all(
        "(rows) => rows.map((r) => ({display: getComputedStyle(r).display, right: r.getBoundingClientRect().right}))"
    )
    width = page.evaluate("window.innerWidth")
    assert all(s["display"] in ("block", "grid", "flex") for s in shapes), shapes[:3]
    assert all(s["right"] <= width for s in shapes), shapes[:3]
    # The column headings are not shown; each cell says what it is.
    assert page.locator(f"{table} thead").bounding_box()["height"] <= 1  # type: ignore[index]
    assert page.locator(f"{table} tbody tr td[data-label]").count() > 0


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_fits_a_phone(page, username: str) -> None:  # type: ignore[no-untyped-def]
    _login_as(page, username)
    links = page.locator("#nav a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert "/" in links and "/models" in links, links
    # The folded menu opens inside the screen width.
    toggle = page.get_by_role("button", name="Danh mục")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#nav a[href='/models']")).to_be_visible()
    _check_page(page, f"{username}: menu open")

    for href in links:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
        page.wait_for_load_state("networkidle")
        _check_page(page, f"{username} {href}")


@pytest.mark.parametrize("username", ["admin", "donvi"])
def test_lists_are_cards_on_a_phone(page, username: str) -> None:  # type: ignore[no-untyped-def]
    _login_as(page, username)
    page.goto("/models")
    _rows_are_cards(page, "#model-list")
    expect(page.locator("#model-list tbody tr").first.locator("td[data-label='Trạng thái'] .badge")).to_be_visible()

    page.goto("/contest")
    edition = page.locator("a[href^='/contest/editions/']").first.get_attribute("href")
    page.goto(f"{edition}/entries")
    _check_page(page, f"{username} {edition}/entries")
    _rows_are_cards(page, "#entry-list")

    if username == "admin":
        for path, table in (("/units", "#unit-list"), ("/users", "#user-list"), (f"{edition}/funnel", "#funnel")):
            page.goto(path)
            _check_page(page, f"{username} {path}")
            _rows_are_cards(page, table)


def test_lists_stay_tables_on_a_desktop(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(DESKTOP)
    _login_as(page, "admin")
    page.goto("/models")
    assert page.locator("#model-list tbody tr").first.evaluate("(r) => getComputedStyle(r).display") == "table-row"
    expect(page.locator("#model-list thead")).to_be_visible()


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.mark.parametrize("viewport", [None, DESKTOP], ids=["phone", "desktop"])
def test_model_photos_stay_inside_their_cards(page, viewport) -> None:  # type: ignore[no-untyped-def]
    if viewport:
        page.set_viewport_size(viewport)
    _login_as(page, "donvi")
    page.goto("/models/new")
    page.fill("input[name=title]", "Camera an ninh cho ngõ xóm")
    page.fill("textarea[name=summary]", "Các hộ góp tiền lắp camera ở đầu ngõ.")
    page.click("#model-form button[type=submit]")
    page.wait_for_url(re.compile(r"/models/\d+$"))
    # A wide, a tall and a very wide photo: the renditions are larger than the cards that show them.
    for name, size in (("rong.jpg", (1600, 1200)), ("doc.jpg", (900, 1600)), ("toan-canh.jpg", (2400, 600))):
        page.set_input_files(
            "form.photo-upload input[type=file]",
            files=[{"name": name, "mimeType": "image/jpeg", "buffer": _jpeg(*size)}],
        )
        page.fill("form.photo-upload input[name=caption]", f"Ảnh {name}: ngõ xóm sau khi lắp camera an ninh")
        with page.expect_response(lambda r: r.url.endswith("/photos") and r.request.method == "POST") as upload:
            page.click("form.photo-upload button[type=submit]")
        assert upload.value.status == 201
        page.wait_for_load_state("networkidle")
    photos = page.locator(".photo-gallery img")
    expect(photos).to_have_count(3)
    photos.last.scroll_into_view_if_needed()
    for i in range(3):
        img, card = photos.nth(i).bounding_box(), page.locator(".photo-gallery .photo").nth(i).bounding_box()
        assert img is not None and card is not None
        assert img["x"] >= card["x"] and img["x"] + img["width"] <= card["x"] + card["width"] + 0.5, (img, card)
        assert img["y"] >= card["y"] and img["y"] + img["height"] <= card["y"] + card["height"] + 0.5, (img, card)
    _check_page(page, f"model page at {page.viewport_size}")


def test_error_page_offers_the_way_back_when_signed_out(page) -> None:  # type: ignore[no-untyped-def]
    response = page.goto("/khong-co-trang-nay")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
    expect(page.locator("header").get_by_role("link", name="Đăng nhập")).to_be_visible()
    _check_page(page, "404 page")
