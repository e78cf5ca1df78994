"""The unit picker finds a unit by its code in any case: an index on `lower(code)`.

`CREATE INDEX` on an expression reads the same on SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index on lower(code) for the unit picker"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="units", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="unit"):
        pass

    async def run() -> None:
        await Raw.raw("CREATE INDEX IF NOT EXISTS unit_code_lower ON unit (lower(code))")

    async def run_backwards() -> None:
        await Raw.raw("DROP INDEX IF EXISTS unit_code_lower")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
