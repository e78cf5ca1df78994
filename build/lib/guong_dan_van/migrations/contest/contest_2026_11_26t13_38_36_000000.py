"""Unique pairs and composite indexes of the press contest, as plain SQL.

SQLite cannot `ALTER TABLE ... ADD CONSTRAINT`, while `CREATE [UNIQUE] INDEX` reads the same on both engines.
A raw step runs before the other steps of its migration, hence its own migration after the tables exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T13:38:36:000000"
VERSION = "1.38.0"
DESCRIPTION = "press contest: unique entry-model links and composite indexes"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS contest_entry_model_entry_model ON contest_entry_model (entry, model)",
    "CREATE INDEX IF NOT EXISTS contest_entry_edition_status ON contest_entry (edition, status)",
    "CREATE INDEX IF NOT EXISTS contest_entry_unit_edition ON contest_entry (submitted_by_unit, edition)",
)
BACKWARDS = (
    "DROP INDEX IF EXISTS contest_entry_model_entry_model",
    "DROP INDEX IF EXISTS contest_entry_edition_status",
    "DROP INDEX IF EXISTS contest_entry_unit_edition",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="contest", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="contest_entry"):
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
