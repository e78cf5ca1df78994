"""Excel import (dry run, all or nothing, file checks), export, and statistics with the 2025 roll-up."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import httpx
from openpyxl import Workbook, load_workbook

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Role
from guong_dan_van.registry.tables import Model, ModelYear
from guong_dan_van.units.schemas import UnitKind
from tests.api.test_models import assert_problem, lighting, snapshot
from tests.conftest import LoginAs, make_unit

THIS_YEAR = today_vn().year
HEADERS = [
    "STT",
    "Tên mô hình, điển hình",
    "Loại",
    "Lĩnh vực",
    "Cấp",
    "Đơn vị",
    "Tóm tắt",
    "Kết quả cụ thể",
    "Kinh phí (đồng)",
    "Năm đăng ký",
    "Kết quả thẩm định",
    "Số quyết định",
    "Ngày quyết định",
]


def workbook(rows: list[list[Any]], title_row: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title_row:
        sheet.append(["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2024"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    [1, "Thắp sáng đường quê", "Mô hình", "Văn hóa – xã hội", "Cơ sở", "PL-DTN", "Lắp đèn đường thôn.",
     "Đèn: 270 đèn; Đường: 10.700 m", 70_000_000, 2024, "Công nhận", "125-QĐ/BDV", "15/10/2024"],
    [2, "Ông Lò Văn Pản hiến đất làm đường", "điển hình", "kinh te", "co so", "Xã Tân Hòa",
     "Hiến 300 m² đất mở đường liên thôn.", "", "", 2024, "Tiêu biểu", "", ""],
    [3, "Tổ liên gia tự quản", "Mô hình", "Quốc phòng – an ninh", "Huyện", "PL-DTN", "Giữ an ninh vùng giáp ranh.",
     "", "", "", "", "", ""],
]  # fmt: skip
BAD = [
    [4, "", "Mô hình", "Kinh tế", "Cơ sở", "PL-DTN", "Không có tên.", "", "", "", "", "", ""],
    [5, "Mô hình lạ", "Nhóm", "Kinh tế", "Cơ sở", "PL-DTN", "Loại sai.", "", "", "", "", "", ""],
    [6, "Đơn vị không có", "Mô hình", "Kinh tế", "Cơ sở", "Xã Không Tồn Tại", "x", "", "", "", "", "", ""],
    [7, "Kết quả không số", "Mô hình", "Kinh tế", "Cơ sở", "PL-DTN", "x", "nhiều đèn", "", "", "", "", ""],
    [8, "Năm sai", "Mô hình", "Kinh tế", "Cơ sở", "PL-DTN", "x", "", "", "năm ngoái", "", "", ""],
    [9, "=1+1", "Mô hình", "Kinh tế", "Tỉnh lỵ", "PL-DTN", "x", "", "", "", "", "", ""],
]  # fmt: skip


def upload(content: bytes, name: str = "danh-sach.xlsx") -> dict[str, Any]:
    return {"file": (name, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


async def units_for_import() -> None:
    await make_unit("Huyện đoàn Phú Lâm", code="PL-DTN")
    await make_unit("Xã Tân Hòa", code="PL-XTH")


async def test_dry_run_reports_every_bad_row_and_writes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await units_for_import()
    before = await snapshot()
    response = await client.post("/api/models/import?dry_run=true", files=upload(workbook(GOOD + BAD)), headers=admin)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["dry_run"] is True and report["rows"] == 9 and report["valid_rows"] == 3 and report["created"] == 0
    # Excel row numbers: a title row, the header row, then data from row 3.
    assert sorted({e["row"] for e in report["errors"]}) == [6, 7, 8, 9, 10, 11]
    by_row = {e["row"]: e for e in report["errors"]}
    assert by_row[6]["column"] == "Tên mô hình, điển hình"
    assert by_row[7]["column"] == "Loại" and "Nhóm" in by_row[7]["message"]
    assert "Xã Không Tồn Tại" in by_row[8]["message"]
    assert by_row[11]["column"] == "Cấp"
    assert "STT" in report["ignored_columns"]
    assert await snapshot() == before


async def test_import_with_a_bad_row_writes_nothing_then_good_rows_all_land(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await units_for_import()
    before = await snapshot()
    failed = await client.post("/api/models/import", files=upload(workbook(GOOD + BAD[:1])), headers=admin)
    body = assert_problem(failed, 422)
    assert body["rows"][0]["row"] == 6 and body["errors"][0]["field"].startswith("row 6")
    assert await snapshot() == before

    done = await client.post("/api/models/import", files=upload(workbook(GOOD)), headers=admin)
    assert done.status_code == 200, done.text
    report = done.json()
    assert report["created"] == 3 and report["codes"] == ["MH-2024-0001", "MH-2024-0002", f"MH-{THIS_YEAR}-0001"]
    models = {m["title"]: m for m in (await client.get("/api/models", headers=admin)).json()["items"]}
    assert models["Thắp sáng đường quê"]["status"] == "recognized"
    assert models["Ông Lò Văn Pản hiến đất làm đường"]["kind"] == "individual"
    assert models["Ông Lò Văn Pản hiến đất làm đường"]["status"] == "exemplary"
    assert models["Tổ liên gia tự quản"]["status"] == "draft"
    lamp = (await client.get(f"/api/models/{models['Thắp sáng đường quê']['id']}", headers=admin)).json()
    assert lamp["results"] == [
        {"label": "Đèn", "value": 270, "unit": "đèn"},
        {"label": "Đường", "value": 10700, "unit": "m"},
    ]
    assert lamp["years"][0]["decision_no"] == "125-QĐ/BDV" and lamp["years"][0]["decision_date"] == "2024-10-15"

    # The same list again: every row is already there, nothing is doubled.
    again = await client.post("/api/models/import", files=upload(workbook(GOOD)), headers=admin)
    assert_problem(again, 422)
    assert await Model.count().run() == 3


async def test_a_unit_imports_only_for_itself_and_records_no_decisions(
    client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    await units_for_import()
    own = await make_unit("Xã Đồng Sơn", code="PL-XDS")
    editor = await login_as(Role.unit, unit_id=own)
    rows = [
        [1, "Cánh đồng không vỏ thuốc", "Mô hình", "Kinh tế", "Cơ sở", "", "Thu gom vỏ thuốc.", "", "", "", "", "", ""],
        [2, "Của đơn vị khác", "Mô hình", "Kinh tế", "Cơ sở", "PL-DTN", "x", "", "", "", "", "", ""],
        [3, "Tự công nhận", "Mô hình", "Kinh tế", "Cơ sở", "", "x", "", "", 2024, "Công nhận", "", ""],
    ]  # fmt: skip
    report = (await client.post("/api/models/import?dry_run=true", files=upload(workbook(rows)), headers=editor)).json()
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(4, "Đơn vị"), (5, "Kết quả thẩm định")]
    assert report["valid_rows"] == 1


async def test_uploads_that_are_not_spreadsheets_are_refused(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    before = await snapshot()
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", b"0" * 150_000_000)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    cases = [
        (b"", 415),
        (b"STT,Ten\n1,Thap sang\n", 415),
        (b"%PDF-1.7 not a sheet", 415),
        (plain_zip.getvalue(), 415),
        (bomb.getvalue(), 413),
        (broken.getvalue(), 422),
        (b"PK\x03\x04" + b"\x00" * (11 * 1024 * 1024), 413),
    ]
    for content, status in cases:
        assert_problem(await client.post("/api/models/import", files=upload(content), headers=admin), status)
    assert_problem(await client.post("/api/models/import", json={"file": "x"}, headers=admin), 400)
    assert await snapshot() == before


async def test_formulas_are_read_as_values_not_run(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    await units_for_import()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append(
        [1, "Mô hình có công thức", "Mô hình", "Kinh tế", "Cơ sở", "PL-DTN", "x", "", "=1000*70", "", "", "", ""]
    )
    out = io.BytesIO()
    book.save(out)
    report = (await client.post("/api/models/import?dry_run=true", files=upload(out.getvalue()), headers=admin)).json()
    # openpyxl saved no cached result: the formula is an empty cell, never evaluated, never text "=1000*70".
    assert report["errors"] == [] and report["valid_rows"] == 1


async def test_template_and_export_use_the_same_vietnamese_columns(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    template = await client.get("/api/models/import/template.xlsx", headers=admin)
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("application/vnd.openxmlformats")
    header = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]  # type: ignore[union-attr]
    assert header[0] == "Tên mô hình, điển hình" and "Lĩnh vực" in header

    # The template itself imports (its example row names a unit by name).
    await make_unit("Huyện đoàn Phú Lâm", code="PL-DTN")
    dry = await client.post("/api/models/import?dry_run=true", files=upload(template.content), headers=admin)
    assert dry.json()["valid_rows"] == 1, dry.text

    unit_id = await make_unit("Xã Tân Hòa")
    editor = await login_as(Role.unit, unit_id=unit_id)
    for title in ('=HYPERLINK("http://x")', "Ngày thứ Bảy cùng dân"):
        model = (await client.post("/api/models", json=lighting(title=title), headers=editor)).json()
        await client.post(f"/api/models/{model['id']}/submit", json={"year": THIS_YEAR}, headers=editor)
    await client.post("/api/models", json=lighting(title="Bản nháp", field="economy"), headers=editor)
    exported = await client.get(f"/api/models/export.xlsx?year={THIS_YEAR}&field=culture_society", headers=admin)
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Tên mô hình, điển hình", "Loại")
    assert sorted(r[1] for r in rows[1:]) == ['=HYPERLINK("http://x")', "Ngày thứ Bảy cùng dân"]
    assert {r[-1] for r in rows[1:]} == {"Đã đăng ký, chờ thẩm định"}
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"  # text, not a formula
    assert_problem(await client.get("/api/models/export.xlsx?year=1900", headers=admin), 400)


async def test_stats_count_by_every_axis_with_funnel_and_successor_rollup(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    new_commune = await make_unit("Xã Phú Lâm", valid_from=dt.date(2025, 7, 1))
    district = await make_unit("Huyện Phú Lâm", UnitKind.district, valid_to=dt.date(2025, 6, 30))
    town = await make_unit("Thị trấn Phú Lâm", valid_to=dt.date(2025, 6, 30))
    other = await make_unit("Xã Ea Nam")
    # Town → district → new commune: the chain is followed to its end.
    for unit_id, successor in ((town, district), (district, new_commune)):
        version = (await client.get(f"/api/units/{unit_id}", headers=admin)).json()["version"]
        await client.patch(f"/api/units/{unit_id}", json={"version": version, "successor_id": successor}, headers=admin)

    async def model(unit_id: int, decision: str | None, **extra: Any) -> None:
        created = (await client.post("/api/models", json=lighting(unit_id=unit_id, **extra), headers=admin)).json()
        await client.post(f"/api/models/{created['id']}/submit", json={"year": 2024}, headers=admin)
        if decision:
            await client.post(
                f"/api/models/{created['id']}/review", json={"year": 2024, "decision": decision}, headers=admin
            )

    await model(town, "recognized")
    await model(district, "exemplary", kind="individual")
    await model(district, "proposed_for_award", field="economy")
    await model(other, "rejected", level="district")
    await model(other, None)
    await client.post("/api/models", json=lighting(unit_id=other), headers=admin)  # a draft: not in 2024

    stats = (await client.get("/api/stats/models?year=2024", headers=admin)).json()
    assert stats["total"] == 5
    assert stats["by_field"] == {"culture_society": 4, "economy": 1}
    assert stats["by_level"] == {"grassroots": 4, "district": 1}
    assert stats["by_kind"] == {"collective": 4, "individual": 1}
    assert stats["by_status"] == {
        "recognized": 1, "exemplary": 1, "proposed_for_award": 1, "rejected": 1, "submitted": 1
    }  # fmt: skip
    assert stats["by_unit"] == {str(district): 2, str(other): 2, str(town): 1}
    assert stats["funnel"] == {"registered": 5, "recognized": 3, "exemplary": 2, "proposed_for_award": 1}
    assert sum(c["count"] for c in stats["cells"]) == 5

    rolled = (await client.get("/api/stats/models?year=2024&rollup=successor", headers=admin)).json()
    assert rolled["by_unit"] == {str(new_commune): 3, str(other): 2}
    assert rolled["unit_names"][str(new_commune)] == "Xã Phú Lâm"
    assert rolled["funnel"] == stats["funnel"] and rolled["total"] == 5

    everything = (await client.get("/api/stats/models", headers=admin)).json()
    assert everything["total"] == 6 and everything["by_status"]["draft"] == 1
    assert everything["funnel"]["registered"] == 5
    assert await ModelYear.count().run() == 5
