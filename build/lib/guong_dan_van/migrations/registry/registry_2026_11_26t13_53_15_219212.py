"""Unique pairs and composite indexes, as plain SQL.

SQLite cannot `ALTER TABLE ... ADD CONSTRAINT`, while `CREATE [UNIQUE] INDEX` reads the same on both engines.
A raw step runs before the other steps of its migration, hence its own migration after the tables exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T13:53:15:219212"
VERSION = "1.38.0"
DESCRIPTION = "unique pairs and composite indexes"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS model_year_model_year ON model_year (model, year)",
    "CREATE INDEX IF NOT EXISTS model_year_year_status_model ON model_year (year, status, model)",
    "CREATE UNIQUE INDEX IF NOT EXISTS model_replication_model_unit_year ON model_replication (model, unit, year)",
    "CREATE INDEX IF NOT EXISTS model_unit_status ON model (unit, status)",
)
BACKWARDS = (
    "DROP INDEX IF EXISTS model_year_model_year",
    "DROP INDEX IF EXISTS model_year_year_status_model",
    "DROP INDEX IF EXISTS model_replication_model_unit_year",
    "DROP INDEX IF EXISTS model_unit_status",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="registry", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="model_year"):
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
