"""The registry's spreadsheet format: the template, reading an upload, and writing an export.

Districts keep their lists as a sheet with one header row in Vietnamese (often under a title row or
two). Columns are found by their header, in any order, with or without accents (`columns`, `cells`).
`reading` checks and parses an upload; `writing` makes the export and the template.
"""

from __future__ import annotations

from guong_dan_van.registry.excel.cells import parse_int, parse_number, parse_results
from guong_dan_van.registry.excel.columns import COLUMNS, MAX_IMPORT_BYTES, XLSX_CONTENT_TYPE
from guong_dan_van.registry.excel.reading import parse_sheet, read_rows
from guong_dan_van.registry.excel.writing import export_workbook, template_workbook

__all__ = [
    "COLUMNS",
    "MAX_IMPORT_BYTES",
    "XLSX_CONTENT_TYPE",
    "export_workbook",
    "parse_int",
    "parse_number",
    "parse_results",
    "parse_sheet",
    "read_rows",
    "template_workbook",
]
