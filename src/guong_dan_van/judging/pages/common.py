"""Labels the judging pages share."""

from __future__ import annotations

from guong_dan_van.core.pagination import PageParams

STATUS_LABELS = {"setup": "Đang chuẩn bị", "open": "Đang chấm", "closed": "Đã khóa"}
STAGE_LABELS = {"preliminary": "Sơ khảo", "final": "Chung khảo"}
WHOLE_QUEUE = PageParams(limit=200, offset=0)
