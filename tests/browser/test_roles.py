"""Every role in a real browser, phone-sized: each link of its navigation opens a page with the navigation,
every filter form works sent as it stands and with a value chosen, and every create form it can see answers
an empty or a wrong submission in Vietnamese beside the field at fault, with no English and no script error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

ENGLISH = ("Expected", "field `", "Object missing", "Invalid enum", "Traceback")
# A create form: where it is, the form, and one wrong value with the field that must complain. (The entry form's
# models are chosen in a picker, which cannot hold a wrong value: its link is the field typed wrong there.
# SEARCH_QUEUE is the form a search result's "Đưa vào hàng chờ" opens, for those who publish.)
FORMS: dict[str, list[tuple[str, str, str, str]]] = {
    "admin": [
        ("/models/new", "#model-form", "budget_vnd", "bảy mươi"),
        ("/units", "#unit-form-box form", "code", "mã sai"),
        ("/users", "#user-form-box form", "username", "ab"),
        ("/contest", "#contest-form", "name", "   "),
        ("EDITION_NEW", "#edition-form", "max_entries_per_author", "nhiều"),
        ("ENTRY_NEW", "#entry-form", "url", "báo điện tử"),
        ("ROUND_NEW", "#round-form", "judges_per_entry", "nhiều"),
        ("SEARCH_QUEUE", "#queue-form-new", "scheduled_for", "sáng mai"),
    ],
    "donvi": [
        ("/models/new", "#model-form", "budget_vnd", "bảy mươi"),
        ("ENTRY_NEW", "#entry-form", "url", "báo điện tử"),
    ],
    "truyenthong": [
        ("ENTRY_NEW", "#entry-form", "url", "báo điện tử"),
        ("/publishing/stories", "#queue-form-1", "embargo_until", "mười lăm tháng mười"),
        ("SEARCH_QUEUE", "#queue-form-new", "scheduled_for", "sáng mai"),
    ],
    "giamkhao": [],
}
# Links every role's navigation has (the others differ by role and are all visited anyway); the search page's
# filter form (form.filters) is then sent as it stands and with a value chosen, as every filter form is.
NAV_ALWAYS = ["/", "/models", "/search"]


def _watch(page: Page) -> list[str]:
    """Script errors and console errors (a refused page load is the server's answer, not a script error)."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    def console(msg: Any) -> None:
        if msg.type == "error" and "Failed to load resource" not in msg.text:
            problems.append(f"console: {msg.text}")

    page.on("console", console)
    return problems


def _looks_right(page: Page) -> None:
    expect(page.locator("#nav")).to_have_count(1)
    text = page.inner_text("body")
    for word in ENGLISH:
        assert word not in text, (page.url, word)
    assert "Có lỗi xảy ra" not in text, page.url


def _resolve(page: Page, where: str) -> str:
    if where == "EDITION_NEW":
        page.goto("/contest")
        return str(page.locator("a[href^='/contest/editions/new']").first.get_attribute("href"))
    if where == "ENTRY_NEW":
        page.goto("/contest")
        page.locator("a[href^='/contest/editions/']").first.click()
        return str(page.locator("a[href$='/entries/new']").first.get_attribute("href"))
    if where == "ROUND_NEW":
        page.goto("/judging/rounds")
        return str(page.locator("#new-round a[href^='/judging/editions/']").first.get_attribute("href"))
    if where == "SEARCH_QUEUE":
        page.goto("/search?q=quy+khuyen+hoc")
        return str(page.locator("#search-list a.queue-link").first.get_attribute("href"))
    return where


def _check_filters(page: Page) -> None:
    """Every filter form on the page, sent as it stands, then with a value chosen in its first select."""
    url = page.url
    for index in range(page.locator("form.filters").count()):
        for choose in (False, True):
            page.goto(url)
            form = page.locator("form.filters").nth(index)
            select = form.locator("select").first
            if choose and select.count():
                values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
                select.select_option(values[-1])
            button = form.locator("button[type=submit]")
            if button.count():
                button.first.click()
                page.wait_for_load_state()
            elif select.count():
                select.dispatch_event("change")
                page.wait_for_timeout(300)
            _looks_right(page)


def _message_beside(form: Any, field: str) -> str:
    """The message element sits in the label of its own field."""
    label = form.locator("label", has=form.page.locator(f"[name={field}]")).first
    error = label.locator(f"#error-{field}")
    expect(error).to_have_count(1)
    return str(error.inner_text())


@pytest.mark.parametrize("username", ["admin", "donvi", "giamkhao", "truyenthong"])
def test_each_role_uses_its_pages_in_vietnamese(page: Page, username: str) -> None:
    problems = _watch(page)
    who = next(d for d in DEMO_LOGINS if d.username == username)
    login(page, who.username, who.password)

    links = [str(a.get_attribute("href")) for a in page.locator("#nav a").all()]
    assert links
    assert all(href in links for href in NAV_ALWAYS), links
    for href in links:
        page.goto(href)
        _looks_right(page)
        _check_filters(page)

    for where, selector, field, wrong in FORMS[username]:
        target = _resolve(page, where)
        page.goto(target)
        form = page.locator(selector)
        form.locator("button[type=submit]").first.click()
        expect(form.locator(".form-summary")).to_be_visible()
        expect(page.locator(f"{selector} .error").first).to_be_visible()
        _looks_right(page)

        page.goto(target)
        form = page.locator(selector)
        form.locator(f"[name={field}]").fill(wrong)
        form.locator("button[type=submit]").first.click()
        expect(page.locator(f"{selector} #error-{field}")).to_have_count(1)
        message = _message_beside(page.locator(selector), field)
        assert message and not any(word in message for word in ENGLISH), message
        _looks_right(page)

    if username in ("donvi", "giamkhao"):
        page.goto("/search?q=quy+khuyen+hoc")
        expect(page.locator("#search-list li").first).to_be_visible()
        expect(page.locator("#search-list a.queue-link")).to_have_count(0)
        page.goto("/publishing/new?item_type=model&item_id=1")
        expect(page.locator("h1")).to_have_text(re.compile("Không có quyền"))
        _looks_right(page)

    if username in ("giamkhao", "truyenthong"):
        for href in ("/models/new", "/models/import"):
            page.goto(href)
            expect(page.locator("h1")).to_have_text(re.compile("Không có quyền"))
            _looks_right(page)
        page.goto("/models")
        expect(page.locator("a[href='/models/new']")).to_have_count(0)

    assert problems == []
