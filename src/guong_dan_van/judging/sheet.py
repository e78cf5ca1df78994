"""The result sheet (biên bản kết quả) as a real .xlsx (openpyxl): a cover sheet with the method, criteria,
weights and seal; one sheet per media type with every entry's place, scores and each judge's score; and
the judges' statistics. No I/O: it takes what the services computed and returns the file's bytes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS, MediaType
from guong_dan_van.judging.rubric import Criterion
from guong_dan_van.judging.schemas import JudgeStatOut, ResultItem

METHOD_LABELS = {
    "mean": "Trung bình cộng",
    "median": "Trung vị",
    "trimmed_mean": "Trung bình bỏ điểm cao nhất và thấp nhất",
    "zscore": "Chuẩn hóa z theo từng giám khảo",
}
BOLD = Font(bold=True)


@dataclass(frozen=True)
class SheetData:
    edition_name: str
    round_name: str
    stage_label: str
    method: str
    status_label: str
    seal: str | None
    criteria: Sequence[Criterion]
    items: Sequence[ResultItem]
    judges: Sequence[JudgeStatOut]
    review_scores: Mapping[tuple[int, int], float]  # (judge, entry) → S_ij


def _sheet_title(media_type: str) -> str:
    try:
        return MEDIA_TYPE_LABELS[MediaType(media_type)]
    except ValueError:
        return media_type[:31]


def _seal_line(seal: str | None) -> str:
    return seal or "Chưa niêm phong (kết quả tạm thời)"


def _cover(ws: Worksheet, data: SheetData) -> None:
    ws.title = "Biên bản"
    rows: list[list[object]] = [
        ["BIÊN BẢN KẾT QUẢ CHẤM"],
        ["Đợt thi", data.edition_name],
        ["Vòng chấm", f"{data.round_name} ({data.stage_label})"],
        ["Trạng thái", data.status_label],
        ["Cách tính điểm", METHOD_LABELS[data.method], data.method],
        ["Mã niêm phong", _seal_line(data.seal)],
        [],
        ["Tiêu chí", "Mã", "Trọng số", "Điểm tối đa"],
        *[[c.label, c.key, c.weight, c.max] for c in data.criteria],
        [],
        ["Điểm mỗi phiếu: S = 100 · Σ trọng số · (điểm / tối đa) / Σ trọng số (thang 0–100)."],
        ["Kiểm tra: gdv verify-ledger <tệp sổ cái JSON> cho lại mã niêm phong và thứ hạng."],
    ]
    for row in rows:
        ws.append(row)
    ws["A1"].font = BOLD


def _media_sheet(ws: Worksheet, data: SheetData, media_type: str, judge_ids: list[int]) -> None:
    names = {j.judge_id: j.full_name for j in data.judges}
    ws.append([f"{_sheet_title(media_type)} — {METHOD_LABELS[data.method]}"])
    ws.append(["Mã niêm phong", _seal_line(data.seal)])
    header = [
        "Hạng trong loại hình",
        "Hạng chung",
        "Mã tác phẩm",
        "Tên tác phẩm",
        "Điểm",
        "Trung bình",
        "Trung vị",
        "Độ lệch chuẩn",
        "Số phiếu",
        "Hạng: trung bình",
        "Hạng: trung vị",
        "Hạng: bỏ cao/thấp",
        "Hạng: chuẩn hóa z",
        "Đồng hạng",
        "Vào vòng sau",
        "Giải",
        *[f"GK {names.get(j, j)} (#{j})" for j in judge_ids],
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font = BOLD
    for item in sorted((i for i in data.items if i.media_type == media_type), key=lambda i: i.rank_in_media_type):
        ws.append(
            [
                item.rank_in_media_type,
                item.rank,
                item.entry_id,
                item.title,
                item.score,
                item.mean,
                item.median,
                item.stdev,
                item.n_scores,
                item.ranks_by_method["mean"],
                item.ranks_by_method["median"],
                item.ranks_by_method["trimmed_mean"],
                item.ranks_by_method["zscore"],
                "có" if item.tied else "",
                "có" if item.shortlisted else "",
                item.award_tier or "",
                *[data.review_scores.get((j, item.entry_id)) for j in judge_ids],
            ]
        )


def _judges_sheet(ws: Worksheet, data: SheetData) -> None:
    ws.title = "Giám khảo"
    ws.append(["Mã", "Giám khảo", "Số phiếu", "Điểm trung bình", "Độ lệch chuẩn", "Chênh với tiểu ban"])
    for cell in ws[1]:
        cell.font = BOLD
    for j in data.judges:
        ws.append([j.judge_id, j.full_name, j.n_scores, j.mean, j.stdev, j.distance_from_panel])


def result_workbook(data: SheetData) -> bytes:
    book = Workbook()
    _cover(book.active, data)
    judge_ids = sorted({j for j, _e in data.review_scores})
    for media_type in sorted({i.media_type for i in data.items}):
        _media_sheet(book.create_sheet(_sheet_title(media_type)), data, media_type, judge_ids)
    _judges_sheet(book.create_sheet(), data)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
