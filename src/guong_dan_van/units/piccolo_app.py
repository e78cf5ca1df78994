from pathlib import Path

from piccolo.conf.apps import AppConfig

from guong_dan_van.settings import PROJECT_ROOT
from guong_dan_van.units.tables import Unit

APP_CONFIG = AppConfig(
    app_name="units",
    migrations_folder_path=str(Path(PROJECT_ROOT, "migrations", "units")),
    table_classes=[Unit],
    migration_dependencies=[],
    commands=[],
)
