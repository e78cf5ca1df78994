"""A scored round for the results tests: four entries (three print, one radio), three judges who score
every entry, a harsh one (gk1) and a lenient one (gk2). The rubric is the default one (50/30/20 points,
weights equal to the maxima), so a review's score S is simply the sum of its three values."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.judging_helpers import Room, room

ENTRIES = [
    {"title": "Đèn sáng đường thôn Đông", "media_type": "print"},  # A
    {"title": "Hiến đất mở đường liên xã", "media_type": "print"},  # B
    {"title": "Tổ tự quản giáp ranh", "media_type": "print"},  # C
    {"title": "Ngày thứ Bảy cùng dân", "media_type": "radio"},  # D
]
# S for (gk1, gk2, gk3) on A, B, C, D.
SCORES = {0: (60, 80, 70), 1: (50, 90, 85), 2: (70, 75, 65), 3: (40, 60, 50)}
JUDGES = [("gk1", "Trần Văn Khắt", None), ("gk2", "Lê Thị Rộng", None), ("gk3", "Phạm Văn Vừa", None)]
PRIZES = [
    {"tier": "a", "count": 1, "media_type": "print", "amount_vnd": 10_000_000},
    {"tier": "b", "count": 1, "media_type": "print"},
    {"tier": "a", "count": 1, "media_type": "radio"},
    {"tier": "consolation", "count": 1},
    {"tier": "collective", "count": 1},
]


def split(total: float) -> dict[str, float]:
    """Values whose weighted score is `total`: half of it for content, 3/10 for form, 1/5 for effect."""
    return {"noi_dung": total / 2, "hinh_thuc": total * 3 / 10, "hieu_qua": total / 5}


async def scored_room(
    client: httpx.AsyncClient, admin: dict[str, str], *, close: bool = True, stage: str = "preliminary"
) -> Room:
    r = await room(client, admin, entries=ENTRIES, judges=JUDGES, per_entry=3)
    edition = (await client.get(f"/api/editions/{r.edition_id}", headers=admin)).json()
    patched = await client.patch(
        f"/api/editions/{r.edition_id}", json={"version": edition["version"], "prizes": PRIZES}, headers=admin
    )
    assert patched.status_code == 200, patched.text
    assert (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).status_code == 200
    assert (await client.post(f"/api/rounds/{r.round_id}/open", headers=admin)).status_code == 200
    for index, totals in SCORES.items():
        for judge, total in zip(("gk1", "gk2", "gk3"), totals, strict=True):
            put = await client.put(
                f"/api/rounds/{r.round_id}/scores/{r.entries[index]['id']}",
                json={"scores": split(total)},
                headers=r.headers[judge],
            )
            assert put.status_code == 200, put.text
    if close:
        assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).status_code == 200
    return r


def ids(r: Room) -> list[int]:
    return [e["id"] for e in r.entries]


async def results(client: httpx.AsyncClient, admin: dict[str, str], round_id: int, method: str) -> dict[str, Any]:
    got = await client.get(f"/api/rounds/{round_id}/results", params={"method": method}, headers=admin)
    assert got.status_code == 200, got.text
    return got.json()
