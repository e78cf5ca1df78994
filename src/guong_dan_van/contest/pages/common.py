"""What the contest's pages share: the context every contest page needs and the small parsers of typed lines."""

from __future__ import annotations

from typing import Any

from litestar import Request

from guong_dan_van.contest.schemas import (
    EXCLUDED_ROLE_LABELS,
    MEDIA_TYPE_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    EntryStatus,
    MediaType,
)
from guong_dan_van.web.forms import (
    NO_PROBLEM,
    parse_int,
)
from guong_dan_van.web.pages import page_context


def contest_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    return page_context(
        request,
        media_labels=MEDIA_TYPE_LABELS,
        status_labels=STATUS_LABELS,
        tier_labels=TIER_LABELS,
        excluded_labels=EXCLUDED_ROLE_LABELS,
        media_types=list(MediaType),
        statuses=list(EntryStatus),
        **{"form": {}, **NO_PROBLEM, **extra},
    )


def typed_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_line(line: str) -> list[str]:
    return [part.strip() for part in line.split("|")]


def line_number(text: str) -> int | str:
    """A number typed in a line ("10.000.000"), or the text itself for the form to refuse by its label."""
    number = parse_int(text)
    return text if number is None else number


ENTRY_LABELS = {
    "title": "Tên tác phẩm",
    "media_type": "Loại hình",
    "genre": "Thể loại",
    "authors": "Tác giả",
    "outlet": "Cơ quan báo chí đăng, phát",
    "published_on": "Ngày đăng, phát",
    "url": "Đường dẫn",
    "body": "Nội dung",
    "model_ids": "Mô hình được viết về",
    "previously_awarded": "Giải đã đoạt",
    "unit_id": "Đơn vị",
    "version": "Phiên bản",
    "reason": "Lý do",
}
# Left empty on the entry's edit form, these are cleared.
ENTRY_CLEARABLE = ("genre", "url", "body", "previously_awarded")
