"""Building a judging round through the API: an edition, eligible entries of several units, judges."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from guong_dan_van.core.permissions import Role
from tests.api.test_contest import make_edition, new_entry, submit
from tests.conftest import login_headers, make_unit, make_user


@dataclass
class Room:
    edition_id: int
    round_id: int
    entries: list[dict[str, Any]]
    judges: dict[str, int] = field(default_factory=dict)  # username → user id
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # username → auth headers


async def eligible_entry(
    client: httpx.AsyncClient, admin: dict[str, str], unit: dict[str, str], edition_id: int, **over: Any
) -> dict[str, Any]:
    entry = await new_entry(client, unit, edition_id, **over)
    assert (await submit(client, unit, entry["id"])).status_code == 200
    r = await client.post(f"/api/entries/{entry['id']}/screen", json={"eligible": True}, headers=admin)
    assert r.status_code == 200, r.text
    return entry


async def make_judge(
    client: httpx.AsyncClient, name: str, full_name: str, unit_id: int | None = None
) -> tuple[int, dict[str, str]]:
    user_id = await make_user(name, Role.judge, unit_id, full_name=full_name)
    return user_id, await login_headers(client, name)


async def room(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    *,
    entries: list[dict[str, Any]],
    judges: list[tuple[str, str, list[str] | None]],
    blind: bool = False,
    per_entry: int = 2,
) -> Room:
    edition = await make_edition(client, admin, max_entries_per_author=50)
    unit_id = await make_unit("Báo Bình Sơn")
    await make_user("bienTap", Role.unit, unit_id)
    unit = await login_headers(client, "bienTap")
    made = [await eligible_entry(client, admin, unit, edition["id"], **e) for e in entries]
    r = await client.post(
        f"/api/editions/{edition['id']}/rounds",
        json={"name": "Sơ khảo", "stage": "preliminary", "blind": blind, "judges_per_entry": per_entry},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    out = Room(edition["id"], r.json()["id"], made)
    for name, full_name, types in judges:
        user_id, headers = await make_judge(client, name, full_name)
        out.judges[name], out.headers[name] = user_id, headers
        body: dict[str, Any] = {"user_id": user_id}
        if types is not None:
            body["media_types"] = types
        r = await client.post(f"/api/rounds/{out.round_id}/judges", json=body, headers=admin)
        assert r.status_code == 200, r.text
    return out
