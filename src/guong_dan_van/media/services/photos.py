"""Photos of any registered owner: ingest (checked, resized, stored once per owner), list, edit, delete."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from msgspec import UNSET

from guong_dan_van.core import audit
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_id
from guong_dan_van.core.repository import insert_audited, update_versioned
from guong_dan_van.core.text import clean_line
from guong_dan_van.media import images
from guong_dan_van.media.schemas import PhotoOut, PhotoPatch, Renditions
from guong_dan_van.media.services.media import (
    Media,
    MediaRows,
    delete_all_owned,
    delete_owned,
    find_by_hash,
    get_editable,
    get_viewable,
    list_owned,
    owned_by,
    sha256_of,
    store_once,
)
from guong_dan_van.media.storage import PRIVATE, PUBLIC, new_key
from guong_dan_van.media.tables import Photo, PhotoRow

MEDIA_URL = "/media/"
CAPTION_MAX = 1000
CREDIT_MAX = 300
ORIGINAL_EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


def url_for(key: str) -> str:
    return MEDIA_URL + key.removeprefix(PUBLIC + "/")


def photo_out(photo: PhotoRow, *, blind: bool = False) -> PhotoOut:
    return PhotoOut(
        id=photo.id,
        width=photo.width,
        height=photo.height,
        sha256=photo.sha256,
        caption=photo.caption,
        credit=None if blind else photo.credit,
        order=photo.sort_order,
        version=photo.version,
        renditions=Renditions(
            thumb=url_for(photo.thumb_key), medium=url_for(photo.medium_key), large=url_for(photo.large_key)
        ),
    )


def photo_keys(photo: PhotoRow) -> list[str]:
    return [photo.thumb_key, photo.medium_key, photo.large_key, photo.original_key]


PHOTOS = MediaRows(Photo, PhotoRow, "photo", "Ảnh", photo_keys, ("owner_type", "owner_id", "sha256"))


def _text(value: str | None, limit: int, field: str) -> str | None:
    if value is None:
        return None
    cleaned = clean_line(value)
    if len(cleaned) > limit:
        raise RuleViolation(
            "Thông tin ảnh chưa hợp lệ.", [FieldError(f"Tối đa {limit} ký tự.", field=field, rule="max_length")]
        )
    return cleaned or None


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
    digest = await sha256_of(data)
    existing = await find_by_hash(PHOTOS, owner_type, owner_id, digest)
    if existing:
        return photo_out(existing), False
    processed = await anyio.to_thread.run_sync(images.process, data, media.limits)
    keys = {r.name: new_key(PUBLIC, r.ext, r.data) for r in processed.renditions}
    original_key = new_key(PRIVATE, ORIGINAL_EXT[kind])
    files = [(keys[r.name], r.data) for r in processed.renditions] + [(original_key, data)]

    async def insert() -> PhotoRow:
        last = (
            await Photo.select(Photo.sort_order)
            .where(owned_by(Photo, owner_type, owner_id))
            .order_by(Photo.sort_order, ascending=False)
            .first()
            .run()
        )
        return await insert_audited(
            Photo,
            PhotoRow,
            {
                "owner_type": owner_type,
                "owner_id": owner_id,
                "sha256": digest,
                "source_format": processed.format,
                "byte_size": len(data),
                "width": processed.width,
                "height": processed.height,
                "caption": caption,
                "credit": credit,
                "sort_order": (last["sort_order"] + 1) if last else 0,
                "thumb_key": keys["thumb"],
                "medium_key": keys["medium"],
                "large_key": keys["large"],
                "original_key": original_key,
                "created_by": actor.id,
            },
            actor=actor,
            action="photo.create",
            changes={"owner_type": owner_type, "owner_id": owner_id, "sha256": digest, "caption": caption},
        )

    photo, created = await store_once(media, PHOTOS, (owner_type, owner_id), digest, files, insert)
    return photo_out(photo), created


async def list_photos(owner_type: str, owner_id: int, *, blind: bool = False) -> list[PhotoOut]:
    photos = await list_owned(PHOTOS, owner_type, owner_id, Photo.sort_order)
    return [photo_out(photo, blind=blind) for photo in photos]


async def get_photo(media: Media, actor: Actor, photo_id: int) -> PhotoOut:
    photo, blind = await get_viewable(media, actor, PHOTOS, photo_id)
    return photo_out(photo, blind=blind)


async def patch_photo(media: Media, actor: Actor, photo_id: int, data: PhotoPatch) -> PhotoOut:
    before = await get_editable(media, actor, PHOTOS, photo_id)
    changes: dict[str, Any] = {}
    if data.caption is not UNSET:
        changes["caption"] = _text(data.caption, CAPTION_MAX, "caption")
    if data.credit is not UNSET:
        changes["credit"] = _text(data.credit, CREDIT_MAX, "credit")
    if data.order is not UNSET:
        changes["sort_order"] = data.order
    async with Photo._meta.db.transaction():
        photo = await update_versioned(Photo, PhotoRow, photo_id, data.version, changes)
        await audit.record(actor, "photo.update", "photo", photo_id, audit.diff(before, changes))
    return photo_out(photo)


async def delete_photo(media: Media, actor: Actor, photo_id: int) -> None:
    await delete_owned(media, actor, PHOTOS, photo_id)


async def delete_photos_of(media: Media, owner_type: str, owner_id: int) -> None:
    """Remove an owner's photos (and their files, unless inside the caller's transaction: `delete_all_owned`)."""
    await delete_all_owned(media, PHOTOS, owner_type, owner_id)
