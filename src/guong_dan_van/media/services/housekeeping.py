"""Housekeeping: files no row names any more, and temp files a crash left behind."""

from __future__ import annotations

import time

import anyio.to_thread

from guong_dan_van.media.services.media import Media, log
from guong_dan_van.media.storage import PRIVATE, PUBLIC, LocalStorage
from guong_dan_van.media.tables import Attachment, Photo


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
