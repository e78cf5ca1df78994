from pathlib import Path

from piccolo.conf.apps import AppConfig

from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(Path(PROJECT_ROOT, "migrations", "core")),
    table_classes=[AuditEntry],
    migration_dependencies=[],
    commands=[],
)
