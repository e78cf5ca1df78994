"""What the public chuyên trang (issue #10, the `public/` domain) shows of the queue: stories on the website
channel that are public at `now` (`rules.is_public`). The caller passes the time, so tests control it.

    await list_public_stories(now, limit=50) -> list[PublicStory]     # newest first
    await get_public_story(publication_id, now) -> PublicStory          # 404 unless public at `now`
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.core.errors import NotFound
from guong_dan_van.core.repository import typed, typed_all
from guong_dan_van.media.services.photos import url_for
from guong_dan_van.publishing.rules import is_public, public_since
from guong_dan_van.publishing.schemas import Channel, PublicationStatus, PublicPhoto, PublicResult, PublicStory
from guong_dan_van.publishing.services.content import story_content, story_photos
from guong_dan_van.publishing.tables import Publication, PublicationRow

NOT_PUBLIC = "Bài viết không tồn tại hoặc chưa được đăng."


def _may_be_public(now: dt.datetime) -> object:
    """The SQL half of `is_public`: the website, published or scheduled by now, past any embargo."""
    return (
        (Publication.channel == Channel.website.value)
        & (
            (Publication.status == PublicationStatus.published.value)
            | ((Publication.status == PublicationStatus.scheduled.value) & (Publication.scheduled_for <= now))
        )
        & (Publication.embargo_until.is_null() | (Publication.embargo_until <= now))
    )


async def _story(row: PublicationRow) -> PublicStory:
    content = await story_content(row.item_type, row.item_id)
    since = public_since(row, row.published_at)
    assert since is not None  # a public publication has a start
    photos = [
        PublicPhoto(
            caption=p.caption,
            credit=p.credit,
            width=p.width,
            height=p.height,
            medium=url_for(p.medium_key),
            large=url_for(p.large_key),
        )
        for p in await story_photos(row.item_type, row.item_id)
    ]
    return PublicStory(
        id=row.id,
        item_type=content.item_type,
        item_id=content.item_id,
        title=content.title,
        summary=content.summary,
        body=content.body,
        unit_name=content.unit_name,
        field=content.field,
        level=content.level,
        years_recognised=content.years_recognised,
        results=[PublicResult(label=r.label, value=r.value, unit=r.unit) for r in content.results],
        authors=content.author_names,
        outlet=content.outlet,
        published_on=content.published_on,
        public_since=since,
        photos=photos,
    )


async def list_public_stories(now: dt.datetime, *, limit: int = 50) -> list[PublicStory]:
    """The stories public at `now`, newest first (by when each became public)."""
    rows = typed_all(await Publication.select().where(_may_be_public(now)).run(), PublicationRow)  # type: ignore[arg-type]
    public = [r for r in rows if is_public(r, now)]
    public.sort(key=lambda r: (public_since(r, r.published_at) or now, r.id), reverse=True)
    return [await _story(r) for r in public[:limit]]


async def get_public_story(publication_id: int, now: dt.datetime) -> PublicStory:
    """One story, only if public at `now`: before its embargo or schedule, or once withdrawn, a 404 —
    the same answer as for an id that never existed."""
    if not 1 <= publication_id <= 2**31 - 1:
        raise NotFound(NOT_PUBLIC)
    row = await Publication.select().where(Publication.id == publication_id).first().run()
    if row is None or not is_public(typed(row, PublicationRow), now):
        raise NotFound(NOT_PUBLIC)
    return await _story(typed(row, PublicationRow))
