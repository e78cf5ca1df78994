"""Tables of publishing: one `Publication` per story (a model or an entry) on one channel.

The same story may be queued on several channels, but only once on each channel while it is live (not
withdrawn): a partial unique index made in the migration holds that even under concurrent requests.
"""

from __future__ import annotations

import datetime as dt

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from guong_dan_van.core.repository import Row


class Publication(Table, tablename="publishing_publication"):
    """A story in the media center's queue for one channel (trang web, phát thanh, truyền hình, mạng xã hội)."""

    id: Serial
    item_type = Varchar(length=10, index=True)  # model | entry
    item_id = Integer(index=True)
    channel = Varchar(length=20, index=True)  # website | radio | television | social
    status = Varchar(length=20, index=True)  # queued | scheduled | published | withdrawn
    scheduled_for = Timestamptz(null=True, default=None)
    embargo_until = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    published_url = Varchar(length=2000, null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)
    created_by = Integer(null=True, default=None)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PublicationRow(Row):
    """A `publishing_publication` row as the services read it."""

    id: int
    item_type: str
    item_id: int
    channel: str
    status: str
    scheduled_for: dt.datetime | None
    embargo_until: dt.datetime | None
    published_at: dt.datetime | None
    published_url: str | None
    withdrawn_at: dt.datetime | None
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
