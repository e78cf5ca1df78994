"""Pages a commune clerk can use without help (#12): forms that answer in Vietnamese beside each field,
filters sent as they stand, drafts withdrawn, roles kept to their pages, cards that agree with their lists."""

from __future__ import annotations

import re

import httpx

from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.registry.tables import Model
from tests.api.test_contest import make_edition, new_entry, submit
from tests.api.test_models import lighting
from tests.conftest import LoginAs, make_unit

HX = {"HX-Request": "true"}
ENGLISH = ("Expected", "field `", "Object missing", "Invalid enum", "$.")


def _error_beside(html: str, field: str) -> str:
    """The message shown next to a field (the element the form macro writes)."""
    match = re.search(rf'<span class="error" id="error-{field}" data-field="{field}">([^<]*)</span>', html)
    assert match, f"no message beside {field}"
    return match.group(1)


def _no_english(html: str) -> None:
    for word in ENGLISH:
        assert word not in html, word


async def test_empty_filters_mean_all_on_pages_and_api(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    first = (await client.post("/api/models", json=lighting(), headers=unit)).json()
    await client.post("/api/models", json=lighting(title="Dân vận số", field="economy"), headers=unit)
    await client.post(f"/api/models/{first['id']}/submit", json={"year": today_vn().year}, headers=unit)
    empty = "year=&field=&level=&kind=&status=&unit_id=&q="
    listed = await client.get(f"/models?{empty}", headers=admin)
    assert listed.status_code == 200 and "2 mô hình" in listed.text
    api = await client.get(f"/api/models?{empty}", headers=admin)
    assert api.status_code == 200 and api.json()["total"] == 2
    chosen = await client.get("/api/models?year=&field=economy", headers=admin)
    assert [m["title"] for m in chosen.json()["items"]] == ["Dân vận số"]
    assert (await client.get("/models/stats?year=&rollup=successor", headers=admin)).status_code == 200
    assert (await client.get("/api/stats/models?year=", headers=admin)).status_code == 200
    assert (await client.get("/models/review?year=&status=", headers=admin)).status_code == 200
    bad = await client.get("/api/models?field=nonsense", headers=admin)
    assert bad.status_code == 400 and "Lĩnh vực" in bad.json()["detail"]

    edition = await make_edition(client, admin)
    await new_entry(client, unit, edition["id"])
    rows = await client.get(f"/contest/editions/{edition['id']}/entries?status=&media_type=", headers=unit)
    assert rows.status_code == 200 and "1 tác phẩm" in rows.text
    api_rows = await client.get(f"/api/editions/{edition['id']}/entries?status=&media_type=&q=", headers=unit)
    assert api_rows.status_code == 200 and api_rows.json()["total"] == 1


async def test_model_form_answers_in_vietnamese_beside_each_field(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    unit = await login_as(Role.unit)
    empty = await client.post("/models/new", data={"title": "", "summary": ""}, headers={**unit, **HX})
    assert empty.status_code == 200 and 'id="model-form"' in empty.text
    assert _error_beside(empty.text, "title") == "Cần nhập tên mô hình."
    assert _error_beside(empty.text, "summary") == "Cần nhập tóm tắt."
    assert "form-summary" in empty.text
    _no_english(empty.text)
    form = {"title": "Đèn đường", "kind": "collective", "field": "economy", "level": "grassroots",
            "summary": "Góp đèn", "budget_vnd": "bảy mươi"}  # fmt: skip
    wrong = await client.post("/models/new", data=form, headers={**unit, **HX})
    assert _error_beside(wrong.text, "budget_vnd") == "Kinh phí phải là số."
    assert 'value="Đèn đường"' in wrong.text  # what was typed stays
    _no_english(wrong.text)
    assert await Model.count().run() == 0
    saved = await client.post("/models/new", data={**form, "budget_vnd": "1.000.000"}, headers={**unit, **HX})
    assert saved.headers["HX-Redirect"].startswith("/models/")
    row = await Model.select(Model.budget_vnd).first().run()
    assert row is not None and row["budget_vnd"] == 1_000_000
    without_js = await client.post("/models/new", data={"title": ""}, headers=unit)
    assert (
        without_js.status_code == 422 and "Cần nhập tên mô hình." in without_js.text and 'id="nav"' in without_js.text
    )


async def test_entry_form_names_the_authors_field(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    r = await client.post(
        f"/contest/editions/{edition['id']}/entries", data={"title": "Bài", "authors": ""}, headers={**unit, **HX}
    )
    assert _error_beside(r.text, "authors") == "Cần ít nhất một tác giả."
    assert _error_beside(r.text, "outlet") == "Cần nhập cơ quan báo chí đăng, phát."
    _no_english(r.text)


async def test_drafts_are_withdrawn_and_submitted_work_is_kept(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    draft = (await client.post("/api/models", json=lighting(), headers=unit)).json()
    sent = (await client.post("/api/models", json=lighting(title="Đã gửi"), headers=unit)).json()
    await client.post(f"/api/models/{sent['id']}/submit", json={"year": today_vn().year}, headers=unit)
    assert (await client.get(f"/models/{draft['id']}/delete", headers=unit)).status_code == 200
    gone = await client.post(f"/models/{draft['id']}/delete", headers={**unit, **HX})
    assert gone.headers["HX-Redirect"] == "/models"
    refused = await client.delete(f"/api/models/{sent['id']}", headers=unit)
    assert refused.status_code == 409 and "bản nháp" in refused.json()["detail"]
    assert [r["id"] for r in await Model.select(Model.id).run()] == [sent["id"]]
    assert await AuditEntry.count().where(AuditEntry.action == "model.delete").run() == 1

    edition = await make_edition(client, admin)
    entry = await new_entry(client, unit, edition["id"])
    other = await new_entry(client, unit, edition["id"], title="Tác phẩm đã gửi")
    assert (await submit(client, unit, other["id"])).status_code == 200
    assert (await client.delete(f"/api/entries/{entry['id']}", headers=unit)).status_code == 204
    refused = await client.delete(f"/api/entries/{other['id']}", headers=unit)
    assert refused.status_code == 409
    assert [r["id"] for r in await Entry.select(Entry.id).run()] == [other["id"]]
    assert await AuditEntry.count().where(AuditEntry.action == "entry.delete").run() == 1
    returned = await client.post(f"/contest/entries/{other['id']}/return", data={"reason": ""}, headers={**admin, **HX})
    assert _error_beside(returned.text, "reason") == "Cần nhập lý do."
    returned = await client.post(
        f"/contest/entries/{other['id']}/return", data={"reason": "Thiếu kịch bản"}, headers={**admin, **HX}
    )
    assert returned.headers["HX-Redirect"] == f"/contest/entries/{other['id']}"
    assert (await client.get(f"/contest/entries/{other['id']}/edit", headers=unit)).status_code == 200


async def test_a_judge_gets_a_vietnamese_403_page_with_navigation(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    judge = await login_as(Role.judge)
    for path in ("/models/new", "/models/import"):
        page = await client.get(path, headers=judge)
        assert page.status_code == 403 and "Không có quyền" in page.text, path
        assert 'id="nav"' in page.text and "Đăng xuất" in page.text
    listed = await client.get("/models", headers=judge)
    assert 'href="/models/new"' not in listed.text


async def test_login_lands_on_the_page_asked_for_with_its_query(client: httpx.AsyncClient) -> None:
    r = await client.get("/models/stats?rollup=successor")
    assert r.status_code in (302, 303)
    assert r.headers["location"] == "/login?next=/models/stats%3Frollup%3Dsuccessor"


async def test_dashboard_cards_count_the_rows_of_their_lists(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit_id = await make_unit("Xã Tân Hòa")
    unit = await login_as(Role.unit, unit_id=unit_id)
    judge = await login_as(Role.judge)
    for year in (today_vn().year - 1, today_vn().year):
        made = (await client.post("/api/models", json=lighting(title=f"Mô hình {year}"), headers=unit)).json()
        await client.post(f"/api/models/{made['id']}/submit", json={"year": year}, headers=unit)
    first, second = await make_edition(client, admin), await make_edition(client, admin)
    for edition in (first, second):
        entry = await new_entry(client, unit, edition["id"], title=f"Tác phẩm {edition['id']}")
        await submit(client, unit, entry["id"])
    await new_entry(client, unit, first["id"], title="Còn nháp")

    for headers in (admin, unit, judge):
        dashboard = await client.get("/", headers=headers)
        cards = re.findall(r'<a class="card stat" href="([^"]+)"><span class="stat-value">(\d+)</span>', dashboard.text)
        assert cards
        for href, value in cards:
            page = await client.get(href.replace("&amp;", "&"), headers=headers)
            assert page.status_code == 200, href
            shown = re.search(
                r'<p class="muted"[^>]*>(\d+) (mô hình|hồ sơ|đơn vị|tài khoản|tác phẩm|vòng chấm)', page.text
            )
            assert shown and shown.group(1) == value, (href, value, shown and shown.group(0))


async def test_the_district_level_ended_in_2025(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    unit = await login_as(Role.unit)
    made = (await client.post("/api/models", json=lighting(level="district"), headers=unit)).json()
    refused = await client.post(f"/api/models/{made['id']}/submit", json={"year": 2026}, headers=unit)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "level"
    assert "01/7/2025" in refused.json()["detail"]
    older = await client.post(f"/api/models/{made['id']}/submit", json={"year": 2025}, headers=unit)
    assert older.status_code == 200
    form = await client.get("/models/new", headers=unit)
    if today_vn().year > 2025:
        assert 'value="district"' not in form.text
    kept = await client.get(f"/models/{made['id']}/edit", headers=unit)
    assert kept.status_code in (200, 409) or 'value="district" selected' in kept.text


async def test_the_write_up_preview_shows_the_formatting_and_nothing_unsafe(
    client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    editor = await login_as(Role.unit)
    form = await client.get("/models/new", headers=editor)
    assert "Xem trước" in form.text and "Markdown" not in form.text
    body = "# Kết quả\n\n**270 đèn** trên *10,7 km*\n\n- thôn Đông\n- thôn Tây\n\n<script>alert(1)</script>"
    preview = await client.post("/models/preview", data={"body": body}, headers={**editor, **HX})
    assert preview.status_code == 200
    assert "<strong>270 đèn</strong>" in preview.text and "<em>10,7 km</em>" in preview.text
    assert "<li>thôn Đông</li>" in preview.text and "<script>" not in preview.text
    empty = await client.post("/models/preview", data={"body": "  "}, headers={**editor, **HX})
    assert "Chưa có nội dung" in empty.text
    judge = await login_as(Role.judge)
    refused = await client.post("/models/preview", data={"body": "**x**"}, headers=judge)
    assert refused.status_code == 403 and "<strong>x</strong>" not in refused.text
