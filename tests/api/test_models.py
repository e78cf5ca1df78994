"""The model registry through the API: nominate, edit, submit per year, review, carry over, replicate.

Every refusal is a problem document and leaves the database as it was.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import unicodedata
from typing import Any

import httpx
import pytest

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.registry.tables import Model, ModelYear, Replication
from tests.conftest import LoginAs, make_unit

THIS_YEAR = today_vn().year


def lighting(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Thắp sáng đường quê",
        "kind": "collective",
        "field": "culture_society",
        "level": "grassroots",
        "address": "Thôn Đông, xã Tân Hòa",
        "started_year": 2022,
        "summary": "Đoàn viên vận động nhân dân góp tiền, ngày công lắp đèn chiếu sáng đường thôn.",
        "body": "## Cách làm\n\nHọp dân từng xóm, **công khai** đóng góp.\n\n<script>alert(1)</script>",
        "results": [
            {"label": "Đèn chiếu sáng", "value": 270, "unit": "đèn"},
            {"label": "Đường được thắp sáng", "value": 10700, "unit": "m"},
            {"label": "Nhân dân đóng góp", "value": 70, "unit": "triệu đồng"},
        ],
        "beneficiaries": "Hơn 600 hộ dân",
        "budget_vnd": 70_000_000,
        **extra,
    }


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


async def snapshot() -> tuple[int, int, int, int]:
    return (
        await Model.count().run(),
        await ModelYear.count().run(),
        await Replication.count().run(),
        await AuditEntry.count().run(),
    )


async def test_whole_lifecycle_from_draft_to_award_and_carry_over(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit_id = await make_unit("Huyện đoàn Phú Lâm")
    editor = await login_as(Role.unit, unit_id=unit_id)

    created = await client.post("/api/models", json=lighting(), headers=editor)
    assert created.status_code == 201, created.text
    model = created.json()
    assert model["code"] == f"MH-{THIS_YEAR}-0001"
    assert model["status"] == "draft" and model["latest_year"] is None and model["version"] == 1
    assert model["unit_id"] == unit_id and model["unit_name"] == "Huyện đoàn Phú Lâm"
    assert model["results"][1] == {"label": "Đường được thắp sáng", "value": 10700, "unit": "m"}
    assert "<h2>Cách làm</h2>" in model["body_html"] and "<script>" not in model["body_html"]
    model_id = model["id"]

    edited = await client.patch(
        f"/api/models/{model_id}", json={"version": 1, "contact": "Bí thư Huyện đoàn"}, headers=editor
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2

    submitted = await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR - 1}, headers=editor)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"

    # Submitted: the unit can no longer edit it, the committee sends it back with a note.
    locked = await client.patch(f"/api/models/{model_id}", json={"version": 3, "title": "Khác"}, headers=editor)
    assert_problem(locked, 409)
    no_note = await client.post(
        f"/api/models/{model_id}/review", json={"year": THIS_YEAR - 1, "decision": "returned"}, headers=admin
    )
    assert_problem(no_note, 422)
    returned = await client.post(
        f"/api/models/{model_id}/review",
        json={"year": THIS_YEAR - 1, "decision": "returned", "note": "Bổ sung số hộ tham gia"},
        headers=admin,
    )
    assert returned.json()["status"] == "returned"

    current = (await client.get(f"/api/models/{model_id}", headers=editor)).json()
    assert current["status"] == "returned"
    fixed = await client.patch(
        f"/api/models/{model_id}",
        json={"version": current["version"], "beneficiaries": "612 hộ dân"},
        headers=editor,
    )
    assert fixed.status_code == 200
    again = await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR - 1}, headers=editor)
    assert again.json()["status"] == "submitted"

    recognized = await client.post(
        f"/api/models/{model_id}/review",
        json={
            "year": THIS_YEAR - 1,
            "decision": "recognized",
            "decision_no": "125-QĐ/BDV",
            "decision_date": f"{THIS_YEAR - 1}-10-15",
        },
        headers=admin,
    )
    assert recognized.status_code == 200
    assert recognized.json()["decision_no"] == "125-QĐ/BDV"
    exemplary = await client.post(
        f"/api/models/{model_id}/review", json={"year": THIS_YEAR - 1, "decision": "exemplary"}, headers=admin
    )
    assert exemplary.json()["status"] == "exemplary"
    assert exemplary.json()["decision_no"] == "125-QĐ/BDV"  # kept from the recognition

    # Carry-over: recognised last year, registered again this year; the history keeps both.
    carried = await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR}, headers=editor)
    assert carried.status_code == 200
    await client.post(
        f"/api/models/{model_id}/review",
        json={"year": THIS_YEAR, "decision": "proposed_for_award", "decision_no": "40-QĐ/BTC"},
        headers=admin,
    )
    years = (await client.get(f"/api/models/{model_id}/years", headers=editor)).json()
    assert [(y["year"], y["status"]) for y in years] == [
        (THIS_YEAR - 1, "exemplary"),
        (THIS_YEAR, "proposed_for_award"),
    ]
    assert years[0]["note"] == "Bổ sung số hộ tham gia"
    listed = (await client.get("/api/models", headers=admin)).json()
    assert listed["items"][0]["status"] == "proposed_for_award"
    assert listed["items"][0]["latest_year"] == THIS_YEAR
    last_year = (await client.get(f"/api/models?year={THIS_YEAR - 1}", headers=admin)).json()
    assert last_year["items"][0]["year_status"] == "exemplary"

    audit = AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.object_type == "model") & (AuditEntry.object_id == model_id)
    )
    actions = [r["action"] for r in await audit]
    assert actions.count("model.review") == 4 and actions.count("model.submit") == 3


async def test_impossible_transitions_are_409_and_change_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit_id = await make_unit()
    editor = await login_as(Role.unit, unit_id=unit_id)
    model_id = (await client.post("/api/models", json=lighting(), headers=editor)).json()["id"]
    before = await snapshot()
    not_submitted = await client.post(
        f"/api/models/{model_id}/review", json={"year": THIS_YEAR, "decision": "recognized"}, headers=admin
    )
    assert_problem(not_submitted, 409)
    assert await snapshot() == before

    await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR}, headers=editor)
    before = await snapshot()
    for year, who in ((THIS_YEAR, editor), (THIS_YEAR - 1, editor)):
        twice = await client.post(f"/api/models/{model_id}/submit", json={"year": year}, headers=who)
        assert_problem(twice, 409)
    assert await snapshot() == before

    await client.post(f"/api/models/{model_id}/review", json={"year": THIS_YEAR, "decision": "rejected"}, headers=admin)
    before = await snapshot()
    for decision in ("recognized", "rejected", "exemplary"):
        final = await client.post(
            f"/api/models/{model_id}/review", json={"year": THIS_YEAR, "decision": decision}, headers=admin
        )
        assert_problem(final, 409)
    too_late = await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR + 2}, headers=editor)
    assert_problem(too_late, 422)
    assert await snapshot() == before


async def test_units_see_neither_other_drafts_nor_touch_other_models(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    ours, theirs = await make_unit("Xã Tân Hòa"), await make_unit("Xã Đồng Sơn")
    editor = await login_as(Role.unit, unit_id=ours)
    other = await login_as(Role.unit, unit_id=theirs)
    draft = (await client.post("/api/models", json=lighting(), headers=editor)).json()
    shown = (await client.post("/api/models", json=lighting(title="Ngày thứ Bảy cùng dân"), headers=editor)).json()
    await client.post(f"/api/models/{shown['id']}/submit", json={"year": THIS_YEAR}, headers=editor)
    before = await snapshot()

    # A draft of another unit does not exist for them: 404, as for an id that was never used.
    for path in (f"/api/models/{draft['id']}", f"/api/models/{draft['id']}/years", "/api/models/999999"):
        assert_problem(await client.get(path, headers=other), 404)
    assert_problem(await client.patch(f"/api/models/{draft['id']}", json={"version": 1}, headers=other), 404)
    assert_problem(await client.post(f"/api/models/{draft['id']}/submit", json={"year": THIS_YEAR}, headers=other), 404)
    # A submitted model is visible to them, but not theirs to change: 403.
    assert (await client.get(f"/api/models/{shown['id']}", headers=other)).status_code == 200
    assert_problem(
        await client.patch(f"/api/models/{shown['id']}", json={"version": 2, "title": "Của tôi"}, headers=other), 403
    )
    assert_problem(await client.post(f"/api/models/{shown['id']}/review", json={"year": THIS_YEAR,
                                                                                "decision": "recognized"},
                                     headers=other), 403)  # fmt: skip
    # Creating for another unit is refused; the list shows them only what they may see.
    assert_problem(await client.post("/api/models", json=lighting(unit_id=ours), headers=other), 403)
    listed = (await client.get("/api/models", headers=other)).json()
    assert [m["id"] for m in listed["items"]] == [shown["id"]]
    assert (await client.get("/api/models", headers=editor)).json()["total"] == 2
    assert await snapshot() == before


async def test_stale_version_is_409_and_keeps_the_first_edit(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    editor = await login_as(Role.unit)
    model = (await client.post("/api/models", json=lighting(), headers=editor)).json()
    first = await client.patch(f"/api/models/{model['id']}", json={"version": 1, "title": "Bản A"}, headers=editor)
    assert first.status_code == 200
    stale = await client.patch(f"/api/models/{model['id']}", json={"version": 1, "title": "Bản B"}, headers=editor)
    body = assert_problem(stale, 409)
    assert body["current_version"] == 2
    assert (await client.get(f"/api/models/{model['id']}", headers=editor)).json()["title"] == "Bản A"


async def test_bad_input_is_a_problem_document_and_writes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    editor = await login_as(Role.unit)
    model_id = (await client.post("/api/models", json=lighting(), headers=editor)).json()["id"]
    before = await snapshot()
    cases: list[tuple[str, str, Any, int]] = [
        ("POST", "/api/models", b'{"title": "x",', 400),
        ("POST", "/api/models", lighting(kind="group"), 400),
        ("POST", "/api/models", lighting(level=3), 400),
        ("POST", "/api/models", lighting(color="red"), 400),
        ("POST", "/api/models", lighting(title=""), 400),
        ("POST", "/api/models", lighting(started_year=1800), 400),
        ("POST", "/api/models", lighting(started_year=THIS_YEAR + 3), 422),
        ("POST", "/api/models", lighting(results=[{"label": "Đèn"}]), 400),
        ("POST", "/api/models", lighting(budget_vnd=-5), 400),
        ("POST", f"/api/models/{model_id}/submit", {"year": "năm nay"}, 400),
        ("POST", f"/api/models/{model_id}/submit", {"year": 1999}, 400),
        ("POST", f"/api/models/{model_id}/submit", {}, 400),
        ("PATCH", f"/api/models/{model_id}", {"title": "thiếu version"}, 400),
        ("PATCH", f"/api/models/{model_id}", {"version": 1, "unit_id": 5}, 400),
        ("POST", f"/api/models/{model_id}/replications", {"unit_id": 424242, "year": 2024}, 422),
        ("GET", "/api/models?year=abc", None, 400),
        ("GET", "/api/models?status=approved", None, 400),
        ("GET", "/api/models?limit=1000", None, 400),
        ("GET", "/api/models/0", None, 404),
        ("GET", "/api/models/99999999999", None, 404),
        ("GET", "/api/stats/models?rollup=sideways", None, 400),
    ]
    for method, path, body, status in cases:
        kwargs: dict[str, Any] = {"headers": {**editor}}
        if isinstance(body, bytes):
            kwargs["content"] = body
            kwargs["headers"]["content-type"] = "application/json"
        elif body is not None:
            kwargs["json"] = body
        response = await client.request(method, path, **kwargs)
        assert_problem(response, status)
    assert_problem(await client.post("/api/models", json=lighting()), 401)
    assert_problem(await client.post("/api/models", json=lighting(), headers=admin), 422)  # admin names the unit
    assert await snapshot() == before


async def test_text_is_nfc_and_sql_looking_text_is_kept_literally(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    editor = await login_as(Role.unit)
    nfd_title = unicodedata.normalize("NFD", "Dân vận khéo  ở   thôn Đông")
    sqlish = "x'); DROP TABLE model; --"
    created = await client.post("/api/models", json=lighting(title=nfd_title, address=sqlish), headers=editor)
    assert created.status_code == 201
    body = created.json()
    assert body["title"] == unicodedata.normalize("NFC", "Dân vận khéo ở thôn Đông")
    assert body["address"] == sqlish
    found = await client.get("/api/models", params={"q": "dan van kheo"}, headers=editor)
    assert found.json()["total"] == 1
    assert (await client.get("/api/models", params={"q": "%' OR 1=1 --"}, headers=editor)).json()["total"] == 0


async def test_replications_are_listed_on_the_model(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    ours, adopter = await make_unit("Huyện đoàn Phú Lâm"), await make_unit("Xã Đồng Sơn")
    editor = await login_as(Role.unit, unit_id=ours)
    model_id = (await client.post("/api/models", json=lighting(), headers=editor)).json()["id"]
    await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR}, headers=editor)
    added = await client.post(
        f"/api/models/{model_id}/replications",
        json={"unit_id": adopter, "year": THIS_YEAR, "note": "Lắp 40 đèn ở thôn Khe Bạc"},
        headers=editor,
    )
    assert added.status_code == 201, added.text
    assert added.json()["unit_name"] == "Xã Đồng Sơn"
    twice = await client.post(
        f"/api/models/{model_id}/replications", json={"unit_id": adopter, "year": THIS_YEAR}, headers=editor
    )
    assert_problem(twice, 409)
    own = await client.post(
        f"/api/models/{model_id}/replications", json={"unit_id": ours, "year": THIS_YEAR}, headers=admin
    )
    assert_problem(own, 422)
    detail = (await client.get(f"/api/models/{model_id}", headers=admin)).json()
    assert [(r["unit_name"], r["year"]) for r in detail["replications"]] == [("Xã Đồng Sơn", THIS_YEAR)]
    assert detail["photos"] == [] and detail["entries"] == []


async def test_concurrent_creates_get_distinct_codes(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    editor = await login_as(Role.unit)
    responses = await asyncio.gather(
        *(client.post("/api/models", json=lighting(title=f"Mô hình {i}"), headers=editor) for i in range(20))
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses if r.status_code != 201]
    codes = {r.json()["code"] for r in responses}
    assert codes == {f"MH-{THIS_YEAR}-{n:04d}" for n in range(1, 21)}


@pytest.mark.parametrize("decision_date", [str(dt.date.today() + dt.timedelta(days=30))])
async def test_decision_date_in_the_future_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs, decision_date: str
) -> None:
    editor = await login_as(Role.unit)
    model_id = (await client.post("/api/models", json=lighting(), headers=editor)).json()["id"]
    await client.post(f"/api/models/{model_id}/submit", json={"year": THIS_YEAR}, headers=editor)
    refused = await client.post(
        f"/api/models/{model_id}/review",
        json={"year": THIS_YEAR, "decision": "recognized", "decision_date": decision_date},
        headers=admin,
    )
    assert_problem(refused, 422)
    assert (await client.get(f"/api/models/{model_id}", headers=admin)).json()["status"] == "submitted"
