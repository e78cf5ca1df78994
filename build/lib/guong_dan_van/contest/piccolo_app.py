from piccolo.conf.apps import AppConfig

from guong_dan_van.contest.tables import Contest, Edition, Entry, EntryAuthor, EntryModel
from guong_dan_van.paths import migrations_folder

APP_CONFIG = AppConfig(
    app_name="contest",
    migrations_folder_path=migrations_folder("contest"),
    table_classes=[Contest, Edition, Entry, EntryAuthor, EntryModel],
    migration_dependencies=[
        "guong_dan_van.units.piccolo_app",
        "guong_dan_van.accounts.piccolo_app",
        "guong_dan_van.registry.piccolo_app",
    ],
    commands=[],
)
