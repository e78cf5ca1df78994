"""One settings object, read once from GDV_* environment variables (and a .env file)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

SEARCH_BACKENDS = ("embedded", "meilisearch")


class SettingsError(ValueError):
    """A GDV_* variable holds a value the app cannot use."""


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    media_dir: Path
    database_url: str
    secret_key: str
    search_backend: str = "embedded"
    meili_url: str = "http://127.0.0.1:7700"
    meili_key: str = ""
    debug: bool = False
    # Sessions: a token lives this long without use before it expires.
    session_hours: int = 12
    # Login throttling: failures allowed in the window, per username and per client address.
    login_window_minutes: int = 15
    login_max_failures_per_user: int = 10
    login_max_failures_per_address: int = 50
    # argon2id cost. Defaults follow RFC 9106's second recommended option (64 MiB, t=3);
    # tests lower them through the environment to stay fast.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    # Request bodies: JSON calls are small; uploads have their own larger cap.
    max_json_bytes: int = 1_000_000
    max_upload_bytes: int = 25_000_000
    max_image_pixels: int = 60_000_000
    # Contest attachments (PDF, MP3, MP4) have their own, larger cap.
    max_attachment_bytes: int = 200_000_000
    postgres_pool_max: int = 10
    cookie_secure: bool = False
    # Public pages (chuyên trang): how long a rendered page is reused in-process, and the max-age
    # proxies and browsers are told. The memo never outlives what Cache-Control already allows.
    public_memo_seconds: int = 5
    public_max_age: int = 60
    # The chuyên trang's own address (https://…, no trailing slash) for canonical links, Open Graph and
    # the sitemap; empty: taken from each request (fine behind a proxy that sets the Host header).
    public_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, env_file: Path | None = None) -> Settings:
        env: dict[str, str] = {}
        dotenv_path = env_file or Path.cwd() / ".env"
        if dotenv_path.is_file():
            env.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        env.update(os.environ if environ is None else environ)

        data_dir = _data_dir(env)
        media_dir = Path(env.get("GDV_MEDIA_DIR") or Path.cwd() / "media").resolve()
        database_url = _database_url(env, data_dir)
        search_backend = env.get("GDV_SEARCH_BACKEND") or "embedded"
        if search_backend not in SEARCH_BACKENDS:
            raise SettingsError(f"GDV_SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}")
        secret_key = env.get("GDV_SECRET_KEY") or ""
        if not secret_key:
            secret_key = _stored_secret(data_dir)
        return cls(
            data_dir=data_dir,
            media_dir=media_dir,
            database_url=database_url,
            secret_key=secret_key,
            search_backend=search_backend,
            meili_url=env.get("GDV_MEILI_URL") or "http://127.0.0.1:7700",
            meili_key=env.get("GDV_MEILI_KEY") or "",
            debug=_bool(env, "GDV_DEBUG", False),
            session_hours=_int(env, "GDV_SESSION_HOURS", 12),
            argon2_time_cost=_int(env, "GDV_ARGON2_TIME_COST", 3),
            argon2_memory_kib=_int(env, "GDV_ARGON2_MEMORY_KIB", 65536),
            max_upload_bytes=_int(env, "GDV_MAX_UPLOAD_BYTES", 25_000_000),
            max_image_pixels=_int(env, "GDV_MAX_IMAGE_PIXELS", 60_000_000),
            max_attachment_bytes=_int(env, "GDV_MAX_ATTACHMENT_BYTES", 200_000_000),
            postgres_pool_max=_int(env, "GDV_POSTGRES_POOL_MAX", 10),
            cookie_secure=_bool(env, "GDV_COOKIE_SECURE", False),
            public_memo_seconds=_int(env, "GDV_PUBLIC_MEMO_SECONDS", 5),
            public_max_age=_int(env, "GDV_PUBLIC_MAX_AGE", 60),
            public_url=(env.get("GDV_PUBLIC_URL") or "").rstrip("/"),
        )

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _data_dir(env: dict[str, str]) -> Path:
    """Data and media default to folders in the working directory (the checkout for `make run`)."""
    return Path(env.get("GDV_DATA_DIR") or Path.cwd() / "data").resolve()


def _database_url(env: dict[str, str], data_dir: Path) -> str:
    url = env.get("GDV_DATABASE_URL") or f"sqlite:///{data_dir / 'gdv.sqlite3'}"
    if not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError("GDV_DATABASE_URL must start with sqlite:/// or postgresql://")
    return url


def _stored_secret(data_dir: Path) -> str:
    """Without GDV_SECRET_KEY, keep a random key in the data folder so restarts keep sessions valid."""
    path = data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key)
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return key
