from pathlib import Path

from piccolo.conf.apps import AppConfig

from guong_dan_van.accounts.tables import AuthSession, LoginAttempt, User
from guong_dan_van.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=str(Path(PROJECT_ROOT, "migrations", "accounts")),
    table_classes=[User, AuthSession, LoginAttempt],
    migration_dependencies=["guong_dan_van.units.piccolo_app"],
    commands=[],
)
