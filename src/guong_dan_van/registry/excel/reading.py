"""Reading an upload: the file checked, the header row found, every row parsed into model values or errors.

Reading is defensive: the file must really be an .xlsx (a zip holding a workbook: else 415), small
enough once unzipped (else 413), and formulas are read as their cached values, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from openpyxl import load_workbook

from guong_dan_van.core.errors import RuleViolation, TooLarge, UnsupportedType
from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.registry.excel.cells import cell_text, parse_date, parse_int, parse_results
from guong_dan_van.registry.excel.columns import (
    HEADER_SEARCH_ROWS,
    IMPORT_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    MAX_UNZIPPED_BYTES,
    header,
)
from guong_dan_van.registry.schemas import (
    FIELD_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    Decision,
    ModelField,
    ModelKind,
    ModelLevel,
)

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


E = TypeVar("E", bound=StrEnum)


def _lookup(words: Mapping[str, E], enum: type[E], value: str) -> E | None:
    folded = _normal(value)
    if folded in words:
        return words[folded]
    try:
        return enum(folded.replace(" ", "_"))
    except ValueError:
        return None


# --- reading a sheet (pure: rows in, parsed rows and errors out) ----------------------------------


@dataclass
class RowError:
    row: int
    column: str | None
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # ModelCreate fields, checked when converted
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


def _parse_row(number: int, cells: dict[str, Any]) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def bad(key: str, message: str) -> None:
        errors.append(RowError(number, header(key), message))

    text = {k: cell_text(v) for k, v in cells.items()}
    for key in ("title", "summary"):
        if not text.get(key):
            bad(key, "Không được để trống.")
        else:
            values[key] = text[key]
    coded: tuple[tuple[str, Mapping[str, StrEnum], type[StrEnum], Mapping[Any, str]], ...] = (
        ("kind", KIND_WORDS, ModelKind, KIND_LABELS),
        ("field", FIELD_WORDS, ModelField, FIELD_LABELS),
        ("level", LEVEL_WORDS, ModelLevel, LEVEL_LABELS),
    )
    for key, words, enum, allowed in coded:
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
