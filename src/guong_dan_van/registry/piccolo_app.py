from pathlib import Path

from piccolo.conf.apps import AppConfig

from guong_dan_van.registry.tables import Model, ModelCodeCounter, ModelYear, Replication
from guong_dan_van.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="registry",
    migrations_folder_path=str(Path(PROJECT_ROOT, "migrations", "registry")),
    table_classes=[Model, ModelYear, Replication, ModelCodeCounter],
    migration_dependencies=["guong_dan_van.units.piccolo_app"],
    commands=[],
)
