"""Published stories on the chuyên trang: the slot the publishing queue (issue #8) fills.

Phase 2 of issue #10 reads the queue's "website" items that are published, or scheduled and past their
time, never before their embargo: the home page's list, `/chuyen-trang/bai-viet/{slug}`, the feeds.
Until then there are no stories, and the home page says so.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.core.schemas import Output


class PublicStory(Output):
    """A published story as the home page lists it."""

    slug: str
    title: str
    summary: str
    published_at: dt.datetime


async def latest_stories(limit: int = 10) -> list[PublicStory]:
    """The latest published stories, newest first: none until publishing lands (issue #10, phase 2)."""
    return []
