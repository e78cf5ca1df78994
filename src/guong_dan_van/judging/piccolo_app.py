from piccolo.conf.apps import AppConfig

from guong_dan_van.judging.tables import (
    Assignment,
    Award,
    Conflict,
    LedgerEvent,
    Round,
    RoundJudge,
    Score,
    ShortlistEntry,
)
from guong_dan_van.paths import migrations_folder

APP_CONFIG = AppConfig(
    app_name="judging",
    migrations_folder_path=migrations_folder("judging"),
    table_classes=[Round, RoundJudge, Conflict, Assignment, Score, LedgerEvent, ShortlistEntry, Award],
    migration_dependencies=[
        "guong_dan_van.accounts.piccolo_app",
        "guong_dan_van.contest.piccolo_app",
        "guong_dan_van.units.piccolo_app",
    ],
    commands=[],
)
