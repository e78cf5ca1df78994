"""A round's status gets room for `finalized` (PostgreSQL; SQLite enforces no length), one shortlist place per entry and round, and one prize per entry of an edition, as plain SQL (see the
first raw step of judging for why these are indexes)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T17:54:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "judging: status finalized fits, one shortlist place per entry and round, one prize per entry"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_shortlist_round_entry ON judging_shortlist_entry (round, entry)",
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_award_edition_entry ON judging_award (edition, entry)",
)
BACKWARDS = (
    "DROP INDEX IF EXISTS judging_shortlist_round_entry",
    "DROP INDEX IF EXISTS judging_award_edition_entry",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="judging", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="judging_round"):
        pass

    async def run() -> None:
        if Raw._meta.db.engine_type == "postgres":
            await Raw.raw("ALTER TABLE judging_round ALTER COLUMN status TYPE VARCHAR(12)")
        for statement in STATEMENTS:
            await Raw.raw(statement)

    async def run_backwards() -> None:
        for statement in BACKWARDS:
            await Raw.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
