from piccolo.conf.apps import AppConfig

from guong_dan_van.paths import migrations_folder
from guong_dan_van.units.tables import Unit

APP_CONFIG = AppConfig(
    app_name="units",
    migrations_folder_path=migrations_folder("units"),
    table_classes=[Unit],
    migration_dependencies=[],
    commands=[],
)
