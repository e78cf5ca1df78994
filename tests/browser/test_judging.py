"""Judging in a real browser: a judge scores two entries from the keyboard, loses the connection for a
moment without losing a score, and sees their progress; the committee sees the progress change."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.api.test_contest import edition_body, entry_body
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _token(base: str, username: str) -> dict[str, str]:
    who = next(d for d in DEMO_LOGINS if d.username == username)
    r = httpx.post(f"{base}/api/auth/login", json={"username": who.username, "password": who.password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _open_round(base: str) -> tuple[int, int]:
    """A round of two eligible entries, both for the demo judge; returns (round id, judge id)."""
    admin, unit = _token(base, "admin"), _token(base, "donvi")
    with httpx.Client(base_url=base, timeout=30) as c:
        contest = c.post(
            "/api/contests",
            json={"name": "Thử chấm", "period_from": "2021-01-01", "period_to": "2030-12-31"},
            headers=admin,
        )
        edition = c.post(
            f"/api/contests/{contest.json()['id']}/editions", json=edition_body(name="Đợt thử chấm"), headers=admin
        ).json()
        for i in range(2):
            body = entry_body(title=f"Bài thử chấm {i + 1}", authors=[{"name": f"Tác Giả Thử {i}"}])
            entry = c.post(f"/api/editions/{edition['id']}/entries", json=body, headers=unit).json()
            assert c.post(f"/api/entries/{entry['id']}/submit", headers=unit).status_code == 200
            assert (
                c.post(f"/api/entries/{entry['id']}/screen", json={"eligible": True}, headers=admin).status_code == 200
            )
        round_ = c.post(
            f"/api/editions/{edition['id']}/rounds",
            json={"name": "Sơ khảo thử", "stage": "preliminary", "blind": True, "judges_per_entry": 1},
            headers=admin,
        ).json()
        judge_id = c.get("/api/me", headers=_token(base, "giamkhao")).json()["id"]
        assert (
            c.post(f"/api/rounds/{round_['id']}/judges", json={"user_id": judge_id}, headers=admin).status_code == 200
        )
        assert c.post(f"/api/rounds/{round_['id']}/assign", headers=admin).status_code == 200
        assert c.post(f"/api/rounds/{round_['id']}/open", headers=admin).status_code == 200
    return round_["id"], judge_id


def _type_scores(page, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.locator("#score-form input[type=number]").first.focus()
    for i, value in enumerate(values):
        page.keyboard.type(value)
        if i < len(values) - 1:
            page.keyboard.press("Tab")


def test_a_judge_scores_from_the_keyboard_through_a_lost_connection(page, live_server) -> None:  # type: ignore[no-untyped-def]
    round_id, judge_id = _open_round(live_server)
    judge = next(d for d in DEMO_LOGINS if d.username == "giamkhao")
    login(page, judge.username, judge.password)
    page.get_by_role("link", name="Tác phẩm cần chấm").click()
    page.get_by_role("link", name="Bài thử chấm").first.click()
    expect(page.locator("#score-progress")).to_have_text("đã chấm 0/2")

    _type_scores(page, ["40", "25", "15"])
    page.keyboard.press("Enter")
    expect(page.locator("#score-progress")).to_have_text("đã chấm 1/2")  # the next entry's screen
    page.wait_for_load_state("load")

    page.context.set_offline(True)
    _type_scores(page, ["35", "20", "10"])
    expect(page.locator("#save-status")).to_contain_text("CHƯA LƯU")
    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_contain_text("Đã lưu", timeout=30_000)
    expect(page.locator("#score-progress")).to_have_text("đã chấm 2/2")

    admin = _token(live_server, "admin")
    progress = httpx.get(f"{live_server}/api/rounds/{round_id}/progress", headers=admin).json()
    [mine] = [j for j in progress["judges"] if j["judge_id"] == judge_id]
    assert mine["scored"] == mine["assigned"] == 2
    ledger = httpx.get(f"{live_server}/api/rounds/{round_id}/ledger", headers=admin).json()
    assert ledger["valid"] and sum(e["kind"] == "score" for e in ledger["events"]) >= 2
    last = [e for e in ledger["events"] if e["kind"] == "score"][-1]
    assert last["scores"] == {"noi_dung": 35, "hinh_thuc": 20, "hieu_qua": 10}  # typed while offline, kept
    committee = next(d for d in DEMO_LOGINS if d.username == "admin")
    page.context.clear_cookies()
    login(page, committee.username, committee.password)
    page.goto(f"/judging/rounds/{round_id}")
    expect(page.locator(f"tr[data-judge='{judge_id}'] .judge-progress")).to_have_text("2/2")
