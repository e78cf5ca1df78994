"""Labels the judging pages share."""

from __future__ import annotations

from guong_dan_van.core.pagination import PageParams
from guong_dan_van.judging.labels import STAGE_LABELS, STATUS_LABELS

WHOLE_QUEUE = PageParams(limit=200, offset=0)

__all__ = ["STAGE_LABELS", "STATUS_LABELS", "WHOLE_QUEUE"]
