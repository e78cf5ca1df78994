"""One row per file and owner: unique (owner_type, owner_id, sha256) on photos and attachments.

Raw SQL that both SQLite and PostgreSQL accept (SQLite cannot add a constraint to an existing table).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T13:52:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique file per owner"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="media", description=DESCRIPTION)

    async def unique_indexes() -> None:
        await Table.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS media_photo_owner_sha256 ON media_photo (owner_type, owner_id, sha256)"
        )
        await Table.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS media_attachment_owner_sha256 "
            "ON media_attachment (owner_type, owner_id, sha256)"
        )

    async def drop_unique_indexes() -> None:
        await Table.raw("DROP INDEX IF EXISTS media_photo_owner_sha256")
        await Table.raw("DROP INDEX IF EXISTS media_attachment_owner_sha256")

    manager.add_raw(unique_indexes)
    manager.add_raw_backwards(drop_unique_indexes)
    return manager
