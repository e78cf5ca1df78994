"""Publishing in and out of the API (API.md, "Search and publishing"), with the Vietnamese labels pages show."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import msgspec

from guong_dan_van.core.schemas import Id, Input, Output, Version


class ItemType(StrEnum):
    model = "model"  # mô hình / điển hình
    entry = "entry"  # tác phẩm dự thi


class Channel(StrEnum):
    website = "website"
    radio = "radio"
    television = "television"
    social = "social"


class PublicationStatus(StrEnum):
    queued = "queued"
    scheduled = "scheduled"
    published = "published"
    withdrawn = "withdrawn"


class PatchStatus(StrEnum):
    """The states a PATCH may ask for; `queued` is where every publication starts."""

    scheduled = "scheduled"
    published = "published"
    withdrawn = "withdrawn"


CHANNEL_LABELS = {
    Channel.website: "Trang web",
    Channel.radio: "Phát thanh",
    Channel.television: "Truyền hình",
    Channel.social: "Mạng xã hội",
}
STATUS_LABELS = {
    PublicationStatus.queued: "Trong hàng chờ",
    PublicationStatus.scheduled: "Đã lên lịch",
    PublicationStatus.published: "Đã đăng",
    PublicationStatus.withdrawn: "Đã gỡ",
}
ITEM_LABELS = {ItemType.model: "Mô hình", ItemType.entry: "Tác phẩm"}

# A moment must carry its offset: "15/10 at 8:00" means nothing without knowing where.
Moment = Annotated[dt.datetime, msgspec.Meta(tz=True)]
Url = Annotated[str, msgspec.Meta(min_length=8, max_length=2000, pattern=r"^https?://[^\s]+$")]


class PublicationCreate(Input):
    item_type: ItemType
    item_id: Id
    channel: Channel
    scheduled_for: Moment | None = None
    embargo_until: Moment | None = None


class PublicationPatch(Input):
    status: PatchStatus
    version: Version
    published_url: Url | None = None
    # Extra to API.md: a schedule may be given (or moved) with `"status": "scheduled"`.
    scheduled_for: Moment | None = None


class PublicationOut(Output):
    id: int
    item_type: ItemType
    item_id: int
    title: str
    channel: Channel
    status: PublicationStatus
    scheduled_for: dt.datetime | None
    embargo_until: dt.datetime | None
    published_at: dt.datetime | None
    published_url: str | None
    withdrawn_at: dt.datetime | None
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    # Derived, not stored: on the chuyên trang at this moment (a scheduled website story past its time is,
    # although its status stays "scheduled"), and a schedule whose time has passed.
    public_now: bool = False
    schedule_passed: bool = False


class LiveChannel(Output):
    """Where a story already is: its publication on one channel (not withdrawn)."""

    publication_id: int
    channel: Channel
    status: PublicationStatus


class StoryOut(Output):
    """A story worth publishing: a recognised or exemplary model, or an awarded entry."""

    item_type: ItemType
    item_id: int
    title: str
    summary: str
    code: str | None
    unit_name: str | None
    standing: str  # the model's latest recognition ("recognized", "exemplary"…) or "awarded"
    since: dt.datetime
    live: list[LiveChannel]


class PublicPhoto(Output):
    """A photo as the public may see it: renditions only, never the original."""

    caption: str | None
    credit: str | None
    width: int
    height: int
    medium: str
    large: str


class PublicResult(Output):
    label: str
    value: float
    unit: str | None = None


class PublicStory(Output):
    """A story on the website channel as the public chuyên trang shows it: no contact, no notes, no editors."""

    id: int
    item_type: ItemType
    item_id: int
    title: str
    summary: str
    body: str  # Markdown for models, plain text for entries
    unit_name: str | None
    field: str | None
    level: str | None
    years_recognised: list[int]
    results: list[PublicResult]
    authors: list[str]
    outlet: str | None
    published_on: dt.date | None
    public_since: dt.datetime
    photos: list[PublicPhoto]
