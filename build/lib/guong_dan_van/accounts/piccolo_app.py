from piccolo.conf.apps import AppConfig

from guong_dan_van.accounts.tables import AuthSession, LoginAttempt, User
from guong_dan_van.paths import migrations_folder

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=migrations_folder("accounts"),
    table_classes=[User, AuthSession, LoginAttempt],
    migration_dependencies=["guong_dan_van.units.piccolo_app"],
    commands=[],
)
