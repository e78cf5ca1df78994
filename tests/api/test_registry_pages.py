"""The registry's pages answer in Vietnamese with the same permissions as the API."""

from __future__ import annotations

import httpx

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Role
from tests.api.test_models import lighting
from tests.conftest import LoginAs, make_unit


async def test_pages_render_for_the_committee_and_respect_units(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    ours, theirs = await make_unit("Xã Tân Hòa"), await make_unit("Xã Đồng Sơn")
    editor = await login_as(Role.unit, unit_id=ours)
    other = await login_as(Role.unit, unit_id=theirs)
    draft = (await client.post("/api/models", json=lighting(), headers=editor)).json()
    sent = (await client.post("/api/models", json=lighting(title="Dân vận số"), headers=editor)).json()
    await client.post(f"/api/models/{sent['id']}/submit", json={"year": today_vn().year}, headers=editor)

    for path, text in [
        ("/models", "Thắp sáng đường quê"),
        (f"/models?year={today_vn().year}&field=culture_society", "Dân vận số"),
        (f"/models/{draft['id']}", "Bản nháp"),
        (f"/models/{draft['id']}/edit", "Lưu thay đổi"),
        ("/models/new", "Đơn vị sở hữu"),
        ("/models/review", "Dân vận số"),
        ("/models/stats?rollup=successor", "<svg"),
        ("/models/import", "Kiểm tra thử"),
    ]:
        page = await client.get(path, headers=admin)
        assert page.status_code == 200, (path, page.text[:300])
        assert text in page.text, path

    assert (await client.get(f"/models/{draft['id']}", headers=other)).status_code == 404
    assert (await client.get("/models/review", headers=other)).status_code == 403
    listed = await client.get("/models", headers=other)
    assert "Dân vận số" in listed.text and "Thắp sáng đường quê" not in listed.text
