from piccolo.conf.apps import AppConfig

from guong_dan_van.paths import migrations_folder
from guong_dan_van.publishing.tables import Publication

APP_CONFIG = AppConfig(
    app_name="publishing",
    migrations_folder_path=migrations_folder("publishing"),
    table_classes=[Publication],
    migration_dependencies=[
        "guong_dan_van.core.piccolo_app",
        "guong_dan_van.registry.piccolo_app",
        "guong_dan_van.contest.piccolo_app",
    ],
    commands=[],
)
