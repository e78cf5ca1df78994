"""Attachments (PDF, MP3, MP4) of any registered owner: ingest (checked by content, stored once per
owner), list, download, delete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread

from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import insert_audited
from guong_dan_van.media import filetypes, scrub
from guong_dan_van.media.schemas import AttachmentKind, AttachmentOut
from guong_dan_van.media.services.media import (
    Media,
    MediaRows,
    delete_all_owned,
    delete_owned,
    find_by_hash,
    get_viewable,
    list_owned,
    sha256_of,
    store_once,
)
from guong_dan_van.media.storage import PRIVATE, new_key
from guong_dan_van.media.tables import Attachment, AttachmentRow
from guong_dan_van.search.outbox import enqueue


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    content_type: str
    size: int
    # For a blind reader: a copy without the metadata naming its makers, served instead of `path`.
    content: bytes | None = None


def attachment_name(attachment: AttachmentRow, *, blind: bool = False) -> str:
    if blind:
        return f"tep-dinh-kem-{attachment.id}.{attachment.filename.rsplit('.', 1)[-1]}"
    return attachment.filename


def attachment_out(attachment: AttachmentRow, *, blind: bool = False) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.id,
        kind=AttachmentKind(attachment.kind),
        filename=attachment_name(attachment, blind=blind),
        size=attachment.byte_size,
        sha256=attachment.sha256,
        content_type=attachment.content_type,
        url=f"/api/attachments/{attachment.id}",
    )


def attachment_keys(attachment: AttachmentRow) -> list[str]:
    return [attachment.storage_key]


ATTACHMENTS = MediaRows(
    Attachment, AttachmentRow, "attachment", "Tệp đính kèm", attachment_keys, ("owner_type", "owner_id", "filename")
)


async def add_attachment(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, filename: str
) -> AttachmentOut:
    attachment, _ = await ingest_attachment(media, actor, owner_type, owner_id, data, filename)
    return attachment


async def ingest_attachment(
    media: Media, actor: Actor, owner_type: str, owner_id: int, data: bytes, filename: str | None
) -> tuple[AttachmentOut, bool]:
    """`add_attachment`, also telling whether a new attachment was created (False: the same file was there)."""
    ensure_id(owner_id)
    await media.owners.check_edit(actor, owner_type, owner_id)
    detected = filetypes.check(data, media.max_attachment_bytes)
    name = filetypes.display_name(filename, detected)
    digest = await sha256_of(data)
    existing = await find_by_hash(ATTACHMENTS, owner_type, owner_id, digest)
    if existing:
        return attachment_out(existing), False
    key = new_key(PRIVATE, detected.ext)

    async def insert() -> AttachmentRow:
        await enqueue(owner_type, owner_id)  # the PDF's text is searched with its entry
        return await insert_audited(
            Attachment,
            AttachmentRow,
            {
                "owner_type": owner_type,
                "owner_id": owner_id,
                "kind": detected.kind.value,
                "filename": name,
                "content_type": detected.content_type,
                "byte_size": len(data),
                "sha256": digest,
                "storage_key": key,
                "created_by": actor.id,
            },
            actor=actor,
            action="attachment.create",
            changes={"owner_type": owner_type, "owner_id": owner_id, "sha256": digest, "filename": name},
        )

    attachment, created = await store_once(media, ATTACHMENTS, (owner_type, owner_id), digest, [(key, data)], insert)
    return attachment_out(attachment), created


async def list_attachments(owner_type: str, owner_id: int, *, blind: bool = False) -> list[AttachmentOut]:
    attachments = await list_owned(ATTACHMENTS, owner_type, owner_id)
    return [attachment_out(attachment, blind=blind) for attachment in attachments]


async def download_attachment(media: Media, actor: Actor, attachment_id: int) -> Download:
    attachment, blind = await get_viewable(media, actor, ATTACHMENTS, attachment_id)
    path = media.storage.path(attachment.storage_key)
    ensure_found(path.is_file(), ATTACHMENTS.label)
    name = attachment_name(attachment, blind=blind)
    if not blind:
        return Download(path, name, attachment.content_type, attachment.byte_size)
    content = await anyio.to_thread.run_sync(lambda: scrub.scrub(path.read_bytes(), attachment.content_type))
    return Download(path, name, attachment.content_type, len(content), content)


async def delete_attachment(media: Media, actor: Actor, attachment_id: int) -> None:
    await delete_owned(media, actor, ATTACHMENTS, attachment_id)


async def delete_attachments_of(media: Media, owner_type: str, owner_id: int) -> None:
    """As `delete_photos_of`, for attachments."""
    await delete_all_owned(media, ATTACHMENTS, owner_type, owner_id)
