"""GET /api/search over the database: the outbox keeps the index in step, each role finds only what it may
see, snippets mark the accented original, a blind-round judge cannot find an author, bad input is a problem."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar import Litestar

from guong_dan_van.core.permissions import Role
from guong_dan_van.core.schemas import MAX_ID
from guong_dan_van.search.tables import SearchOutbox
from tests.api.judging_helpers import room
from tests.api.search_helpers import drain, found, pdf_with_text, pending, search
from tests.api.test_contest import make_edition, new_entry, submit
from tests.conftest import make_unit, model_body

LoginAs = Any


async def new_model(client: httpx.AsyncClient, headers: dict[str, str], **over: Any) -> dict[str, Any]:
    r = await client.post("/api/models", json=model_body(**over), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_change_and_its_outbox_row_commit_together_and_unaccented_words_find_it(
    app: Litestar, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    model = await new_model(
        client,
        unit,
        title="Dân vận khéo mở đường giao thông",
        summary="Bà con góp công, hiến đất làm đường giao thông nông thôn.",
    )
    assert await pending() == 1  # written with the model, not yet applied
    assert found(await search(client, unit, "dan van kheo")) == []
    assert await drain(app) == 1 and await pending() == 0
    answer = await search(client, unit, "dan van kheo duong giao thong")
    assert found(answer) == [("model", model["id"])]
    item = answer["items"][0]
    assert item["title"] == "Dân vận khéo mở đường giao thông"
    assert "<mark>đường</mark> <mark>giao</mark> <mark>thông</mark>" in item["snippet"]
    assert item["score"] > 0 and answer["total"] == 1
    # An edit is re-indexed; a deleted draft leaves the index.
    r = await client.patch(
        f"/api/models/{model['id']}", json={"title": "Thắp sáng đường quê", "version": model["version"]}, headers=unit
    )
    assert r.status_code == 200, r.text
    await drain(app)
    assert found(await search(client, unit, "thap sang")) == [("model", model["id"])]
    assert found(await search(client, unit, "dan van kheo")) == []  # the old title is no longer found
    r = await client.delete(f"/api/models/{model['id']}", headers=unit)
    assert r.status_code == 204, r.text
    await drain(app)
    assert found(await search(client, unit, "thap sang")) == []


async def test_each_role_finds_only_what_it_may_see(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit_a_id, unit_b_id = await make_unit("Xã Tân Hòa"), await make_unit("Xã Bình Minh")
    unit_a = await login_as(Role.unit, unit_id=unit_a_id)
    unit_b = await login_as(Role.unit, unit_id=unit_b_id)
    media = await login_as(Role.media, unit_id=await make_unit("Trung tâm Truyền thông"))
    judge = await login_as(Role.judge)
    draft_a = await new_model(client, unit_a, title="Tổ hòa giải thôn Đông", summary="Hòa giải ở cơ sở.")
    submitted_b = await new_model(client, unit_b, title="Tổ hòa giải xóm Bắc", summary="Hòa giải ở cơ sở.")
    r = await client.post(f"/api/models/{submitted_b['id']}/submit", json={"year": 2025}, headers=unit_b)
    assert r.status_code == 200, r.text
    edition = await make_edition(client, admin)
    entry_draft = await new_entry(client, unit_a, edition["id"], title="Hòa giải bên bờ tre")
    entry_sent = await new_entry(client, unit_b, edition["id"], title="Hòa giải giữa mùa lũ")
    assert (await submit(client, unit_b, entry_sent["id"])).status_code == 200
    await drain(app)

    everything = {
        ("model", draft_a["id"]),
        ("model", submitted_b["id"]),
        ("entry", entry_draft["id"]),
        ("entry", entry_sent["id"]),
    }
    assert set(found(await search(client, admin, "hoa giai"))) == everything
    assert set(found(await search(client, unit_a, "hoa giai"))) == {
        ("model", draft_a["id"]),
        ("model", submitted_b["id"]),
        ("entry", entry_draft["id"]),
    }
    assert set(found(await search(client, unit_b, "hoa giai"))) == {
        ("model", submitted_b["id"]),
        ("entry", entry_sent["id"]),
    }
    assert set(found(await search(client, media, "hoa giai"))) == {
        ("model", submitted_b["id"]),
        ("entry", entry_sent["id"]),
    }
    assert set(found(await search(client, judge, "hoa giai"))) == {("model", submitted_b["id"])}
    # Filters and facet counts are inside what the caller may see.
    answer = await search(client, unit_a, "hoa giai", facets="type,status", type="model")
    assert answer["total"] == 2 and answer["facets"]["type"] == {"model": 2}
    assert answer["facets"]["status"] == {"draft": 1, "submitted": 1}


async def test_a_blind_round_judge_cannot_find_an_author_outlet_or_unit(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(
        client,
        admin,
        entries=[
            {"title": "Con đường sáng đèn ở thôn Đông", "media_type": "print"},
            {"title": "Tiếng kẻng hòa giải", "media_type": "print", "authors": [{"name": "Phạm Văn Mười"}]},
        ],
        judges=[("gk1", "Giám Khảo Một", None)],
        blind=True,
        per_entry=1,
    )
    assert (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).status_code == 200
    await drain(app)
    judge = r.headers["gk1"]
    first = r.entries[0]["id"]
    assert ("entry", first) in found(await search(client, judge, "con duong sang den"))
    for name in ("Nguyễn Thị Lan", "nguyen thi lan", "Lan Anh", "Báo Bình Sơn", "bao binh son", "Phạm Văn Mười"):
        answer = await search(client, judge, name, facets="unit_id")
        assert not [i for i in answer["items"] if i["type"] == "entry"], name
        assert answer["facets"]["unit_id"] == {}  # who submitted is not counted for a judge either
    by_unit = await client.get("/api/search", params={"q": "", "unit_id": "1"}, headers=judge)
    assert by_unit.status_code == 403 and by_unit.headers["content-type"].startswith("application/problem+json")
    # The committee finds the same entry by its author.
    assert ("entry", first) in found(await search(client, admin, "nguyen thi lan"))
    item = next(i for i in (await search(client, judge, "thon dong"))["items"] if i["id"] == first)
    assert "Lan" not in item["snippet"] and "Bình Sơn" not in item["snippet"]


async def test_text_inside_a_pdf_attachment_is_searched(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    edition = await make_edition(client, admin)
    entry = await new_entry(client, unit, edition["id"], title="Phóng sự truyền hình", media_type="television")
    pdf = pdf_with_text(["Kich ban: dem tren don bien phong", "tieng suoi va tieng gio"])
    up = await client.post(
        f"/api/entries/{entry['id']}/attachments",
        files={"file": ("kich-ban.pdf", pdf, "application/pdf")},
        headers=unit,
    )
    assert up.status_code == 201, up.text
    await drain(app)
    answer = await search(client, unit, "Đồn biên phòng")
    assert found(answer) == [("entry", entry["id"])]
    r = await client.delete(f"/api/attachments/{up.json()['id']}", headers=unit)
    assert r.status_code == 204, r.text
    await drain(app)
    assert found(await search(client, unit, "don bien phong")) == []


@pytest.mark.parametrize(
    "params",
    [
        {"type": "article"},
        {"field": "sports"},
        {"level": "galaxy"},
        {"year": "abc"},
        {"year": "99999"},
        {"media_type": "tiktok"},
        {"status": "lost"},
        {"unit_id": "-1"},
        {"unit_id": str(MAX_ID * 10)},
        {"facets": "field,secret"},
        {"limit": "0"},
        {"limit": "1000"},
        {"offset": "-5"},
        {"offset": "100000000"},
        {"q": "x" * 201},
        {"limit": "mười"},
    ],
)
async def test_bad_parameters_are_problems(
    client: httpx.AsyncClient, admin: dict[str, str], params: dict[str, str]
) -> None:
    r = await client.get("/api/search", params=params, headers=admin)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"dân vận',
        "(((",
        "AND OR NOT",
        "NEAR(a, b)",
        "*",
        "-",
        ":",
        "^",
        "~",
        "title:xã",
        "\u0301",
        "🙂𝔡",
        "\x00",
        "a*b?c",
        "'; DROP TABLE model; --",
        "％",
        "dân:*^~-",
    ],
)
async def test_hostile_queries_are_plain_text(client: httpx.AsyncClient, admin: dict[str, str], q: str) -> None:
    r = await client.get("/api/search", params={"q": q, "facets": "type,year"}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["total"] >= 0


async def test_search_needs_a_login(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/search", params={"q": "dan van"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_outbox_rows_stay_until_applied(app: Litestar, client: httpx.AsyncClient, login_as: LoginAs) -> None:
    unit = await login_as(Role.unit)
    await new_model(client, unit, title="Mô hình một")
    await new_model(client, unit, title="Mô hình hai")
    rows = await SearchOutbox.select(SearchOutbox.item_type).run()
    assert [r["item_type"] for r in rows] == ["model", "model"]
    await drain(app)
    assert await pending() == 0


async def test_renaming_a_unit_reindexes_its_records_under_the_new_name(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    model = await new_model(client, unit, title="Tủ sách cộng đồng")
    await drain(app)
    unit_id = model["unit_id"]
    before = (await client.get(f"/api/units/{unit_id}", headers=admin)).json()
    assert found(await search(client, admin, "phuong hoa binh moi")) == []
    renamed = await client.patch(
        f"/api/units/{unit_id}", json={"name": "Phường Hòa Bình Mới", "version": before["version"]}, headers=admin
    )
    assert renamed.status_code == 200, renamed.text
    assert await pending() >= 1  # written with the rename
    await drain(app)
    assert found(await search(client, admin, "phuong hoa binh moi")) == [("model", model["id"])]
    old_words = before["name"]
    assert ("model", model["id"]) not in found(await search(client, admin, old_words))
    # A change that leaves the name as it was re-indexes nothing.
    again = {"name": "Phường Hòa Bình Mới", "version": renamed.json()["version"]}
    same = await client.patch(f"/api/units/{unit_id}", json=again, headers=admin)
    assert same.status_code == 200 and await pending() == 0
