"""Units: the tree, validity dates, successors after the 2025 reform, and edits without lost updates."""

from __future__ import annotations

import httpx

from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.units.tables import Unit
from tests.conftest import LoginAs


async def test_district_merged_in_2025_keeps_its_name_and_points_to_successor(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    province = (
        await client.post(
            "/api/units", json={"name": "Tỉnh Bình Sơn", "kind": "province", "code": "BSN"}, headers=admin
        )
    ).json()
    district = (
        await client.post(
            "/api/units",
            json={"name": "Huyện Phú Lâm", "kind": "district", "parent_id": province["id"], "valid_to": "2025-06-30"},
            headers=admin,
        )
    ).json()
    commune = (
        await client.post(
            "/api/units",
            json={"name": "Xã Phú Lâm", "kind": "commune", "parent_id": province["id"], "valid_from": "2025-07-01"},
            headers=admin,
        )
    ).json()
    linked = await client.patch(
        f"/api/units/{district['id']}", json={"version": 1, "successor_id": commune["id"]}, headers=admin
    )
    assert linked.status_code == 200
    body = linked.json()
    assert body["name"] == "Huyện Phú Lâm"
    assert body["successor_id"] == commune["id"]
    assert body["valid_to"] == "2025-06-30"
    assert body["active"] is False and body["version"] == 2
    active = await client.get("/api/units?active=true", headers=admin)
    assert {u["name"] for u in active.json()["items"]} == {"Tỉnh Bình Sơn", "Xã Phú Lâm"}
    children = await client.get(f"/api/units?parent_id={province['id']}", headers=admin)
    assert children.json()["total"] == 2


async def test_search_ignores_accents_and_case(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    for name in ("Hội Liên hiệp Phụ nữ huyện Phú Lâm", "Đoàn Thanh niên xã Đồng Sơn", "Xã Tân Hòa"):
        assert (
            await client.post("/api/units", json={"name": name, "kind": "mass_org"}, headers=admin)
        ).status_code == 201
    for query in ("doan thanh nien", "ĐOÀN THANH", "dong son"):
        found = await client.get("/api/units", params={"q": query}, headers=admin)
        assert [u["name"] for u in found.json()["items"]] == ["Đoàn Thanh niên xã Đồng Sơn"], query
    wildcard = await client.get("/api/units", params={"q": "%"}, headers=admin)
    assert wildcard.json()["total"] == 3  # a typed % is not a wildcard trick, just nothing to filter by


async def test_cycles_in_the_tree_are_refused(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    a = (await client.post("/api/units", json={"name": "A", "kind": "province"}, headers=admin)).json()
    b = (
        await client.post("/api/units", json={"name": "B", "kind": "district", "parent_id": a["id"]}, headers=admin)
    ).json()
    c = (
        await client.post("/api/units", json={"name": "C", "kind": "commune", "parent_id": b["id"]}, headers=admin)
    ).json()
    loop = await client.patch(f"/api/units/{a['id']}", json={"version": 1, "parent_id": c["id"]}, headers=admin)
    assert loop.status_code == 422 and loop.json()["errors"][0]["field"] == "parent_id"
    itself = await client.patch(f"/api/units/{a['id']}", json={"version": 1, "parent_id": a["id"]}, headers=admin)
    assert itself.status_code == 422
    assert (await client.get(f"/api/units/{a['id']}", headers=admin)).json()["parent_id"] is None


async def test_rules_on_create_name_each_broken_field(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    await client.post("/api/units", json={"name": "Có mã", "kind": "commune", "code": "XTH"}, headers=admin)
    response = await client.post(
        "/api/units",
        json={
            "name": "Sai",
            "kind": "commune",
            "code": "XTH",
            "parent_id": 999999,
            "successor_id": 888888,
            "valid_from": "2025-07-01",
            "valid_to": "2025-06-30",
        },
        headers=admin,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"code", "parent_id", "successor_id", "valid_to"}
    assert await Unit.count().run() == 1


async def test_two_editors_same_unit_second_save_is_refused(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    unit = (await client.post("/api/units", json={"name": "Xã Tân Hòa", "kind": "commune"}, headers=admin)).json()
    first = await client.patch(
        f"/api/units/{unit['id']}", json={"version": 1, "name": "Xã Tân Hòa (cũ)"}, headers=admin
    )
    second = await client.patch(f"/api/units/{unit['id']}", json={"version": 1, "code": "TH"}, headers=admin)
    assert first.status_code == 200
    assert second.status_code == 409 and second.json()["current_version"] == 2
    final = (await client.get(f"/api/units/{unit['id']}", headers=admin)).json()
    assert final["name"] == "Xã Tân Hòa (cũ)" and final["code"] is None


async def test_every_change_is_audited(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    unit = (await client.post("/api/units", json={"name": "Thôn Đông", "kind": "village"}, headers=admin)).json()
    await client.patch(f"/api/units/{unit['id']}", json={"version": 1, "name": "Thôn Đông Hòa"}, headers=admin)
    entries = await AuditEntry.select().where(AuditEntry.object_type == "unit").order_by(AuditEntry.id).run()
    assert [e["action"] for e in entries] == ["unit.create", "unit.update"]
    me = (await client.get("/api/me", headers=admin)).json()
    assert all(e["actor_id"] == me["id"] for e in entries)
    changes = entries[1]["changes"]
    changes = changes if isinstance(changes, dict) else __import__("json").loads(changes)
    assert changes["name"] == ["Thôn Đông", "Thôn Đông Hòa"]


async def test_other_roles_read_units_but_cannot_change_them(
    client: httpx.AsyncClient, login_as: LoginAs, admin: dict[str, str]
) -> None:
    unit = (await client.post("/api/units", json={"name": "Xã Tân Hòa", "kind": "commune"}, headers=admin)).json()
    for role in (Role.unit, Role.judge, Role.media):
        headers = await login_as(role)
        assert (await client.get(f"/api/units/{unit['id']}", headers=headers)).status_code == 200
        create = await client.post("/api/units", json={"name": "Không được", "kind": "commune"}, headers=headers)
        assert create.status_code == 403 and create.headers["content-type"] == "application/problem+json"
        edit = await client.patch(f"/api/units/{unit['id']}", json={"version": 1, "name": "Đổi"}, headers=headers)
        assert edit.status_code == 403
    assert (await client.get(f"/api/units/{unit['id']}", headers=admin)).json()["version"] == 1


async def test_anonymous_gets_401_problem(client: httpx.AsyncClient) -> None:
    for method, path in (("GET", "/api/units"), ("POST", "/api/units"), ("GET", "/api/users"), ("GET", "/api/me")):
        response = await client.request(method, path, json={} if method == "POST" else None)
        assert response.status_code == 401, path
        assert response.json()["status"] == 401
