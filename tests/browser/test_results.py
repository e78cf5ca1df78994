"""Results in a real browser: the committee switches methods, shortlists through the dialog (an empty
submission first), gives an award, finalises after confirming; the public page, without login, shows the
award and the seal."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from guong_dan_van.demo import DEMO_LOGINS
from tests.api.test_contest import edition_body, entry_body
from tests.browser.conftest import login
from tests.browser.test_judging import _token

pytestmark = pytest.mark.browser
TITLES = ["Con đường bê tông do dân góp", "Tổ hòa giải ở cơ sở", "Đêm trăng thôn bản"]
SCORES = [(45, 27, 18), (30, 20, 10), (40, 25, 15)]  # S = 90, 60, 80


def _closed_round(base: str) -> tuple[int, int, list[int]]:
    """A closed round of three print entries scored by the demo judge: (edition id, round id, entry ids)."""
    admin, unit, judge = _token(base, "admin"), _token(base, "donvi"), _token(base, "giamkhao")
    with httpx.Client(base_url=base, timeout=30) as c:
        contest = c.post(
            "/api/contests",
            json={"name": "Thử công bố", "period_from": "2021-01-01", "period_to": "2030-12-31"},
            headers=admin,
        )
        body = edition_body(name="Đợt thử công bố kết quả", max_entries_per_author=10)
        edition = c.post(f"/api/contests/{contest.json()['id']}/editions", json=body, headers=admin).json()
        entry_ids = []
        for i, title in enumerate(TITLES):
            made = entry_body(title=title, authors=[{"name": f"Hoàng Văn Bút {i}"}], outlet="Báo Dân vận tỉnh")
            entry = c.post(f"/api/editions/{edition['id']}/entries", json=made, headers=unit).json()
            assert c.post(f"/api/entries/{entry['id']}/submit", headers=unit).status_code == 200
            assert (
                c.post(f"/api/entries/{entry['id']}/screen", json={"eligible": True}, headers=admin).status_code == 200
            )
            entry_ids.append(entry["id"])
        round_ = c.post(
            f"/api/editions/{edition['id']}/rounds",
            json={"name": "Sơ khảo công bố", "stage": "preliminary", "judges_per_entry": 1},
            headers=admin,
        ).json()
        judge_id = c.get("/api/me", headers=judge).json()["id"]
        assert (
            c.post(f"/api/rounds/{round_['id']}/judges", json={"user_id": judge_id}, headers=admin).status_code == 200
        )
        assert c.post(f"/api/rounds/{round_['id']}/assign", headers=admin).status_code == 200
        assert c.post(f"/api/rounds/{round_['id']}/open", headers=admin).status_code == 200
        for entry_id, (v1, v2, v3) in zip(entry_ids, SCORES, strict=True):
            scores = {"noi_dung": v1, "hinh_thuc": v2, "hieu_qua": v3}
            put = c.put(f"/api/rounds/{round_['id']}/scores/{entry_id}", json={"scores": scores}, headers=judge)
            assert put.status_code == 200, put.text
        assert c.post(f"/api/rounds/{round_['id']}/close", headers=admin).status_code == 200
    return edition["id"], round_["id"], entry_ids


def _order(page: Page) -> list[int]:
    return [int(str(x)) for x in page.locator("tr[data-entry]").evaluate_all("rs => rs.map(r => r.dataset.entry)")]


def test_the_committee_shortlists_awards_and_seals_and_the_public_sees_it(page: Page, live_server: str) -> None:
    edition_id, round_id, (first, second, third) = _closed_round(live_server)
    committee = next(d for d in DEMO_LOGINS if d.username == "admin")
    login(page, committee.username, committee.password)
    page.goto("/judging/results")
    page.locator(f"a[href='/judging/results/rounds/{round_id}']").click()
    assert _order(page) == [first, third, second]
    page.locator("#method-form select[name=method]").select_option("median")
    page.wait_for_url(f"**/judging/results/rounds/{round_id}?method=median")
    expect(page.locator("#method-form select[name=method]")).to_have_value("median")
    assert _order(page) == [first, third, second]

    page.locator("#open-shortlist").click()
    dialog = page.locator("#shortlist-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator("#error-top")).to_contain_text("điểm tối thiểu")
    dialog.locator("input[name=top]").fill("2")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"**/judging/results/rounds/{round_id}?method=median")
    expect(page.locator("tr.shortlisted")).to_have_count(2)

    page.goto(f"/judging/results/editions/{edition_id}/awards")
    form = page.locator("#award-form")
    form.locator("button[type=submit]").click()
    expect(form.locator("#error-tier")).to_be_visible()
    form = page.locator("#award-form")
    form.locator("select[name=tier]").select_option("a")
    form.locator("select[name=entry_id]").select_option(str(first))
    form.locator("button[type=submit]").click()
    expect(page.locator("#awards")).to_contain_text(TITLES[0])

    page.goto(f"/judging/results/rounds/{round_id}")
    page.locator("#go-finalize").click()
    page.locator("#finalize-form select[name=method]").select_option("zscore")
    page.locator("#confirm-finalize").click()
    page.wait_for_url(f"**/judging/results/rounds/{round_id}?method=zscore")
    seal = str(page.locator("#seal code").inner_text())
    assert len(seal) == 64
    expect(page.locator("#go-finalize")).to_have_count(0)

    page.context.clear_cookies()
    page.goto(f"/chuyen-trang/ket-qua/{edition_id}")
    expect(page.locator("h1")).to_contain_text("Đợt thử công bố kết quả")
    awards = page.locator(".public-awards")
    expect(awards).to_contain_text(TITLES[0])
    expect(awards).to_contain_text("Hoàng Văn Bút 0")
    expect(awards).to_contain_text("Báo Dân vận tỉnh")
    expect(awards).to_contain_text("Giải A")
    expect(page.locator("#public-seal")).to_have_text(seal)
    ledger = httpx.get(f"{live_server}/chuyen-trang/ket-qua/{edition_id}/so-cai.json").json()
    assert ledger["head"] == seal and ledger["valid"]
