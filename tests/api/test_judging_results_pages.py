"""The results pages in Vietnamese: method switch, judges' chart, shortlist dialog, awards, finalising with
confirmation, the printable sheet, and the public results page with its seal and downloadable ledger."""

from __future__ import annotations

import re

import httpx

from tests.api.results_helpers import ids, scored_room

HTMX = {"HX-Request": "true"}


def order_in(html: str, entry_ids: list[int]) -> list[int]:
    return sorted(entry_ids, key=lambda e: html.index(f'data-entry="{e}"'))


async def test_the_committee_switches_methods_and_reads_the_judges_chart(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin)
    a, b, c, _d = ids(r)
    index = await client.get("/judging/results", headers=admin)
    assert index.status_code == 200 and f"/judging/results/rounds/{r.round_id}" in index.text
    by_mean = await client.get(f"/judging/results/rounds/{r.round_id}?method=mean", headers=admin)
    assert by_mean.status_code == 200 and "Trung bình cộng" in by_mean.text
    assert order_in(by_mean.text, [a, b, c]) == [b, a, c] and "Đổi cách tính thì đổi hạng giải" in by_mean.text
    by_z = await client.get(f"/judging/results/rounds/{r.round_id}?method=zscore", headers=admin)
    assert order_in(by_z.text, [a, b, c]) == [b, c, a]
    assert "71.193" in by_z.text and "Chưa niêm phong" in by_z.text
    odd = await client.get(f"/judging/results/rounds/{r.round_id}?method=khác", headers=admin)
    assert odd.status_code == 200  # an unknown method shows the mean
    chart = await client.get(f"/judging/results/rounds/{r.round_id}/judges", headers=admin)
    assert chart.status_code == 200 and "<svg" in chart.text and "<script" not in chart.text.split("<main")[1]
    assert len(re.findall(r'class="judge-row"', chart.text)) == 3 and "Chấm chặt" in chart.text
    assert (await client.get(f"/judging/results/rounds/{r.round_id}", headers=r.headers["gk1"])).status_code == 403
    missing = await client.get("/judging/results/rounds/999999", headers=admin)
    assert missing.status_code == 404 and "Không tìm thấy" in missing.text


async def test_shortlist_dialog_awards_and_finalising_through_the_pages(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin)
    a, b, _c, d = ids(r)
    url = f"/judging/results/rounds/{r.round_id}"
    empty = await client.post(f"{url}/shortlist", data={"method": "mean"}, headers={**admin, **HTMX})
    assert empty.status_code == 200 and 'id="shortlist-form"' in empty.text
    assert "Hãy chọn số tác phẩm đứng đầu hoặc điểm tối thiểu." in empty.text and 'id="error-top"' in empty.text
    wrong = await client.post(f"{url}/shortlist", data={"top": "hai", "method": "mean"}, headers=admin)
    assert wrong.status_code == 422 and 'id="error-top"' in wrong.text and "phải là số" in wrong.text
    ok = await client.post(
        f"{url}/shortlist", data={"top": "1", "per_media_type": "true", "method": "mean"}, headers=admin
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith(url)
    assert (await client.get(f"/api/rounds/{r.round_id}/shortlist", headers=admin)).json()["entry_ids"] == [b, d]

    awards_url = f"/judging/results/editions/{r.edition_id}/awards"
    page = await client.get(awards_url, headers=admin)
    assert page.status_code == 200 and 'id="award-form"' in page.text and "Giải A — Báo in: 1 giải" in page.text
    blank = await client.post(awards_url, data={}, headers={**admin, **HTMX})
    assert 'id="error-tier"' in blank.text
    given = await client.post(awards_url, data={"tier": "a", "entry_id": str(b)}, headers=admin)
    assert given.status_code == 303
    past = await client.post(awards_url, data={"tier": "a", "entry_id": str(a)}, headers={**admin, **HTMX})
    assert "Đã trao đủ 1 Giải A cho loại hình Báo in theo thể lệ đợt thi." in past.text

    confirm = await client.get(f"{url}/finalize", headers=admin)
    assert confirm.status_code == 200 and "Tôi xác nhận: niêm phong kết quả" in confirm.text
    sealed = await client.post(f"{url}/finalize", data={"method": "zscore"}, headers=admin)
    assert sealed.status_code == 303
    seal = (await client.get(f"/api/rounds/{r.round_id}", headers=admin)).json()["seal"]
    after = await client.get(url, headers=admin)
    assert seal in after.text and "Niêm phong kết quả…" not in after.text
    again = await client.post(f"{url}/finalize", data={"method": "mean"}, headers={**admin, **HTMX})
    assert "đã niêm phong" in again.text
    printable = await client.get(f"{url}/print?method=zscore", headers=admin)
    assert printable.status_code == 200 and "@media print" in printable.text and seal in printable.text
    assert "BIÊN BẢN KẾT QUẢ CHẤM" in printable.text and "Giải A" in printable.text
    ledger = await client.get(f"{url}/ledger.json", headers=admin)
    assert ledger.status_code == 200 and ledger.json()["head"] == seal


async def test_the_public_results_page_appears_once_sealed(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    r = await scored_room(client, admin)
    b = ids(r)[1]
    public = f"/chuyen-trang/ket-qua/{r.edition_id}"
    before = await client.get(public)
    assert before.status_code == 404 and "chưa được công bố" in before.text and "<html" in before.text
    assert (await client.get(f"{public}/so-cai.json")).status_code == 404
    assert (await client.get("/chuyen-trang/ket-qua/999999")).status_code == 404
    assert (await client.get("/chuyen-trang/ket-qua/99999999999999999999")).status_code == 404
    await client.post(f"/api/editions/{r.edition_id}/awards", json={"entry_id": b, "tier": "a"}, headers=admin)
    seal = (await client.post(f"/api/rounds/{r.round_id}/finalize", headers=admin)).json()["seal"]
    page = await client.get(public)  # no login
    assert page.status_code == 200
    assert "Hiến đất mở đường liên xã" in page.text and "Nguyễn Thị Lan" in page.text and "Giải A" in page.text
    assert seal in page.text and f"gdv verify-ledger so-cai.json --seal {seal}" in page.text
    ledger = await client.get(f"{public}/so-cai.json")
    assert ledger.status_code == 200 and ledger.json()["head"] == seal and ledger.json()["valid"]
