"""The web shell in a real browser: logging in through the page lands on the role's dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_admin_logs_in_and_sees_committee_dashboard(page) -> None:  # type: ignore[no-untyped-def]
    admin = next(d for d in DEMO_LOGINS if d.username == "admin")
    login(page, admin.username, admin.password)
    assert page.locator("h1").inner_text() == f"Xin chào, {admin.full_name}"
    assert "Ban tổ chức" in page.locator("#role-line").inner_text()
    # The committee's unit screen lists the demo district, accents intact.
    page.goto("/units")
    expect(page.get_by_text("Huyện Phú Lâm", exact=True)).to_be_visible()


def test_each_role_gets_its_own_dashboard(page) -> None:  # type: ignore[no-untyped-def]
    judge = next(d for d in DEMO_LOGINS if d.role == "judge")
    login(page, judge.username, judge.password)
    expect(page.get_by_role("heading", name="Giám khảo")).to_be_visible()
    # A judge has no committee screens: the page says so rather than showing them.
    response = page.goto("/units")
    assert response is not None and response.status == 403


def test_wrong_password_stays_on_login_with_message(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    assert page.locator("#login-error").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert re.search(r"/login$", page.url)


def test_logout_returns_to_login(page) -> None:  # type: ignore[no-untyped-def]
    media = next(d for d in DEMO_LOGINS if d.role == "media")
    login(page, media.username, media.password)
    page.click("button.menu-toggle")  # phone-sized viewport: the menu is folded
    page.click("text=Đăng xuất")
    page.wait_for_url("**/login")
    page.goto("/")
    assert "/login" in page.url


def test_admin_adds_unit_through_form(page) -> None:  # type: ignore[no-untyped-def]
    admin = next(d for d in DEMO_LOGINS if d.username == "admin")
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, admin.username, admin.password)
    page.goto("/units")
    page.fill("#unit-form-box input[name=name]", "Thôn Bãi Sậy, xã Phú Lâm")
    page.select_option("#unit-form-box select[name=kind]", "village")
    page.click("#unit-form-box button[type=submit]")
    expect(page.get_by_text("Đã thêm đơn vị “Thôn Bãi Sậy, xã Phú Lâm”.")).to_be_visible()
    page.fill("input[type=search]", "bai say")  # folded search finds the accented name
    rows = page.locator("#unit-rows")
    expect(rows.get_by_text("Huyện Phú Lâm", exact=True)).to_have_count(0)  # the list is filtered
    expect(rows.get_by_text("Thôn Bãi Sậy, xã Phú Lâm")).to_be_visible()
    expect(rows.get_by_text("1 đơn vị")).to_be_visible()
