"""Pickers (#12): every unit field searches all units as the user types (name without accents, or code in any
case), each answer with its parent; the entry form picks models by code or title. 2,000 units, both engines."""

from __future__ import annotations

import re

import httpx
from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.tables import EntryModel
from guong_dan_van.core.clock import now
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.registry.tables import Model
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UnitKind
from guong_dan_van.units.tables import Unit
from tests.api.test_contest import TODAY, make_edition
from tests.api.test_models import lighting
from tests.conftest import LoginAs, make_unit

HX = {"HX-Request": "true"}
LAST = "Xã Ngọc Sơn Đông"
LAST_CODE = "PL-XNSD"


async def many_units(count: int = 2000) -> tuple[int, int]:
    """A province with `count` communes under it, inserted in bulk; the last is "Xã Ngọc Sơn Đông" (PL-XNSD).
    Returns the province's id and the last commune's."""
    province = await make_unit("Tỉnh Phú Lâm", UnitKind.province, code="PL")
    stamp = now()
    names = [f"Xã Thử Nghiệm Số {n:04d}" for n in range(1, count)] + [LAST]
    codes = [f"PL-X{n:04d}" for n in range(1, count)] + [LAST_CODE]
    rows = [
        Unit(
            name=name,
            name_folded=fold_vietnamese(name),
            kind="commune",
            code=code,
            parent=province,
            version=1,
            created_at=stamp,
            updated_at=stamp,
        )
        for name, code in zip(names, codes, strict=True)
    ]
    async with Unit._meta.db.transaction():
        for start in range(0, len(rows), 500):  # SQLite binds at most 32,766 values a statement
            await Unit.insert(*rows[start : start + 500]).run()
    last = await Unit.select(Unit.id).where(Unit.code == LAST_CODE).first().run()
    assert last is not None
    return province, last["id"]


def _picked(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-pick-id="(\d+)"', html)]


async def test_the_unit_search_reaches_the_last_of_2000_units(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    _, last = await many_units()
    assert await Unit.count().run() >= 2001
    judge = await login_as(Role.judge)  # the /models filter is everyone's: any logged-in role may search

    by_name = await client.get("/units/options?q=ngoc son dong&field=unit_id", headers={**judge, **HX})
    assert by_name.status_code == 200 and _picked(by_name.text) == [last]
    assert LAST in by_name.text and "Tỉnh Phú Lâm" in by_name.text  # the parent beside the name
    by_code = await client.get("/units/options?q=pl-xnsd", headers={**judge, **HX})
    assert _picked(by_code.text)[0] == last
    nothing = await client.get("/units/options?q=khong co dau", headers={**judge, **HX})
    assert _picked(nothing.text) == [] and "Không tìm thấy" in nothing.text
    assert _picked((await client.get("/units/options?q=", headers={**judge, **HX})).text) == []
    assert (await client.get("/units/options?q=ngoc")).status_code in (302, 303, 401)

    # The JSON list matches codes too, in any case.
    api = await client.get(f"/api/units?q={LAST_CODE.lower()}", headers=judge)
    assert [u["id"] for u in api.json()["items"]] == [last]
    api = await client.get("/api/units?q=ngọc sơn", headers=judge)
    assert [u["id"] for u in api.json()["items"]] == [last]


async def test_unit_search_ranks_code_then_name_start_then_word_then_contained(db: Engine) -> None:
    province = await make_unit("Tỉnh Phú Lâm", UnitKind.province)
    inside = await make_unit("Hội Nông dân xã Tân Hòa", UnitKind.mass_org, parent_id=province)
    word = await make_unit("Xã Tân Hòa", parent_id=province)
    start = await make_unit("Tân Hòa Đông", UnitKind.village, parent_id=word)
    coded = await make_unit("Phường Bến Thành", UnitKind.commune, code="TAN-HOA")
    found = await units.search_units("tan-hoa")
    assert found[0].id == coded
    found = await units.search_units("TÂN HÒA")
    assert [u.id for u in found] == [start, word, inside]
    assert [u.parent_name for u in found] == ["Xã Tân Hòa", "Tỉnh Phú Lâm", "Tỉnh Phú Lâm"]
    assert await units.search_units("   ") == [] and await units.search_units("%_") == []
    assert len(await units.search_units("x", limit=2)) == 2


async def test_a_code_in_any_case_is_an_index_lookup(db: Engine) -> None:
    if isinstance(db, SQLiteEngine):
        indexes = await Unit.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'unit'").run()
        plan = await Unit.raw("EXPLAIN QUERY PLAN SELECT id FROM unit WHERE lower(code) = 'pl'").run()
        assert "unit_code_lower" in str(plan)
    else:
        indexes = await Unit.raw("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'unit'").run()
    names = {r["name"] for r in indexes}
    assert "unit_code_lower" in names and any("name_folded" in n for n in names)


async def test_a_user_and_a_model_are_saved_with_the_2000th_unit(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    _, last = await many_units()
    form = {"username": "xanhdong", "full_name": "Lê Thị Thu", "password": "mat-khau-dai-du", "role": "unit"}
    saved = await client.post("/users", data={**form, "unit_id": str(last)}, headers={**admin, **HX})
    assert saved.status_code == 200 and "Đã tạo tài khoản" in saved.text, saved.text
    user = await User.select(User.id, User.unit).where(User.username == "xanhdong").first().run()
    assert user is not None and user["unit"] == last
    listed = await client.get("/users", headers=admin)  # the row's picker shows the unit by name
    row = re.search(rf'<tr id="user-{user["id"]}".*?</tr>', listed.text, re.S)
    assert row and f'value="{LAST}"' in row.group(0) and f'value="{last}"' in row.group(0)

    model = {k: str(v) for k, v in lighting().items() if k not in ("results", "body")}
    created = await client.post("/models/new", data={**model, "unit_id": str(last)}, headers={**admin, **HX})
    assert created.headers["HX-Redirect"].startswith("/models/"), created.text
    assert (await Model.select(Model.unit).first().run()) == {"unit": last}
    # Refused for another field, the form shows the chosen unit again by name.
    again = await client.post("/models/new", data={**model, "title": "", "unit_id": str(last)}, headers={**admin, **HX})
    assert f'value="{LAST}"' in again.text and f'name="unit_id" value="{last}"' in again.text
    # The list filtered by that unit says so in its picker; an empty picker means every unit.
    filtered = await client.get(f"/models?unit_id={last}", headers=admin)
    assert "1 mô hình" in filtered.text and f'value="{LAST}"' in filtered.text
    assert "1 mô hình" in (await client.get("/models?unit_id=&q=", headers=admin)).text


async def test_the_unit_form_picks_parent_and_successor(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    province, last = await many_units(300)
    form = {"name": "Xã Ngọc Sơn", "kind": "commune", "parent_id": str(province), "successor_id": str(last)}
    created = await client.post("/units", data=form, headers={**admin, **HX})
    assert "Đã thêm đơn vị" in created.text
    row = await Unit.select(Unit.parent, Unit.successor).where(Unit.name == "Xã Ngọc Sơn").first().run()
    assert row == {"parent": province, "successor": last}
    wrong = await client.post("/units", data={**form, "code": "mã sai"}, headers={**admin, **HX})
    assert 'value="Tỉnh Phú Lâm"' in wrong.text and f'value="{LAST}"' in wrong.text


async def test_the_entry_form_picks_models_by_code_or_title(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    own = await make_unit("Xã Tân Hòa")
    unit = await login_as(Role.unit, unit_id=own)
    ours = (await client.post("/api/models", json=lighting(), headers=unit)).json()
    theirs = (await client.post("/api/models", json=lighting(title="Đèn đường của người khác",
              unit_id=await make_unit("Xã Khác")), headers=admin)).json()  # fmt: skip

    by_title = await client.get("/models/options?q=thap sang duong", headers={**unit, **HX})
    assert _picked(by_title.text) == [ours["id"]] and ours["code"] in by_title.text
    by_code = await client.get(f"/models/options?q={ours['code'].lower()}", headers={**unit, **HX})
    assert _picked(by_code.text) == [ours["id"]]
    hidden = await client.get(f"/models/options?q={theirs['code']}", headers={**unit, **HX})
    assert _picked(hidden.text) == []  # another unit's draft is not the unit's to see

    form = {
        "title": "Con đường sáng đèn", "media_type": "print", "genre": "ghi chép", "authors": "Nguyễn Thị Lan",
        "outlet": "Báo Bình Sơn", "published_on": TODAY.isoformat(),
    }  # fmt: skip
    # Refused for another field, the chosen models stay as chips (only those the unit may see are named).
    data = {**form, "title": "", "model_ids": [str(ours["id"]), str(theirs["id"])]}
    refused = await client.post(f"/contest/editions/{edition['id']}/entries", data=data, headers={**unit, **HX})
    assert "Cần nhập" in refused.text and f'name="model_ids" value="{ours["id"]}"' in refused.text
    assert ours["code"] in refused.text and theirs["title"] not in refused.text
    data = {**form, "model_ids": [str(ours["id"])]}
    saved = await client.post(f"/contest/editions/{edition['id']}/entries", data=data, headers={**unit, **HX})
    entry_id = int(saved.headers["HX-Redirect"].rsplit("/", 1)[1])
    assert await EntryModel.select(EntryModel.model).run() == [{"model": ours["id"]}]
    edit = await client.get(f"/contest/entries/{entry_id}/edit", headers=unit)
    assert f'name="model_ids" value="{ours["id"]}"' in edit.text and ours["title"] in edit.text
