"""Time in one place: the contest and the units live in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today_vn() -> dt.date:
    return now().astimezone(VN_TZ).date()
