from pathlib import Path

from piccolo.conf.apps import AppConfig

from guong_dan_van.media.tables import Attachment, Photo
from guong_dan_van.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="media",
    migrations_folder_path=str(Path(PROJECT_ROOT, "migrations", "media")),
    table_classes=[Photo, Attachment],
    migration_dependencies=[],
    commands=[],
)
