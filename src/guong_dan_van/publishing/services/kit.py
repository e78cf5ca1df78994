"""The story kit of a publication: its text as .docx, photos in their large rendition, captions and credits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import anyio.to_thread

from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.media.services import Media
from guong_dan_van.publishing.document import KitPhoto, KitText, story_zip
from guong_dan_van.publishing.schemas import ItemType
from guong_dan_van.publishing.services.content import story_content, story_photos
from guong_dan_van.publishing.services.queue import publication_row


@dataclass(frozen=True)
class Kit:
    filename: str
    data: bytes


def _slug(title: str, limit: int = 60) -> str:
    words = "".join(c if c.isalnum() else " " for c in fold_vietnamese(title)).split()
    return "-".join(words)[:limit].strip("-") or "tin-bai"


async def story_kit(media: Media, publication_id: int) -> Kit:
    row = await publication_row(publication_id)
    content = await story_content(row.item_type, row.item_id)
    photos: list[KitPhoto] = []
    for number, photo in enumerate(await story_photos(row.item_type, row.item_id), start=1):
        path = media.storage.path(photo.large_key)  # the large rendition: the original never leaves
        data = await anyio.to_thread.run_sync(path.read_bytes)
        photos.append(
            KitPhoto(
                f"{number:02d}-anh-{photo.id}{PurePosixPath(photo.large_key).suffix}", data, photo.caption, photo.credit
            )
        )
    text = KitText(
        title=content.title,
        summary=content.summary,
        facts=content.facts(),
        results=content.results,
        body=content.body,
        body_is_markdown=content.item_type is ItemType.model,
    )
    data = await anyio.to_thread.run_sync(story_zip, text, photos)
    return Kit(filename=f"bo-tin-bai-{publication_id}-{_slug(content.title)}.zip", data=data)
