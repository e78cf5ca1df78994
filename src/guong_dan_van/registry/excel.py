"""The registry's spreadsheet format: the template, reading an upload, and writing an export.

Districts keep their lists as a sheet with one header row in Vietnamese (often under a title row or
two). Columns are found by their header, in any order, with or without accents. The export writes
the same columns, so an exported list can be corrected and imported again.

Reading is defensive: the file must really be an .xlsx (a zip holding a workbook: else 415), small
enough once unzipped (else 413), and formulas are read as their cached values, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from guong_dan_van.core.errors import RuleViolation, TooLarge, UnsupportedType
from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.registry.schemas import (
    FIELD_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    Decision,
    ModelField,
    ModelKind,
    ModelLevel,
    ModelStatus,
    ResultOut,
)
from guong_dan_van.registry.services import ExportedModel

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
HEADER_SEARCH_ROWS = 10
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False
    aliases: tuple[str, ...] = ()
    import_only: bool = False
    export_only: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã", 14, export_only=True),
    Column(
        "title", "Tên mô hình, điển hình", 40, required=True, aliases=("Tên mô hình", "Tên", "Tên mô hình/điển hình")
    ),
    Column("kind", "Loại", 12, required=True, aliases=("Mô hình/điển hình", "Phân loại")),
    Column("field", "Lĩnh vực", 24, required=True),
    Column("level", "Cấp", 10, required=True, aliases=("Cấp công nhận",)),
    Column("unit", "Đơn vị", 36, aliases=("Đơn vị đăng ký", "Đơn vị thực hiện", "Mã đơn vị")),
    Column("address", "Địa chỉ", 30, aliases=("Địa chỉ thực hiện", "Địa bàn")),
    Column("started_year", "Năm bắt đầu", 10, aliases=("Năm xây dựng", "Năm thực hiện")),
    Column("summary", "Tóm tắt", 50, required=True, aliases=("Nội dung", "Nội dung tóm tắt", "Mô tả")),
    Column("results", "Kết quả cụ thể", 40, aliases=("Kết quả", "Hiệu quả")),
    Column("beneficiaries", "Đối tượng hưởng lợi", 24, aliases=("Số người hưởng lợi",)),
    Column("budget_vnd", "Kinh phí (đồng)", 16, aliases=("Kinh phí", "Kinh phí (VNĐ)")),
    Column("contact", "Người liên hệ", 24, aliases=("Liên hệ",)),
    Column("year", "Năm đăng ký", 10, aliases=("Năm",)),
    Column("decision", "Kết quả thẩm định", 22, aliases=("Kết quả bình xét", "Xếp loại")),
    Column("decision_no", "Số quyết định", 16),
    Column("decision_date", "Ngày quyết định", 14),
    Column("status", "Trạng thái", 22, export_only=True),
)
IMPORT_COLUMNS = tuple(c for c in COLUMNS if not c.export_only)

_HEADER_INDEX: dict[str, str] = {}
for _c in IMPORT_COLUMNS:
    for _name in (_c.header, *_c.aliases):
        _HEADER_INDEX[fold_vietnamese(_name)] = _c.key

# Accepted spellings of coded values (folded, so accents and case do not matter).
KIND_WORDS = {
    "mo hinh": ModelKind.collective,
    "tap the": ModelKind.collective,
    "dien hinh": ModelKind.individual,
    "ca nhan": ModelKind.individual,
}
FIELD_WORDS = {
    "kinh te": ModelField.economy,
    "van hoa - xa hoi": ModelField.culture_society,
    "van hoa xa hoi": ModelField.culture_society,
    "van hoa": ModelField.culture_society,
    "quoc phong - an ninh": ModelField.defense_security,
    "quoc phong an ninh": ModelField.defense_security,
    "quoc phong": ModelField.defense_security,
    "an ninh": ModelField.defense_security,
    "xay dung he thong chinh tri": ModelField.political_system,
    "xay dung dang va he thong chinh tri": ModelField.political_system,
    "he thong chinh tri": ModelField.political_system,
}
LEVEL_WORDS = {
    "co so": ModelLevel.grassroots,
    "cap co so": ModelLevel.grassroots,
    "xa": ModelLevel.grassroots,
    "cap xa": ModelLevel.grassroots,
    "huyen": ModelLevel.district,
    "cap huyen": ModelLevel.district,
    "tinh": ModelLevel.province,
    "cap tinh": ModelLevel.province,
}
DECISION_WORDS = {
    "cong nhan": Decision.recognized,
    "duoc cong nhan": Decision.recognized,
    "tieu bieu": Decision.exemplary,
    "de nghi khen thuong": Decision.proposed_for_award,
    "khen thuong": Decision.proposed_for_award,
    "khong cong nhan": Decision.rejected,
    "tra lai": Decision.returned,
    "dung hoat dong": Decision.discontinued,
    "dung": Decision.discontinued,
}
# A decision column that only repeats "registered" means no decision yet.
NO_DECISION_WORDS = {"", "da dang ky", "dang ky", "cho tham dinh", "chua tham dinh"}


def _normal(value: str) -> str:
    return fold_vietnamese(value.replace("–", "-").replace("—", "-"))


def _lookup(words: dict[str, Any], enum: type[Any], value: str) -> Any:
    folded = _normal(value)
    if folded in words:
        return words[folded]
    try:
        return enum(folded.replace(" ", "_"))
    except ValueError:
        return None


# --- cell values ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d[\d.,\s]*$")


def parse_number(text: str) -> float | None:
    """A number as Vietnamese and English sheets write it: "10.700", "10,700", "2,5", "1.234,5", "70"."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw or not _NUMBER.match(raw):
        return None
    sign = -1.0 if raw.startswith("-") else 1.0
    raw = raw.lstrip("+-")
    if "." in raw and "," in raw:
        decimal = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        raw = raw.replace(thousands, "").replace(decimal, ".")
    else:
        sep = "." if "." in raw else "," if "," in raw else None
        if sep is not None:
            parts = raw.split(sep)
            if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] != "0"):
                if not all(len(p) == 3 for p in parts[1:]) or not parts[0] or len(parts[0]) > 3:
                    return None
                raw = "".join(parts)  # thousands separators
            else:
                raw = raw.replace(sep, ".")
    try:
        return sign * float(raw)
    except ValueError:
        return None


_RESULT = re.compile(r"^(?:(?P<label>[^:]+):)?\s*(?P<number>[+-]?\d[\d.,\s]*?)\s*(?P<unit>[^\d\s.,].*)?$")


def parse_results(text: str) -> list[dict[str, Any]] | None:
    """ "Đèn chiếu sáng: 270 đèn; Đường được thắp sáng: 10.700 m" → [{"label", "value", "unit"}].

    A part without a label uses its unit as the label ("270 đèn"). None when a part has no number.
    """
    out: list[dict[str, Any]] = []
    for part in re.split(r"[;\n]+", text):
        part = part.strip().rstrip(".")
        if not part:
            continue
        match = _RESULT.match(part)
        if not match:
            return None
        value = parse_number(match["number"])
        if value is None:
            return None
        unit = (match["unit"] or "").strip() or None
        label = (match["label"] or "").strip() or unit
        if not label:
            return None
        out.append({"label": label[:200], "value": value, "unit": unit[:50] if unit else None})
    return out


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    number = parse_number(str(value))
    return int(number) if number is not None and number.is_integer() else None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


# --- reading a sheet (pure: rows in, parsed rows and errors out) ----------------------------------


@dataclass
class RowError:
    row: int
    column: str | None
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # ModelCreate fields
    unit_ref: str | None
    year: int | None
    decision: Decision | None
    decision_no: str | None
    decision_date: dt.date | None


@dataclass
class ParsedSheet:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    data_rows: int = 0


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[int, str], list[str]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[int, str] = {}
        ignored: list[str] = []
        for col, value in enumerate(row):
            text = cell_text(value)
            if not text:
                continue
            key = _HEADER_INDEX.get(_normal(text))
            if key is not None and key not in mapping.values():
                mapping[col] = key
            else:
                ignored.append(text)
        if "title" in mapping.values():
            return index, mapping, ignored
    return None


def parse_sheet(rows: list[tuple[Any, ...]], *, first_row_number: int = 1) -> ParsedSheet:
    """Turn sheet rows into model values, collecting every bad row with its row number and reason."""
    sheet = ParsedSheet()
    found = _find_header(rows)
    if found is None:
        sheet.errors.append(
            RowError(first_row_number, None, "Không tìm thấy dòng tiêu đề (cần có cột “Tên mô hình, điển hình”).")
        )
        return sheet
    header_index, mapping, sheet.ignored_columns = found
    missing = [c.header for c in IMPORT_COLUMNS if c.required and c.key not in mapping.values()]
    if missing:
        sheet.errors.append(
            RowError(first_row_number + header_index, None, "Thiếu cột bắt buộc: " + ", ".join(missing) + ".")
        )
        return sheet
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 1):
        number = first_row_number + offset
        cells = {key: row[col] if col < len(row) else None for col, key in mapping.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        sheet.data_rows += 1
        parsed, errors = _parse_row(number, cells)
        if errors:
            sheet.errors.extend(errors)
        elif parsed is not None:
            sheet.rows.append(parsed)
    return sheet


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def _parse_row(number: int, cells: dict[str, Any]) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def bad(key: str, message: str) -> None:
        errors.append(RowError(number, _header(key), message))

    text = {k: cell_text(v) for k, v in cells.items()}
    for key in ("title", "summary"):
        if not text.get(key):
            bad(key, "Không được để trống.")
        else:
            values[key] = text[key]
    for key, words, enum, allowed in (
        ("kind", KIND_WORDS, ModelKind, KIND_LABELS),
        ("field", FIELD_WORDS, ModelField, FIELD_LABELS),
        ("level", LEVEL_WORDS, ModelLevel, LEVEL_LABELS),
    ):
        if not text.get(key):
            bad(key, "Không được để trống.")
            continue
        found = _lookup(words, enum, text[key])
        if found is None:
            bad(key, f"Giá trị “{text[key]}” không hợp lệ; dùng một trong: {', '.join(allowed.values())}.")
        else:
            values[key] = found.value
    for key in ("address", "beneficiaries", "contact"):
        if text.get(key):
            values[key] = text[key]
    for key in ("started_year", "year"):
        if text.get(key):
            year = parse_int(cells[key])
            if year is None or not 2000 <= year <= 2100:
                bad(key, f"Năm “{text[key]}” không hợp lệ.")
            else:
                values[key] = year
    if text.get("budget_vnd"):
        budget = parse_int(cells["budget_vnd"])
        if budget is None or budget < 0:
            bad("budget_vnd", f"Kinh phí “{text['budget_vnd']}” phải là số đồng (ví dụ 70000000).")
        else:
            values["budget_vnd"] = budget
    if text.get("results"):
        results = parse_results(text["results"])
        if results is None:
            bad("results", "Mỗi kết quả cần có số, ví dụ “Đèn chiếu sáng: 270 đèn; Chiều dài: 10.700 m”.")
        else:
            values["results"] = results
    decision: Decision | None = None
    if _normal(text.get("decision", "")) not in NO_DECISION_WORDS:
        decision = DECISION_WORDS.get(_normal(text["decision"]))
        if decision is None:
            bad(
                "decision",
                f"Kết quả “{text['decision']}” không rõ; dùng: Công nhận, Tiêu biểu, Đề nghị khen thưởng, "
                "Không công nhận, Trả lại, Dừng hoạt động.",
            )
        elif "year" not in values:
            bad("year", "Có kết quả thẩm định thì cần năm đăng ký.")
    decision_date = None
    if text.get("decision_date"):
        decision_date = parse_date(cells["decision_date"])
        if decision_date is None:
            bad("decision_date", f"Ngày “{text['decision_date']}” không hợp lệ (dạng 15/10/2024).")
    if (text.get("decision_no") or decision_date) and decision is None:
        bad("decision", "Có số hoặc ngày quyết định thì cần ghi kết quả thẩm định.")
    if errors:
        return None, errors
    year = values.pop("year", None)
    return (
        ParsedRow(
            row=number,
            values=values,
            unit_ref=text.get("unit") or None,
            year=year,
            decision=decision,
            decision_no=text.get("decision_no") or None,
            decision_date=decision_date,
        ),
        [],
    )


# --- files ----------------------------------------------------------------------------------------


def check_xlsx(data: bytes) -> None:
    """415 unless this is a zip holding a workbook; 413 when it is too big, packed or unpacked."""
    if len(data) > MAX_IMPORT_BYTES:
        raise TooLarge(f"Tệp lớn hơn {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    if not data.startswith(b"PK\x03\x04"):
        raise UnsupportedType("Tệp không phải bảng tính Excel .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsupportedType("Tệp không phải bảng tính Excel .xlsx (tệp nén hỏng).") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsupportedType("Tệp nén này không phải bảng tính Excel .xlsx.")
    if unpacked > MAX_UNZIPPED_BYTES:
        raise TooLarge("Bảng tính quá lớn khi giải nén.")


def read_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows as values (formulas give their cached results). Blocking: run in a thread."""
    check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise RuleViolation("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng.") from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[Any, ...]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS:
                raise TooLarge(f"Bảng tính có quá {MAX_IMPORT_ROWS} dòng; hãy chia thành nhiều tệp.")
        return rows
    except (TooLarge, RuleViolation):
        raise
    except Exception:
        raise RuleViolation("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng.") from None
    finally:
        workbook.close()


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
        sheet.column_dimensions[_letter(index)].width = column.width
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


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def template_workbook() -> bytes:
    """The import template: header row, one worked example, drop-down lists, and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    headers = [c for c in COLUMNS if not c.export_only]
    for index, column in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[_letter(index)].width = column.width
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
        col = _letter(next(i for i, c in enumerate(headers, start=1) if c.key == key))
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
