"""The committee sets a round up in a real browser: a custom rubric, two judges (one on two panels), a declared
conflict, assignment, one assignment removed and added again, the round opened; a judge scores and the
committee's progress changes without a reload; the committee closes the round."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.api.test_contest import edition_body, entry_body
from tests.browser.conftest import login
from tests.browser.test_judging import _token

pytestmark = pytest.mark.browser

ENTRIES = [
    ("Ánh đèn mới ở bản Mường Khoa", "print"),
    ("Chợ phiên không tiền mặt", "print"),
    ("Tiếng loa chiều ở xóm Bãi", "radio"),
]


def _edition_with_entries(base: str) -> tuple[int, dict[str, int]]:
    """An edition with three eligible entries (two of print, one of radio); returns (edition id, title → id)."""
    admin, unit = _token(base, "admin"), _token(base, "donvi")
    ids: dict[str, int] = {}
    with httpx.Client(base_url=base, timeout=30) as c:
        contest = c.post(
            "/api/contests",
            json={"name": "Thử lập vòng chấm", "period_from": "2021-01-01", "period_to": "2030-12-31"},
            headers=admin,
        ).json()
        body = edition_body(name="Đợt thử lập vòng chấm", max_entries_per_author=5)
        edition = c.post(f"/api/contests/{contest['id']}/editions", json=body, headers=admin).json()
        for i, (title, kind) in enumerate(ENTRIES):
            made = entry_body(title=title, media_type=kind, authors=[{"name": f"Phóng Viên Thử Số {i}"}])
            entry = c.post(f"/api/editions/{edition['id']}/entries", json=made, headers=unit).json()
            assert c.post(f"/api/entries/{entry['id']}/submit", headers=unit).status_code == 200
            screened = c.post(f"/api/entries/{entry['id']}/screen", json={"eligible": True}, headers=admin)
            assert screened.status_code == 200, screened.text
            ids[title] = entry["id"]
    return edition["id"], ids


def _second_judge(base: str) -> tuple[int, str]:
    admin = _token(base, "admin")
    body = {
        "username": "giamkhao_hai",
        "password": "mat-khau-giam-khao-hai",
        "full_name": "Hoàng Thị Thẩm Định",
        "role": "judge",
    }
    r = httpx.post(f"{base}/api/users", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()["id"], body["full_name"]


def _assignments(base: str, round_id: int) -> set[tuple[int, int]]:
    got = httpx.get(f"{base}/api/rounds/{round_id}/assignments", headers=_token(base, "admin")).json()
    return {(a["judge_id"], a["entry_id"]) for a in got["items"]}


def _fill_row(page: Page, index: int, label: str, weight: str, most: str) -> None:
    row = page.locator(f"#round-form .rubric-row[data-row='{index}']")
    row.locator("[name=crit_label]").fill(label)
    row.locator("[name=crit_weight]").fill(weight)
    row.locator("[name=crit_max]").fill(most)


def _reloads(page: Page, button: Any) -> None:
    """Press a button whose success reloads the round page (HX-Redirect to the same address)."""
    with page.expect_navigation():
        button.click()


def test_the_committee_sets_up_runs_and_closes_a_round(page: Page, live_server: str, browser: Any) -> None:
    edition_id, entries = _edition_with_entries(live_server)
    second_id, second_name = _second_judge(live_server)
    judge = next(d for d in DEMO_LOGINS if d.username == "giamkhao")
    me = httpx.get(f"{live_server}/api/me", headers=_token(live_server, "giamkhao")).json()
    page.on("dialog", lambda dialog: dialog.accept())
    committee = next(d for d in DEMO_LOGINS if d.username == "admin")
    login(page, committee.username, committee.password)

    page.goto(f"/contest/editions/{edition_id}")
    page.locator("#judging-rounds").click()
    form = page.locator("#round-form")
    expect(form.locator(".rubric-row[data-row='0'] [name=crit_label]")).to_have_value("Nội dung, tính phát hiện")
    form.locator("[name=judges_per_entry]").fill("một")
    form.locator("button[type=submit]").click()
    expect(page.locator("#round-form #error-name")).to_be_visible()
    expect(page.locator("#round-form #error-judges_per_entry")).to_contain_text("phải là số")
    form = page.locator("#round-form")
    form.locator("[name=name]").fill("Sơ khảo thử lập vòng")
    form.locator("[name=judges_per_entry]").fill("1")
    form.locator("[name=blind]").check()
    _fill_row(page, 1, "Hình thức thể hiện", "20", "20")
    _fill_row(page, 3, "Tính thời sự", "10", "10")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Sơ khảo thử lập vòng")
    round_id = int(page.url.split("/judging/rounds/", 1)[1].split("#")[0])
    criteria = httpx.get(f"{live_server}/api/rounds/{round_id}", headers=_token(live_server, "admin")).json()
    assert [c["key"] for c in criteria["criteria"]] == ["noi_dung", "hinh_thuc", "hieu_qua", "tinh_thoi_su"]

    def add_judge(name: str, kinds: list[str]) -> None:
        box = page.locator("#judge-form")
        box.locator("select[name=user_id]").select_option(label=name)
        for kind in kinds:
            box.locator(f"input[name=media_types][value={kind}]").check()
        _reloads(page, box.locator("button[type=submit]"))
        expect(page.locator("#panel li", has_text=name)).to_be_visible()

    page.locator("#judge-form button[type=submit]").click()
    expect(page.locator("#judge-form #error-user_id")).to_be_visible()
    add_judge(me["full_name"], ["print"])
    add_judge(me["full_name"], ["radio"])  # a second panel for the same judge
    add_judge(second_name, ["print"])
    expect(page.locator(f"#panel li[data-seat='{me['id']}']")).to_contain_text("Phát thanh")
    expect(page.locator(f"#panel li[data-seat='{me['id']}']")).to_contain_text("Báo in")

    first, second, radio = (entries[t] for t, _ in ENTRIES)
    conflict = page.locator("#conflict-form")
    conflict.locator("select[name=judge_id]").select_option(str(second_id))
    conflict.locator("select[name=entry_id]").select_option(str(first))
    conflict.locator("button[type=submit]").click()
    expect(page.locator("#conflict-form #error-reason")).to_be_visible()
    page.locator("#conflict-form [name=reason]").fill("Vợ của tác giả")
    _reloads(page, page.locator("#conflict-form button[type=submit]"))
    expect(page.locator("#conflicts li", has_text="Vợ của tác giả")).to_be_visible()

    _reloads(page, page.locator("#assign-form button[type=submit]"))
    expect(page.locator(f"tr[data-entry='{second}'] .assigned")).to_have_count(1)
    plan = _assignments(live_server, round_id)
    assert plan == {(me["id"], first), (me["id"], radio), (second_id, second)}

    _reloads(page, page.locator(f"tr[data-entry='{second}'] .assigned[data-judge='{second_id}'] button"))
    expect(page.locator(f"tr[data-entry='{second}'] .assigned")).to_have_count(0)
    expect(page.locator("#needing")).to_contain_text("Chợ phiên không tiền mặt")
    single = page.locator("#assignment-form")
    single.locator("select[name=judge_id]").select_option(str(second_id))
    single.locator("select[name=entry_id]").select_option(str(first))
    single.locator("button[type=submit]").click()
    expect(page.locator("#assignment-form #error-judge_id")).to_contain_text("xung đột lợi ích")
    single = page.locator("#assignment-form")
    single.locator("select[name=entry_id]").select_option(str(second))
    _reloads(page, single.locator("button[type=submit]"))
    expect(page.locator(f"tr[data-entry='{second}'] .assigned[data-judge='{second_id}']")).to_have_count(1)
    assert _assignments(live_server, round_id) == plan

    _reloads(page, page.locator("#open-form button[type=submit]"))
    expect(page.locator("#round-status")).to_contain_text("Đang chấm")
    progress = page.locator(f"#progress tr[data-judge='{me['id']}'] .judge-progress")
    expect(progress).to_have_text("0/2")
    page.evaluate("window.stillThisPage = true")  # gone if the page reloads

    judging = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 820, "height": 1180})
    tablet = judging.new_page()
    tablet.set_default_timeout(15_000)
    # The scoring page guards unsaved scores with a beforeunload prompt: accept it if it ever shows, rather
    # than leave a dialog open that the context's close would wait on.
    tablet.on("dialog", lambda dialog: dialog.accept())
    login(tablet, judge.username, judge.password)
    tablet.goto(f"/judging/rounds/{round_id}/score/{radio}")
    expect(tablet.locator("#score-form input[type=number]")).to_have_count(4)
    tablet.locator("#score-form input[type=number]").first.focus()
    for i, value in enumerate(["40", "15", "18", "9"]):
        tablet.keyboard.type(value)
        if i < 3:
            tablet.keyboard.press("Tab")
    tablet.keyboard.press("Enter")
    expect(tablet.locator("#score-progress")).to_have_text("đã chấm 1/2")
    # Enter saves, then moves on to the next entry: close only once the tablet has left the scored one.
    expect(tablet).not_to_have_url(re.compile(rf"/score/{radio}$"))
    tablet.wait_for_load_state()
    judging.close()

    expect(progress).to_have_text("1/2", timeout=30_000)  # polled, no reload
    assert page.evaluate("window.stillThisPage") is True
    expect(page.locator("#progress #lacking")).to_contain_text("Ánh đèn mới ở bản Mường Khoa")
    _reloads(page, page.locator("#close-form button[type=submit]"))
    expect(page.locator("#round-status")).to_contain_text("Đã khóa")
    page.goto("/judging/rounds?status=closed")
    expect(page.locator(f"a[href='/judging/rounds/{round_id}']")).to_be_visible()
