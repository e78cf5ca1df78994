"""Test harness: every database test runs on a real SQLite file and on a real PostgreSQL server.

- `engine` is parametrised over both engines (session-scoped: migrations run once per engine).
  PostgreSQL tests create and drop their own database. Where no server answers they are skipped
  with the reason shown, except under CI=true, where a missing server is a failure.
- `db` empties every table before a test, so tests never see each other's rows.
- `client` sends real ASGI requests to a fresh app bound to the engine.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar
from piccolo.conf.apps import Finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import sort_table_classes

from guong_dan_van import db as gdv_db
from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import UserCreate
from guong_dan_van.app import create_app
from guong_dan_van.core.permissions import Role
from guong_dan_van.migrate import migrate
from guong_dan_van.settings import Settings
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UnitCreate, UnitKind

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("GDV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ENGINES = [e for e in os.environ.get("GDV_TEST_ENGINES", "sqlite,postgres").split(",") if e]


def make_settings(tmp: Path, database_url: str = "sqlite:///unused") -> Settings:
    return Settings(
        data_dir=tmp / "data",
        media_dir=tmp / "media",
        database_url=database_url,
        secret_key="test-secret-key-not-for-production",
        # Cheap hashing keeps the suite fast; production uses the RFC 9106 defaults.
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


async def _pg_available() -> str | None:
    try:
        conn = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
    await conn.close()
    return None


@pytest.fixture(scope="session", params=ENGINES)
async def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    kind = request.param
    if kind == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "gdv-test.sqlite3"
        eng = gdv_db.make_engine(make_settings(path.parent, f"sqlite:///{path}"))
        await gdv_db.start(eng)
        await migrate(eng)
        yield eng
        await gdv_db.stop(eng)
        return
    reason = await _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    name = f"gdv_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    eng = gdv_db.make_engine(make_settings(Path(tempfile.gettempdir()), f"{base}/{name}"), pool_max=5)
    try:
        await gdv_db.start(eng)
        await migrate(eng)
        yield eng
    finally:
        await gdv_db.stop(eng)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def db(engine: Engine) -> Engine:
    """A clean database on the current engine, which every table uses."""
    gdv_db.use(engine)
    tables = sort_table_classes(Finder().get_table_classes())
    if isinstance(engine, PostgresEngine):
        names = ", ".join(f'"{t._meta.tablename}"' for t in tables)
        await engine.run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        async with engine.transaction():
            # Self-references (unit.parent, unit.successor) are checked at commit, when all is empty.
            await engine.run_ddl("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                await engine.run_ddl(f'DELETE FROM "{table._meta.tablename}"')
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(db: Engine, settings: Settings) -> Litestar:
    return create_app(settings, engine=db, manage_engine=False)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """Real ASGI requests on the test's own event loop, so the engine's pool serves them directly.

    (Litestar's AsyncTestClient runs the app on a portal thread with another loop; asyncpg pools
    cannot cross loops.) The app's lifespan only binds the engine, which `db` has done already.
    """
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
        yield c


# --- data helpers ------------------------------------------------------------------------------

PASSWORD = "mat-khau-thu-nghiem"
# Cheap hashing for accounts made directly through the services (the app's own comes from its settings).
TEST_HASHER = Hasher(time_cost=1, memory_kib=1024)


async def make_unit(name: str = "Xã Tân Hòa", kind: UnitKind = UnitKind.commune, **kw: Any) -> int:
    return (await units.create_unit(None, UnitCreate(name=name, kind=kind, **kw))).id


async def make_user(username: str, role: Role, unit_id: int | None = None, full_name: str | None = None) -> int:
    user = await accounts.create_user(
        None,
        UserCreate(
            username=username,
            password=PASSWORD,
            full_name=full_name or username.title(),
            role=role,
            unit_id=unit_id,
        ),
        hasher=TEST_HASHER,
    )
    return user.id


async def login_headers(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()  # API tests use the bearer token; cookie behaviour is tested on its own
    return {"Authorization": f"Bearer {response.json()['token']}"}


LoginAs = Callable[..., Awaitable[dict[str, str]]]


@pytest.fixture
async def login_as(client: httpx.AsyncClient) -> LoginAs:
    """`await login_as(Role.unit, unit_id=...)` creates a user of that role and returns auth headers."""
    counter = {"n": 0}

    async def _login(role: Role, unit_id: int | None = None, username: str | None = None) -> dict[str, str]:
        counter["n"] += 1
        name = username or f"{role.value}{counter['n']}"
        if role is Role.unit and unit_id is None:
            unit_id = await make_unit(f"Đơn vị thử {counter['n']}")
        await make_user(name, role, unit_id)
        return await login_headers(client, name)

    return _login


@pytest.fixture
async def admin(login_as: LoginAs) -> dict[str, str]:
    return await login_as(Role.admin, username="bantochuc")


def model_body(**changes: Any) -> dict[str, Any]:
    """A valid body for `POST /api/models` (a unit editor's own unit unless `unit_id` is given)."""
    return {
        "title": "Thắp sáng đường quê",
        "kind": "collective",
        "field": "economy",
        "level": "grassroots",
        "summary": "Đoàn viên góp công lắp đèn năng lượng mặt trời dọc đường thôn.",
        **changes,
    }
