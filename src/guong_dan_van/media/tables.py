"""Photos and attachments, each owned by an object of another domain (`owner_type`, `owner_id`).

No foreign key to the owner: owners live in other domains' tables, which call
`services.delete_photos_of` / `delete_attachments_of` when an owner goes away. A unique index on
(owner_type, owner_id, sha256) makes the same file on the same owner one row
(created by a raw step in the second migration: SQLite cannot add constraints to a table).
"""

from __future__ import annotations

import datetime as dt

from piccolo.columns import BigInt, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from guong_dan_van.core.repository import Row


class Photo(Table, tablename="media_photo"):
    id: Serial
    owner_type = Varchar(length=30)
    owner_id = Integer(index=True)
    sha256 = Varchar(length=64)  # of the uploaded bytes
    source_format = Varchar(length=10)  # JPEG, PNG, WEBP, HEIF
    byte_size = BigInt()
    width = Integer()  # upright, after EXIF orientation
    height = Integer()
    caption = Varchar(length=1000, null=True, default=None)
    credit = Varchar(length=300, null=True, default=None)
    sort_order = Integer(default=0)
    # Storage keys, never derived from anything the user sent.
    thumb_key = Varchar(length=120)
    medium_key = Varchar(length=120)
    large_key = Varchar(length=120)
    original_key = Varchar(length=120)  # private: never served (it still carries the camera's metadata)
    version = Integer(default=1)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PhotoRow(Row):
    """A `media_photo` row as the services read it."""

    id: int
    owner_type: str
    owner_id: int
    sha256: str
    source_format: str
    byte_size: int
    width: int
    height: int
    caption: str | None
    credit: str | None
    sort_order: int
    thumb_key: str
    medium_key: str
    large_key: str
    original_key: str
    version: int
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class Attachment(Table, tablename="media_attachment"):
    id: Serial
    owner_type = Varchar(length=30)
    owner_id = Integer(index=True)
    kind = Varchar(length=10)  # pdf, audio, video
    filename = Varchar(length=255)  # the sanitised name shown and offered on download
    content_type = Varchar(length=50)
    byte_size = BigInt()
    sha256 = Varchar(length=64)
    storage_key = Varchar(length=120)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()


class AttachmentRow(Row):
    """A `media_attachment` row as the services read it."""

    id: int
    owner_type: str
    owner_id: int
    kind: str
    filename: str
    content_type: str
    byte_size: int
    sha256: str
    storage_key: str
    created_by: int | None
    created_at: dt.datetime
