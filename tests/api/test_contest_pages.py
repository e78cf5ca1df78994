"""The contest's pages answer in Vietnamese and go through the same rules as the API."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.permissions import Role
from tests.api.test_contest import TODAY, make_edition
from tests.conftest import LoginAs


async def test_pages_for_the_committee_and_a_unit(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin, genres=["phóng sự", "ghi chép"])
    eid = edition["id"]
    unit = await login_as(Role.unit)
    for path in ("/contest", f"/contest/editions/{eid}", f"/contest/editions/{eid}/entries/new"):
        r = await client.get(path, headers=unit)
        assert r.status_code == 200, (path, r.text)
    form = {
        "title": "Đêm hội làng sau mùa gặt",
        "media_type": "television",
        "genre": "phóng sự",
        "authors": "Võ Minh Khôi | Minh Khôi\nĐinh Thị Ngọc",
        "outlet": "Truyền hình Bình Sơn",
        "published_on": TODAY.isoformat(),
        "model_ids": "",
    }
    r = await client.post(f"/contest/editions/{eid}/entries", data=form, headers={**unit, "HX-Request": "true"})
    assert r.status_code == 200 and r.headers["HX-Redirect"].startswith("/contest/entries/"), r.text
    entry_id = int(r.headers["HX-Redirect"].rsplit("/", 1)[1])
    page = await client.get(f"/contest/entries/{entry_id}", headers=unit)
    assert "Đêm hội làng sau mùa gặt" in page.text and "Minh Khôi" in page.text
    bad = await client.post(
        f"/contest/editions/{eid}/entries", data={**form, "model_ids": "987654"}, headers={**unit, "HX-Request": "true"}
    )
    assert "Mô hình không tồn tại" in bad.text
    assert await Entry.count().run() == 1
    submitted = await client.post(f"/contest/entries/{entry_id}/submit", headers={**unit, "HX-Request": "true"})
    assert submitted.headers.get("HX-Redirect") == f"/contest/entries/{entry_id}", submitted.text
    assert (await client.get(f"/contest/editions/{eid}/screening", headers=unit)).status_code == 403
    screening = await client.get(f"/contest/editions/{eid}/screening", headers=admin)
    assert "Đêm hội làng sau mùa gặt" in screening.text
    screened = await client.post(
        f"/contest/entries/{entry_id}/screen", data={"eligible": "true"}, headers={**admin, "HX-Request": "true"}
    )
    assert "Hợp lệ" in screened.text
    funnel = await client.get(f"/contest/editions/{eid}/funnel", headers=admin)
    assert funnel.status_code == 200 and "Truyền hình" in funnel.text
    rows = await client.get(f"/contest/editions/{eid}/entries?status=eligible", headers=unit)
    assert "Đêm hội làng sau mùa gặt" in rows.text


async def test_committee_sets_up_an_edition_through_the_form(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    edition = await make_edition(client, admin)
    cid = edition["contest_id"]
    assert (await client.get(f"/contest/editions/new?contest_id={cid}", headers=admin)).status_code == 200
    form = [
        ("name", "Đợt thi năm 2026"),
        ("kind", "yearly"),
        ("year", "2026"),
        ("published_from", "2026-01-01"),
        ("published_to", "2026-09-02"),
        ("submit_from", "2026-09-03"),
        ("submit_to", "2026-09-15"),
        ("media_types", "print"),
        ("media_types", "television"),
        ("genres", "phóng sự, ghi chép"),
        ("max_entries_per_author", "3"),
        ("max_authors_per_entry", "2"),
        ("previously_awarded", "declare"),
        ("prizes", "print | a | 1 | 10.000.000\n | consolation | 5 | 3000000"),
        ("excluded_people", "judge | Phạm Quốc Dũng"),
    ]
    body = urlencode(form).encode()
    headers = {**admin, "HX-Request": "true", "content-type": "application/x-www-form-urlencoded"}
    r = await client.post(f"/contest/editions?contest_id={cid}", content=body, headers=headers)
    assert r.headers.get("HX-Redirect", "").startswith("/contest/editions/"), r.text
    new_id = int(r.headers["HX-Redirect"].rsplit("/", 1)[1])
    created = (await client.get(f"/api/editions/{new_id}", headers=admin)).json()
    assert created["media_types"] == ["print", "television"]
    assert created["prizes"][0] == {"tier": "a", "count": 1, "media_type": "print", "amount_vnd": 10_000_000}
    assert created["excluded_people"][0]["name"] == "Phạm Quốc Dũng"
