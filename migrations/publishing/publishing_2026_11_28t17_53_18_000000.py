"""One live publication per story and channel, as a partial unique index (plain SQL, the same on both engines).

A withdrawn publication no longer counts, so the story can be queued on that channel again.
A raw step runs before the other steps of its migration, hence its own migration after the table exists.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T17:53:18:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: one live publication per story and channel"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS publishing_publication_live_item_channel"
    " ON publishing_publication (item_type, item_id, channel) WHERE status <> 'withdrawn'",
)
BACKWARDS = ("DROP INDEX IF EXISTS publishing_publication_live_item_channel",)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="publishing", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="publishing_publication"):
        pass

    async def run() -> None:
        for statement in STATEMENTS:
            await Raw.raw(statement)

    async def run_backwards() -> None:
        for statement in BACKWARDS:
            await Raw.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
