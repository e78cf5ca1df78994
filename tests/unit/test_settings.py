"""Settings come from GDV_* variables with safe defaults, and bad values are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from guong_dan_van.db import PooledSQLiteEngine, make_engine, postgres_config
from guong_dan_van.settings import Settings, SettingsError


def test_defaults_are_the_embedded_setup(tmp_path: Path) -> None:
    settings = Settings.from_env({"GDV_DATA_DIR": str(tmp_path)}, env_file=tmp_path / "none")
    assert settings.database_url == f"sqlite:///{tmp_path / 'gdv.sqlite3'}"
    assert settings.search_backend == "embedded"
    assert settings.is_sqlite
    # Without GDV_SECRET_KEY a random key is kept in the data folder, the same on the next start.
    assert len(settings.secret_key) > 40
    assert (
        Settings.from_env({"GDV_DATA_DIR": str(tmp_path)}, env_file=tmp_path / "none").secret_key == settings.secret_key
    )
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GDV_SEARCH_BACKEND=meilisearch\nGDV_SECRET_KEY=from-file\nGDV_SESSION_HOURS=4\n")
    settings = Settings.from_env({"GDV_DATA_DIR": str(tmp_path), "GDV_SESSION_HOURS": "8"}, env_file=env_file)
    assert settings.search_backend == "meilisearch"
    assert settings.secret_key == "from-file"
    assert settings.session_hours == 8


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GDV_DATABASE_URL": "mysql://x"}, "GDV_DATABASE_URL"),
        ({"GDV_SEARCH_BACKEND": "elastic"}, "GDV_SEARCH_BACKEND"),
        ({"GDV_SESSION_HOURS": "mười hai"}, "GDV_SESSION_HOURS"),
    ],
)
def test_bad_values_are_refused_by_name(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({"GDV_DATA_DIR": str(tmp_path), **env}, env_file=tmp_path / "none")


def test_database_url_chooses_the_engine(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"GDV_DATA_DIR": str(tmp_path), "GDV_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
        env_file=tmp_path / "none",
    )
    sqlite = make_engine(settings)
    assert isinstance(sqlite, PooledSQLiteEngine) and sqlite.path == str(tmp_path / "x.sqlite3")
    config = postgres_config("postgresql://gdv:b%C3%AD%20m%E1%BA%ADt@db.example:6543/gdv_prod")
    assert config == {"host": "db.example", "port": 6543, "database": "gdv_prod", "user": "gdv", "password": "bí mật"}
    assert postgres_config("postgres://db.example/")["user"] == "postgres"
