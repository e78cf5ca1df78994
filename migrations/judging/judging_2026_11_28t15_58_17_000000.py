"""Unique pairs and composite indexes of judging, as plain SQL.

SQLite cannot `ALTER TABLE ... ADD CONSTRAINT`, while `CREATE [UNIQUE] INDEX` reads the same on both engines.
A raw step runs before the other steps of its migration, hence its own migration after the tables exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T15:58:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "judging: one panel seat, assignment and score per pair, ledger sequence per round"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_round_judge_round_user ON judging_round_judge (round, \"user\")",
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_assignment_round_judge_entry"
    " ON judging_assignment (round, judge, entry)",
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_score_round_judge_entry ON judging_score (round, judge, entry)",
    "CREATE UNIQUE INDEX IF NOT EXISTS judging_ledger_event_round_seq ON judging_ledger_event (round, seq)",
    "CREATE INDEX IF NOT EXISTS judging_conflict_round_judge_entry ON judging_conflict (round, judge, entry)",
)
BACKWARDS = (
    "DROP INDEX IF EXISTS judging_round_judge_round_user",
    "DROP INDEX IF EXISTS judging_assignment_round_judge_entry",
    "DROP INDEX IF EXISTS judging_score_round_judge_entry",
    "DROP INDEX IF EXISTS judging_ledger_event_round_seq",
    "DROP INDEX IF EXISTS judging_conflict_round_judge_entry",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="judging", description=DESCRIPTION)

    # Defined here so that it binds to the engine in use now (tests migrate SQLite and PostgreSQL).
    class Raw(Table, tablename="judging_round"):
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
