from piccolo.conf.apps import AppConfig

from guong_dan_van.paths import migrations_folder
from guong_dan_van.registry.tables import Model, ModelCodeCounter, ModelYear, Replication

APP_CONFIG = AppConfig(
    app_name="registry",
    migrations_folder_path=migrations_folder("registry"),
    table_classes=[Model, ModelYear, Replication, ModelCodeCounter],
    migration_dependencies=["guong_dan_van.units.piccolo_app"],
    commands=[],
)
