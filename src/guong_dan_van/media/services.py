"""Photos and attachments of any registered owner: ingest, list, edit, delete. No HTTP here.

Python API for other domains; `media` is the app's `Media` (storage, caps and the owner registry that
`create_app` fills):

    await add_photo(media, actor, owner_type, owner_id, data, caption=..., credit=...) -> PhotoOut  # checks can_edit
    await list_photos(owner_type, owner_id) -> list[PhotoOut]                               # no check: caller did
    await delete_photos_of(media, owner_type, owner_id) -> None                             # the owner is gone
    await add_attachment(media, actor, owner_type, owner_id, data, filename) -> AttachmentOut  # checks can_edit
    await list_attachments(owner_type, owner_id) -> list[AttachmentOut]
    await delete_attachments_of(media, owner_type, owner_id) -> None

`list_photos` and `list_attachments` take `blind=True` for a reader who must not learn who made the
work (a judge in a blind round): credits become null and attachment names generic.

Storage order makes crashes harmless: files are written (temp name + rename) before the row that
names them is inserted, and removed only after the row is deleted. So a row never points to a missing
file; the worst a crash leaves is an orphan file nobody references (`sweep_orphans` removes those).
The same bytes uploaded again to the same owner return the existing photo or attachment (`created`
is False, the API answers 200 instead of 201).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread
from msgspec import UNSET
from PIL import Image

from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import update_versioned
from guong_dan_van.core.text import clean_line
from guong_dan_van.media import attachments, images, scrub
from guong_dan_van.media.owners import OwnerRegistry
from guong_dan_van.media.schemas import AttachmentKind, AttachmentOut, PhotoOut, PhotoPatch, Renditions
from guong_dan_van.media.storage import PRIVATE, PUBLIC, LocalStorage, new_key
from guong_dan_van.media.tables import Attachment, Photo

log = logging.getLogger("guong_dan_van.media")

MEDIA_URL = "/media/"
CAPTION_MAX = 1000
CREDIT_MAX = 300
PILLOW_DEFAULT_MAX_PIXELS = 89_478_485
ORIGINAL_EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


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


# --- shaping ------------------------------------------------------------------------------------


def url_for(key: str) -> str:
    return MEDIA_URL + key.removeprefix(PUBLIC + "/")


def photo_out(row: dict[str, Any], *, blind: bool = False) -> PhotoOut:
    return PhotoOut(
        id=row["id"],
        width=row["width"],
        height=row["height"],
        sha256=row["sha256"],
        caption=row["caption"],
        credit=None if blind else row["credit"],
        order=row["sort_order"],
        version=row["version"],
        renditions=Renditions(
            thumb=url_for(row["thumb_key"]), medium=url_for(row["medium_key"]), large=url_for(row["large_key"])
        ),
    )


def attachment_name(row: dict[str, Any], *, blind: bool = False) -> str:
    if blind:
        return f"tep-dinh-kem-{row['id']}.{row['filename'].rsplit('.', 1)[-1]}"
    return str(row["filename"])


def attachment_out(row: dict[str, Any], *, blind: bool = False) -> AttachmentOut:
    return AttachmentOut(
        id=row["id"],
        kind=AttachmentKind(row["kind"]),
        filename=attachment_name(row, blind=blind),
        size=row["byte_size"],
        sha256=row["sha256"],
        content_type=row["content_type"],
        url=f"/api/attachments/{row['id']}",
    )


def _text(value: str | None, limit: int, field: str) -> str | None:
    if value is None:
        return None
    cleaned = clean_line(value)
    if len(cleaned) > limit:
        raise RuleViolation(
            "Thông tin ảnh chưa hợp lệ.", [FieldError(f"Tối đa {limit} ký tự.", field=field, rule="max_length")]
        )
    return cleaned or None


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


def _photo_keys(row: dict[str, Any]) -> list[str]:
    return [row["thumb_key"], row["medium_key"], row["large_key"], row["original_key"]]


async def _sha256(data: bytes) -> str:
    return await anyio.to_thread.run_sync(lambda: hashlib.sha256(data).hexdigest())


# --- photos ---------------------------------------------------------------------------------------


async def _photo_by_hash(owner_type: str, owner_id: int, digest: str) -> dict[str, Any] | None:
    row = (
        await Photo.select(*Photo.all_columns())
        .where((Photo.owner_type == owner_type) & (Photo.owner_id == owner_id) & (Photo.sha256 == digest))
        .first()
        .run()
    )
    return dict(row) if row else None


async def add_photo(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, *, caption: str | None, credit: str | None
) -> PhotoOut:
    photo, _ = await ingest_photo(media, actor, owner_type, owner_id, data, caption=caption, credit=credit)
    return photo


async def ingest_photo(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, *, caption: str | None, credit: str | None
) -> tuple[PhotoOut, bool]:
    """`add_photo`, also telling whether a new photo was created (False: the same file was already there)."""
    ensure_id(owner_id)
    await media.owners.check_edit(actor, owner_type, owner_id)
    caption = _text(caption, CAPTION_MAX, "caption")
    credit = _text(credit, CREDIT_MAX, "credit")
    kind = images.check_bytes(data, media.limits)  # the cheap refusals before hashing or decoding
    digest = await _sha256(data)
    existing = await _photo_by_hash(owner_type, owner_id, digest)
    if existing:
        return photo_out(existing), False
    processed = await anyio.to_thread.run_sync(images.process, data, media.limits)
    keys = {r.name: new_key(PUBLIC, r.ext, r.data) for r in processed.renditions}
    original_key = new_key(PRIVATE, ORIGINAL_EXT[kind])
    files = [(keys[r.name], r.data) for r in processed.renditions] + [(original_key, data)]
    await anyio.to_thread.run_sync(_write_files, media.storage, files)
    written = [key for key, _ in files]
    try:
        async with Photo._meta.db.transaction():
            existing = await _photo_by_hash(owner_type, owner_id, digest)
            if existing is None:
                last = (
                    await Photo.select(Photo.sort_order)
                    .where((Photo.owner_type == owner_type) & (Photo.owner_id == owner_id))
                    .order_by(Photo.sort_order, ascending=False)
                    .first()
                    .run()
                )
                stamp = now()
                rows = (
                    await Photo.insert(
                        Photo(
                            owner_type=owner_type,
                            owner_id=owner_id,
                            sha256=digest,
                            source_format=processed.format,
                            byte_size=len(data),
                            width=processed.width,
                            height=processed.height,
                            caption=caption,
                            credit=credit,
                            sort_order=(last["sort_order"] + 1) if last else 0,
                            thumb_key=keys["thumb"],
                            medium_key=keys["medium"],
                            large_key=keys["large"],
                            original_key=original_key,
                            version=1,
                            created_by=actor.id,
                            created_at=stamp,
                            updated_at=stamp,
                        )
                    )
                    .returning(*Photo.all_columns())
                    .run()
                )
                row = dict(rows[0])
                await audit.record(
                    actor,
                    "photo.create",
                    "photo",
                    row["id"],
                    {"owner_type": owner_type, "owner_id": owner_id, "sha256": digest, "caption": caption},
                )
    except BaseException as exc:
        _remove_files(media.storage, written)  # no await: this must also happen when the task is being cancelled
        if isinstance(exc, Exception):
            # A concurrent upload of the same file may have won the unique index: answer with its photo.
            existing = await _photo_by_hash(owner_type, owner_id, digest)
            if existing:
                return photo_out(existing), False
        raise
    if existing is not None:
        await remove_files(media.storage, written)
        return photo_out(existing), False
    return photo_out(row), True


async def list_photos(owner_type: str, owner_id: int, *, blind: bool = False) -> list[PhotoOut]:
    rows = (
        await Photo.select(*Photo.all_columns())
        .where((Photo.owner_type == owner_type) & (Photo.owner_id == owner_id))
        .order_by(Photo.sort_order)
        .order_by(Photo.id)
        .run()
    )
    return [photo_out(dict(r), blind=blind) for r in rows]


async def _photo_row(media: Media, photo_id: int) -> dict[str, Any]:
    ensure_id(photo_id, "Ảnh")
    row = await Photo.select(*Photo.all_columns()).where(Photo.id == photo_id).first().run()
    ensure_found(row is not None and media.owners.is_registered(row["owner_type"]), "Ảnh")
    assert row is not None
    return dict(row)


async def get_photo(media: Media, actor: Actor, photo_id: int) -> PhotoOut:
    row = await _photo_row(media, photo_id)
    await media.owners.check_view(actor, row["owner_type"], row["owner_id"])
    blind = await media.owners.is_blind(actor, row["owner_type"], row["owner_id"])
    return photo_out(row, blind=blind)


async def patch_photo(media: Media, actor: Actor, photo_id: int, data: PhotoPatch) -> PhotoOut:
    row = await _photo_row(media, photo_id)
    await media.owners.check_edit(actor, row["owner_type"], row["owner_id"])
    changes: dict[str, Any] = {}
    if data.caption is not UNSET:
        changes["caption"] = _text(data.caption, CAPTION_MAX, "caption")
    if data.credit is not UNSET:
        changes["credit"] = _text(data.credit, CREDIT_MAX, "credit")
    if data.order is not UNSET:
        changes["sort_order"] = data.order
    async with Photo._meta.db.transaction():
        updated = await update_versioned(Photo, dict[str, Any], photo_id, data.version, changes)
        await audit.record(actor, "photo.update", "photo", photo_id, audit.diff(row, changes))
    return photo_out(updated)


async def delete_photo(media: Media, actor: Actor, photo_id: int) -> None:
    row = await _photo_row(media, photo_id)
    await media.owners.check_edit(actor, row["owner_type"], row["owner_id"])
    async with Photo._meta.db.transaction():
        await Photo.delete().where(Photo.id == photo_id).run()
        await audit.record(
            actor,
            "photo.delete",
            "photo",
            photo_id,
            {"owner_type": row["owner_type"], "owner_id": row["owner_id"], "sha256": row["sha256"]},
        )
    await remove_files(media.storage, _photo_keys(row))


async def delete_photos_of(media: Media, owner_type: str, owner_id: int) -> None:
    """Remove an owner's photos. Inside the caller's transaction only the rows go (their files become
    orphans for `sweep_orphans`, since a rollback would need them); outside one, the files go too."""
    rows = (
        await Photo.delete()
        .where((Photo.owner_type == owner_type) & (Photo.owner_id == owner_id))
        .returning(*Photo.all_columns())
        .run()
    )
    if not Photo._meta.db.transaction_exists():
        await remove_files(media.storage, [key for row in rows for key in _photo_keys(dict(row))])


# --- attachments ----------------------------------------------------------------------------------


async def _attachment_by_hash(owner_type: str, owner_id: int, digest: str) -> dict[str, Any] | None:
    row = (
        await Attachment.select(*Attachment.all_columns())
        .where(
            (Attachment.owner_type == owner_type) & (Attachment.owner_id == owner_id) & (Attachment.sha256 == digest)
        )
        .first()
        .run()
    )
    return dict(row) if row else None


async def add_attachment(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, filename: str
) -> AttachmentOut:
    attachment, _ = await ingest_attachment(media, actor, owner_type, owner_id, data, filename)
    return attachment


async def ingest_attachment(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, filename: str | None
) -> tuple[AttachmentOut, bool]:
    ensure_id(owner_id)
    await media.owners.check_edit(actor, owner_type, owner_id)
    detected = attachments.check(data, media.max_attachment_bytes)
    name = attachments.display_name(filename, detected)
    digest = await _sha256(data)
    existing = await _attachment_by_hash(owner_type, owner_id, digest)
    if existing:
        return attachment_out(existing), False
    key = new_key(PRIVATE, detected.ext)
    await anyio.to_thread.run_sync(_write_files, media.storage, [(key, data)])
    try:
        async with Attachment._meta.db.transaction():
            rows = (
                await Attachment.insert(
                    Attachment(
                        owner_type=owner_type,
                        owner_id=owner_id,
                        kind=detected.kind.value,
                        filename=name,
                        content_type=detected.content_type,
                        byte_size=len(data),
                        sha256=digest,
                        storage_key=key,
                        created_by=actor.id,
                        created_at=now(),
                    )
                )
                .returning(*Attachment.all_columns())
                .run()
            )
            row = dict(rows[0])
            await audit.record(
                actor,
                "attachment.create",
                "attachment",
                row["id"],
                {"owner_type": owner_type, "owner_id": owner_id, "sha256": digest, "filename": name},
            )
    except BaseException as exc:
        _remove_files(media.storage, [key])
        if isinstance(exc, Exception):
            existing = await _attachment_by_hash(owner_type, owner_id, digest)
            if existing:
                return attachment_out(existing), False
        raise
    return attachment_out(row), True


async def list_attachments(owner_type: str, owner_id: int, *, blind: bool = False) -> list[AttachmentOut]:
    rows = (
        await Attachment.select(*Attachment.all_columns())
        .where((Attachment.owner_type == owner_type) & (Attachment.owner_id == owner_id))
        .order_by(Attachment.id)
        .run()
    )
    return [attachment_out(dict(r), blind=blind) for r in rows]


async def _attachment_row(media: Media, attachment_id: int) -> dict[str, Any]:
    ensure_id(attachment_id, "Tệp đính kèm")
    row = await Attachment.select(*Attachment.all_columns()).where(Attachment.id == attachment_id).first().run()
    ensure_found(row is not None and media.owners.is_registered(row["owner_type"]), "Tệp đính kèm")
    assert row is not None
    return dict(row)


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    content_type: str
    size: int
    # For a blind reader: a copy without the metadata naming its makers, served instead of `path`.
    content: bytes | None = None


async def download_attachment(media: Media, actor: Actor, attachment_id: int) -> Download:
    row = await _attachment_row(media, attachment_id)
    await media.owners.check_view(actor, row["owner_type"], row["owner_id"])
    blind = await media.owners.is_blind(actor, row["owner_type"], row["owner_id"])
    path = media.storage.path(row["storage_key"])
    ensure_found(path.is_file(), "Tệp đính kèm")
    name = attachment_name(row, blind=blind)
    if not blind:
        return Download(path, name, row["content_type"], row["byte_size"])
    content = await anyio.to_thread.run_sync(lambda: scrub.scrub(path.read_bytes(), row["content_type"]))
    return Download(path, name, row["content_type"], len(content), content)


async def delete_attachment(media: Media, actor: Actor, attachment_id: int) -> None:
    row = await _attachment_row(media, attachment_id)
    await media.owners.check_edit(actor, row["owner_type"], row["owner_id"])
    async with Attachment._meta.db.transaction():
        await Attachment.delete().where(Attachment.id == attachment_id).run()
        await audit.record(
            actor,
            "attachment.delete",
            "attachment",
            attachment_id,
            {"owner_type": row["owner_type"], "owner_id": row["owner_id"], "filename": row["filename"]},
        )
    await remove_files(media.storage, [row["storage_key"]])


async def delete_attachments_of(media: Media, owner_type: str, owner_id: int) -> None:
    """As `delete_photos_of`, for attachments."""
    rows = (
        await Attachment.delete()
        .where((Attachment.owner_type == owner_type) & (Attachment.owner_id == owner_id))
        .returning(Attachment.storage_key)
        .run()
    )
    if not Attachment._meta.db.transaction_exists():
        await remove_files(media.storage, [row["storage_key"] for row in rows])


# --- housekeeping ---------------------------------------------------------------------------------


def sweep_temp_files(storage: LocalStorage, min_age_seconds: float = 600) -> int:
    """Remove temporary files a crash left in the middle of a write (run at start-up).

    Only files older than `min_age_seconds`: another worker may be writing one right now."""
    cutoff = time.time() - min_age_seconds
    removed = 0
    for path in storage.root.glob("*/*/.*.tmp"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            log.warning("could not remove temporary media file %s", path)
    if removed:
        log.info("removed %d stale temporary media files", removed)
    return removed


async def sweep_orphans(media: Media, min_age_seconds: float = 3600) -> int:
    """Remove stored files no row names (left by crashes or by deletes inside a rolled-back transaction),
    and temp files, once they are older than `min_age_seconds`. Returns how many were removed."""
    referenced: set[str] = set()
    for row in await Photo.select(Photo.thumb_key, Photo.medium_key, Photo.large_key, Photo.original_key).run():
        referenced.update(row.values())
    for row in await Attachment.select(Attachment.storage_key).run():
        referenced.add(row["storage_key"])
    root = media.storage.root
    cutoff = time.time() - min_age_seconds

    def sweep() -> int:
        removed = 0
        for area in (PUBLIC, PRIVATE):
            for path in (root / area).glob("*/*"):
                key = f"{area}/{path.parent.name}/{path.name}"
                if key not in referenced and path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    return await anyio.to_thread.run_sync(sweep)
