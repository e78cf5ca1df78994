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

By subject: `media` (the `Media` settings, file writes, the lookups both kinds share), `photos`,
`attachments`, `housekeeping`.
"""

from guong_dan_van.media.services.attachments import (
    Download,
    add_attachment,
    attachment_out,
    delete_attachment,
    delete_attachments_of,
    download_attachment,
    ingest_attachment,
    list_attachments,
)
from guong_dan_van.media.services.housekeeping import sweep_orphans, sweep_temp_files
from guong_dan_van.media.services.media import Media
from guong_dan_van.media.services.photos import (
    add_photo,
    delete_photo,
    delete_photos_of,
    get_photo,
    ingest_photo,
    list_photos,
    patch_photo,
    photo_out,
)

__all__ = [
    "Download",
    "Media",
    "add_attachment",
    "add_photo",
    "attachment_out",
    "delete_attachment",
    "delete_attachments_of",
    "delete_photo",
    "delete_photos_of",
    "download_attachment",
    "get_photo",
    "ingest_attachment",
    "ingest_photo",
    "list_attachments",
    "list_photos",
    "patch_photo",
    "photo_out",
    "sweep_orphans",
    "sweep_temp_files",
]
