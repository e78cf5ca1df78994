"""The media settings every service takes (`Media`), file writes and removals, and the lookups photos
and attachments share: both are rows owned by (`owner_type`, `owner_id`), one per distinct file."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import anyio.to_thread
from piccolo.columns import Column
from piccolo.columns.combination import Combinable
from PIL import Image

from guong_dan_van.core import audit
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import typed, typed_all
from guong_dan_van.media import images
from guong_dan_van.media.owners import OwnerRegistry
from guong_dan_van.media.storage import LocalStorage
from guong_dan_van.media.tables import Attachment, AttachmentRow, Photo, PhotoRow
from guong_dan_van.search.outbox import enqueue

log = logging.getLogger("guong_dan_van.media")

PILLOW_DEFAULT_MAX_PIXELS = 89_478_485

MediaTable = type[Photo] | type[Attachment]
# A photo or an attachment row: what the shared lookups below return.
OwnedT = TypeVar("OwnedT", PhotoRow, AttachmentRow)


@dataclass(frozen=True)
class Media:
    """What the media domain works with, made by `create_app` from the settings: where files go, the caps,
    and the owner types other domains registered."""

    storage: LocalStorage
    limits: images.Limits
    max_attachment_bytes: int
    owners: OwnerRegistry

    @classmethod
    def create(
        cls,
        *,
        media_dir: Path,
        max_upload_bytes: int,
        max_image_pixels: int,
        max_attachment_bytes: int,
        owners: OwnerRegistry | None = None,
    ) -> Media:
        # Pillow's own (process-wide) bomb check stays a backstop: it never goes below Pillow's default, so a
        # low cap here cannot affect other Pillow users; our per-upload check answers first anyway.
        Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, PILLOW_DEFAULT_MAX_PIXELS, max_image_pixels)
        return cls(
            LocalStorage(media_dir),
            images.Limits(max_upload_bytes, max_image_pixels),
            max_attachment_bytes,
            owners or OwnerRegistry(),
        )


# --- files ----------------------------------------------------------------------------------------


def _write_files(storage: LocalStorage, files: list[tuple[str, bytes]]) -> None:
    written: list[str] = []
    try:
        for key, data in files:
            storage.write(key, data)
            written.append(key)
    except BaseException:
        _remove_files(storage, written)
        raise


def _remove_files(storage: LocalStorage, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            storage.delete(key)
        except OSError:
            log.warning("could not remove media file %s (left as an orphan)", key)


async def remove_files(storage: LocalStorage, keys: Iterable[str]) -> None:
    """Remove stored files (after the rows naming them are gone). Missing files are fine."""
    keys = list(keys)
    if keys:
        await anyio.to_thread.run_sync(_remove_files, storage, keys)


async def sha256_of(data: bytes) -> str:
    return await anyio.to_thread.run_sync(lambda: hashlib.sha256(data).hexdigest())


# --- owned rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaRows(Generic[OwnedT]):
    """One kind of owned media as the shared helpers below handle it: photos or attachments."""

    table: MediaTable
    row_type: type[OwnedT]
    object_type: str  # in audit records: "photo.create", "photo.delete"
    label: str  # in messages: "Ảnh không tồn tại…"
    keys: Callable[[OwnedT], list[str]]  # the stored files a row names
    logged_on_delete: tuple[str, ...]  # the fields its delete record keeps


def owned_by(table: MediaTable, owner_type: str, owner_id: int) -> Combinable:
    return (table.owner_type == owner_type) & (table.owner_id == owner_id)


async def find_by_hash(rows: MediaRows[OwnedT], owner_type: str, owner_id: int, digest: str) -> OwnedT | None:
    """The owner's row for these bytes, if it has one (the unique index allows one)."""
    table = rows.table
    row = (
        await table.select(*table.all_columns())
        .where(owned_by(table, owner_type, owner_id) & (table.sha256 == digest))
        .first()
        .run()
    )
    return None if row is None else typed(row, rows.row_type)


async def list_owned(rows: MediaRows[OwnedT], owner_type: str, owner_id: int, *order: Column) -> list[OwnedT]:
    table = rows.table
    query = table.select(*table.all_columns()).where(owned_by(table, owner_type, owner_id))
    for column in (*order, table.id):
        query = query.order_by(column)
    return typed_all(await query.run(), rows.row_type)


async def get_owned(media: Media, rows: MediaRows[OwnedT], object_id: int) -> OwnedT:
    """The row by id, or 404 — also when its owner type is not registered in this app."""
    ensure_id(object_id, rows.label)
    table = rows.table
    row = await table.select(*table.all_columns()).where(table.id == object_id).first().run()
    ensure_found(row is not None and media.owners.is_registered(row["owner_type"]), rows.label)
    assert row is not None
    return typed(row, rows.row_type)


async def get_viewable(media: Media, actor: Actor, rows: MediaRows[OwnedT], object_id: int) -> tuple[OwnedT, bool]:
    """The row if the actor may see its owner, and whether the actor sees that owner blind."""
    row = await get_owned(media, rows, object_id)
    await media.owners.check_view(actor, row.owner_type, row.owner_id)
    return row, await media.owners.is_blind(actor, row.owner_type, row.owner_id)


async def get_editable(media: Media, actor: Actor, rows: MediaRows[OwnedT], object_id: int) -> OwnedT:
    """The row if the actor may change its owner."""
    row = await get_owned(media, rows, object_id)
    await media.owners.check_edit(actor, row.owner_type, row.owner_id)
    return row


async def store_once(
    media: Media,
    rows: MediaRows[OwnedT],
    owner: tuple[str, int],
    digest: str,
    files: list[tuple[str, bytes]],
    insert: Callable[[], Awaitable[OwnedT]],
) -> tuple[OwnedT, bool]:
    """Write the files, then `insert` the row naming them, unless the owner has these bytes already:
    (the row, True when it is new). Whatever fails or is not needed, the files written here are removed."""
    await anyio.to_thread.run_sync(_write_files, media.storage, files)
    written = [key for key, _ in files]
    try:
        async with rows.table._meta.db.transaction():
            existing = await find_by_hash(rows, *owner, digest)
            if existing is None:
                row = await insert()
    except BaseException as exc:
        _remove_files(media.storage, written)  # no await: this must also happen when the task is being cancelled
        if isinstance(exc, Exception):
            # A concurrent upload of the same file may have won the unique index: answer with its row.
            existing = await find_by_hash(rows, *owner, digest)
            if existing:
                return existing, False
        raise
    if existing is not None:
        await remove_files(media.storage, written)
        return existing, False
    return row, True


async def delete_owned(media: Media, actor: Actor, rows: MediaRows[OwnedT], object_id: int) -> None:
    """Delete one row the actor may change, with its audit record, then its files."""
    row = await get_editable(media, actor, rows, object_id)
    changes = {field: getattr(row, field) for field in rows.logged_on_delete}
    async with rows.table._meta.db.transaction():
        await rows.table.delete().where(rows.table.id == object_id).run()
        await audit.record(actor, f"{rows.object_type}.delete", rows.object_type, object_id, changes)
        if rows.object_type == "attachment":
            await enqueue(row.owner_type, row.owner_id)
    await remove_files(media.storage, rows.keys(row))


async def delete_all_owned(media: Media, rows: MediaRows[OwnedT], owner_type: str, owner_id: int) -> None:
    """Remove an owner's rows. Inside the caller's transaction only the rows go (their files become
    orphans for `sweep_orphans`, since a rollback would need them); outside one, the files go too."""
    table = rows.table
    deleted = await table.delete().where(owned_by(table, owner_type, owner_id)).returning(*table.all_columns()).run()
    if not table._meta.db.transaction_exists():
        await remove_files(media.storage, [key for row in typed_all(deleted, rows.row_type) for key in rows.keys(row)])
