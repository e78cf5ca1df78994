"""Labels the judging pages share."""

from __future__ import annotations

from guong_dan_van.core.pagination import PageParams
from guong_dan_van.judging.schemas import ROUND_STATUS_LABELS, STAGE_LABELS

STATUS_LABELS = ROUND_STATUS_LABELS
WHOLE_QUEUE = PageParams(limit=200, offset=0)
__all__ = ["STAGE_LABELS", "STATUS_LABELS", "WHOLE_QUEUE"]
