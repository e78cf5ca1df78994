"""Writing sheets: the export of a filtered list, and the import template with its instructions.

The export writes the import's columns, so an exported list can be corrected and imported again.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from guong_dan_van.registry.excel.columns import COLUMNS, IMPORT_COLUMNS, MAX_IMPORT_ROWS
from guong_dan_van.registry.schemas import (
    FIELD_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    ModelField,
    ModelKind,
    ModelLevel,
    ModelStatus,
    ResultOut,
)
from guong_dan_van.registry.services import ExportedModel

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="B3261E")


def _text_cell(sheet: Any, value: Any, *, header: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a title that starts with "=" stays text, never a formula
    if header:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    return cell


def _format_results(results: list[ResultOut]) -> str:
    parts = []
    for r in results:
        value = int(r.value) if float(r.value).is_integer() else r.value
        number = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")
        unit = f" {r.unit}" if r.unit else ""
        parts.append(f"{r.label}: {number}{unit}" if r.label != r.unit else f"{number}{unit}")
    return "; ".join(parts)


def export_workbook(models: list[ExportedModel], year: int | None) -> bytes:
    """Models from services.export_models → .xlsx bytes. Blocking: run in a thread."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Mô hình")
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, c.header, header=True) for c in COLUMNS])
    for exported in models:
        model = exported.model
        record = exported.year if year is not None else None
        status = record.status if record else model.status
        line = {
            "code": model.code,
            "title": model.title,
            "kind": KIND_LABELS[ModelKind(model.kind)],
            "field": FIELD_LABELS[ModelField(model.field)],
            "level": LEVEL_LABELS[ModelLevel(model.level)],
            "unit": model.unit_name,
            "address": model.address,
            "started_year": model.started_year,
            "summary": model.summary,
            "results": _format_results(exported.results),
            "beneficiaries": model.beneficiaries,
            "budget_vnd": model.budget_vnd,
            "contact": model.contact,
            "year": record.year if record else model.latest_year,
            "decision": _decision_label(status),
            "decision_no": record.decision_no if record else None,
            "decision_date": record.decision_date.strftime("%d/%m/%Y") if record and record.decision_date else None,
            "status": STATUS_LABELS[ModelStatus(status)],
        }
        sheet.append([_text_cell(sheet, line[c.key]) for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_DECISION_LABELS = {
    "recognized": "Công nhận",
    "exemplary": "Tiêu biểu",
    "proposed_for_award": "Đề nghị khen thưởng",
    "rejected": "Không công nhận",
    "returned": "Trả lại",
    "discontinued": "Dừng hoạt động",
    "submitted": "Đã đăng ký",
}


def _decision_label(status: str) -> str | None:
    return _DECISION_LABELS.get(status)


def template_workbook() -> bytes:
    """The import template: header row, one worked example, drop-down lists, and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    headers = IMPORT_COLUMNS
    for index, column in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    example = {
        "title": "Thắp sáng đường quê",
        "kind": "Mô hình",
        "field": "Văn hóa – xã hội",
        "level": "Cơ sở",
        "unit": "Huyện đoàn Phú Lâm",
        "address": "Thôn Đông, xã Tân Hòa",
        "started_year": 2023,
        "summary": "Đoàn viên vận động nhân dân góp tiền, ngày công lắp đèn chiếu sáng các tuyến đường thôn.",
        "results": "Đèn chiếu sáng: 270 đèn; Đường được thắp sáng: 10.700 m; Kinh phí nhân dân đóng góp: 70 triệu đồng",
        "beneficiaries": "Hơn 600 hộ dân",
        "budget_vnd": 70_000_000,
        "contact": "Bí thư Huyện đoàn",
        "year": 2024,
        "decision": "",
        "decision_no": "",
        "decision_date": "",
    }
    for index, column in enumerate(headers, start=1):
        sheet.cell(row=2, column=index, value=example.get(column.key) or None)
    sheet.freeze_panes = "A2"
    for key, labels in (("kind", KIND_LABELS), ("field", FIELD_LABELS), ("level", LEVEL_LABELS)):
        col = get_column_letter(next(i for i, c in enumerate(headers, start=1) if c.key == key))
        validation = DataValidation(type="list", formula1='"' + ",".join(labels.values()) + '"', allow_blank=False)
        validation.add(f"{col}2:{col}{MAX_IMPORT_ROWS + 1}")
        sheet.add_data_validation(validation)
    guide = workbook.create_sheet("Hướng dẫn")
    lines = [
        ("Cột", "Cách điền"),
        ("Tên mô hình, điển hình", "Bắt buộc. Tên cụ thể, ví dụ “Thắp sáng đường quê”."),
        ("Loại", "Bắt buộc: Mô hình (tập thể) hoặc Điển hình (cá nhân)."),
        ("Lĩnh vực", "Bắt buộc: " + "; ".join(FIELD_LABELS.values()) + "."),
        ("Cấp", "Bắt buộc: Cơ sở, Huyện hoặc Tỉnh."),
        ("Đơn vị", "Mã hoặc tên đầy đủ của đơn vị. Đơn vị tự nhập thì để trống (mặc định là đơn vị mình)."),
        ("Tóm tắt", "Bắt buộc. Vài câu về cách làm và sự tham gia của nhân dân."),
        ("Kết quả cụ thể", "Các kết quả cách nhau bởi dấu chấm phẩy, dạng “Tên: số đơn vị”."),
        ("Kinh phí (đồng)", "Số đồng, ví dụ 70000000."),
        ("Năm đăng ký", "Nếu có, mô hình được đăng ký cho năm này."),
        (
            "Kết quả thẩm định",
            "Chỉ Ban tổ chức nhập: Công nhận, Tiêu biểu, Đề nghị khen thưởng, "
            "Không công nhận, Trả lại, Dừng hoạt động.",
        ),
        ("Số, ngày quyết định", "Kèm kết quả thẩm định; ngày dạng 15/10/2024."),
    ]
    for line in lines:
        guide.append(line)
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
