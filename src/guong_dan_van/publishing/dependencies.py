"""What publishing's API and pages share: who may use it, the queue filters, the awards seam's name."""

from __future__ import annotations

from litestar.di import NamedDependency, Provide

from guong_dan_van.core.pagination import FilterText, filter_choice, filter_number
from guong_dan_van.core.permissions import roles
from guong_dan_van.core.stamps import ChangeStamp
from guong_dan_van.publishing.rules import PUBLISHERS
from guong_dan_van.publishing.schemas import Channel, ItemType, PublicationStatus
from guong_dan_van.publishing.services import AwardedEntryIds, PublicationFilters

publishes = roles(*PUBLISHERS)


async def provide_publication_filters(
    channel: FilterText = None,
    status: FilterText = None,
    item_type: FilterText = None,
    item_id: FilterText = None,
) -> PublicationFilters:
    """`?channel=&status=&item_type=&item_id=`; an empty parameter filters nothing."""
    return PublicationFilters(
        channel=filter_choice(channel, Channel, "channel", "Kênh"),
        status=filter_choice(status, PublicationStatus, "status", "Trạng thái"),
        item_type=filter_choice(item_type, ItemType, "item_type", "Loại tin bài"),
        item_id=filter_number(item_id, "item_id", "Mã tin bài"),
    )


async def provide_item_type(item_type: FilterText = None) -> ItemType | None:
    return filter_choice(item_type, ItemType, "item_type", "Loại tin bài")


QueueFilters = NamedDependency[PublicationFilters]
StoryType = NamedDependency[ItemType | None]
Awards = NamedDependency[AwardedEntryIds]
# The chuyên trang's change stamp (core/stamps.py), moved after every committed change of a publication.
PublicChanges = NamedDependency[ChangeStamp]
QUEUE_FILTERS = {"queue_filters": Provide(provide_publication_filters), "story_type": Provide(provide_item_type)}
