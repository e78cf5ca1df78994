from __future__ import annotations

import httpx


async def test_health_reports_database_and_search(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "search": "ok"}


async def test_admin_creates_unit(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.post("/api/units", json={"name": "Xã Tân Hòa", "kind": "commune"}, headers=admin)
    assert response.status_code == 201, response.text
    unit = response.json()
    assert unit["name"] == "Xã Tân Hòa" and unit["version"] == 1
    again = await client.get(f"/api/units/{unit['id']}", headers=admin)
    assert again.json()["name"] == "Xã Tân Hòa"
