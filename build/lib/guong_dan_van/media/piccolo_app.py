from piccolo.conf.apps import AppConfig

from guong_dan_van.media.tables import Attachment, Photo
from guong_dan_van.paths import migrations_folder

APP_CONFIG = AppConfig(
    app_name="media",
    migrations_folder_path=migrations_folder("media"),
    table_classes=[Photo, Attachment],
    migration_dependencies=[],
    commands=[],
)
