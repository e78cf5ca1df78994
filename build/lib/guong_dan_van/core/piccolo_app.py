from piccolo.conf.apps import AppConfig

from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.paths import migrations_folder

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=migrations_folder("core"),
    table_classes=[AuditEntry],
    migration_dependencies=[],
    commands=[],
)
