"""The registry's sheet: its columns, in order, with the headers people write for them; the limits of an upload."""

from __future__ import annotations

from dataclasses import dataclass

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


def header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)
