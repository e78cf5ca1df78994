"""The media center's dashboard cards: each number is the rows its link shows."""

from __future__ import annotations

from guong_dan_van.core.cards import Card, CardSource
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.publishing.schemas import PublicationStatus
from guong_dan_van.publishing.services.items import AwardedEntryIds, list_stories, no_awards
from guong_dan_van.publishing.tables import Publication


def cards_for(awarded: AwardedEntryIds = no_awards) -> CardSource:
    """The card source with the app's awards seam."""

    async def dashboard_cards(actor: Actor) -> list[Card]:
        if actor.role is not Role.media:
            return []
        stories = await list_stories(PageParams(limit=1, offset=0), awarded)
        queued = await Publication.count().where(Publication.status == PublicationStatus.queued.value).run()
        scheduled = await Publication.count().where(Publication.status == PublicationStatus.scheduled.value).run()
        return [
            Card("Tin bài cần đăng", stories.total, "/publishing/stories"),
            Card("Trong hàng chờ đăng", queued, "/publishing?status=queued"),
            Card("Đã lên lịch đăng", scheduled, "/publishing?status=scheduled"),
        ]

    return dashboard_cards
