from piccolo.conf.apps import AppConfig

from guong_dan_van.paths import migrations_folder
from guong_dan_van.search.tables import SearchLease, SearchOutbox

APP_CONFIG = AppConfig(
    app_name="search",
    migrations_folder_path=migrations_folder("search"),
    table_classes=[SearchOutbox, SearchLease],
    migration_dependencies=[],
    commands=[],
)
