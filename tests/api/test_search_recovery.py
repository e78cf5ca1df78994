"""The database is the source of truth: a crash between commit and indexing, an engine outage and a full
rebuild while serving lose nothing; the worker in the app's lifespan applies changes by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx
import tantivy
from click.testing import CliRunner
from litestar import Litestar
from piccolo.engine.base import Engine

from guong_dan_van.app import create_app
from guong_dan_van.cli import main as gdv
from guong_dan_van.core.permissions import Role
from guong_dan_van.db import PooledSQLiteEngine
from guong_dan_van.search.documents import SearchQuery, Visibility
from guong_dan_van.search.tables import SearchOutbox
from guong_dan_van.search.tantivy_layout import LAYOUT
from guong_dan_van.settings import Settings
from tests.api.search_helpers import drain, found, indexer_of, pending, search
from tests.conftest import model_body

LoginAs = Any


async def make_models(client: httpx.AsyncClient, headers: dict[str, str], n: int, title: str) -> list[int]:
    ids = []
    for i in range(n):
        r = await client.post("/api/models", json=model_body(title=f"{title} số {i + 1}"), headers=headers)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def client_of(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")


async def test_after_a_crash_between_commit_and_indexing_the_next_app_catches_up(
    db: Engine, settings: Settings, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    ids = await make_models(client, unit, 3, "Bếp ăn tình thương")
    assert await pending() == 3  # committed; the app "dies" before its worker runs
    restarted = create_app(settings, engine=db, manage_engine=False)
    indexer = indexer_of(restarted)
    async with client_of(restarted) as again, anyio.create_task_group() as tasks:
        tasks.start_soon(indexer.run)  # the worker the lifespan starts
        with anyio.fail_after(30):
            while True:
                if not await pending():
                    break
                await anyio.sleep(0.05)
        tasks.cancel_scope.cancel()
        assert sorted(i for _, i in found(await search(again, unit, "bep an tinh thuong"))) == ids
    assert indexer.last_error is None


async def test_a_crash_after_indexing_but_before_the_outbox_is_cleared_is_applied_again_idempotently(
    app: Litestar, db: Engine, settings: Settings, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    [model_id] = await make_models(client, unit, 1, "Chợ phiên không rác")
    indexer = indexer_of(app)
    await anyio.to_thread.run_sync(indexer.engine.open)
    await indexer._apply([{"item_type": "model", "item_id": model_id}])  # indexed, then the process died …
    await anyio.to_thread.run_sync(indexer.engine.close)  # … and the OS let go of its index lock
    assert await pending() == 1
    restarted = create_app(settings, engine=db, manage_engine=False)
    assert await drain(restarted) == 1
    async with client_of(restarted) as again:
        assert found(await search(again, unit, "cho phien khong rac")) == [("model", model_id)]
    assert await anyio.to_thread.run_sync(indexer_of(restarted).engine.count) == 1


async def test_with_the_embedded_index_unusable_writes_succeed_and_health_says_degraded(
    app: Litestar, client: httpx.AsyncClient, settings: Settings, login_as: LoginAs
) -> None:
    folder = settings.data_dir / "search"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    folder.write_text("not an index")  # the index folder cannot be created or read
    unit = await login_as(Role.unit)
    [model_id] = await make_models(client, unit, 1, "Nhà văn hóa sáng đèn")
    health = await client.get("/health")
    assert health.json()["search"] == "degraded" and health.json()["database"] == "ok"
    r = await client.get("/api/search", params={"q": "nha van hoa"}, headers=unit)
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
    assert await pending() == 1  # kept for later
    folder.unlink()  # the engine is back
    await drain(app)
    assert found(await search(client, unit, "nha van hoa")) == [("model", model_id)]
    assert (await client.get("/health")).json()["search"] == "ok"


async def test_with_meilisearch_down_writes_succeed_and_health_says_degraded(
    db: Engine, tmp_path: Path, settings: Settings, login_as: LoginAs
) -> None:
    down = settings.with_(search_backend="meilisearch", meili_url="http://127.0.0.1:9")
    app = create_app(down, engine=db, manage_engine=False)
    async with client_of(app) as client:
        r = await client.post("/api/auth/login", json={"username": "x", "password": "y"})
        assert r.status_code in (400, 401)
        unit = await login_as(Role.unit)
        r = await client.post("/api/models", json=model_body(title="Mô hình khi mất tìm kiếm"), headers=unit)
        assert r.status_code == 201, r.text
        assert (await client.get("/health")).json()["search"] == "degraded"
        r = await client.get("/api/search", params={"q": "mo hinh"}, headers=unit)
        assert r.status_code == 503
    assert await pending() == 1


async def test_a_rebuild_swaps_in_a_new_index_while_the_old_one_keeps_answering(
    app: Litestar, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    ids = await make_models(client, unit, 12, "Đường hoa nông thôn mới")
    await drain(app)
    indexer = indexer_of(app)
    everything = Visibility(everything=True)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        # Mid-rebuild, the live (old) index still answers in full.
        seen.append(indexer.engine.search(SearchQuery(terms=("duong", "hoa"), visibility=everything)).total)

    assert await indexer.rebuild(progress, batch=5) == 12
    assert seen and all(n == 12 for n in seen)
    answer = await search(client, unit, "duong hoa", limit=50)
    assert sorted(i for _, i in found(answer)) == ids


def _database_url(db: Engine, settings: Settings) -> str:
    if isinstance(db, PooledSQLiteEngine):
        return f"sqlite:///{db.path}"
    config = db.config  # type: ignore[attr-defined]
    return f"postgresql://{config['user']}@{config['host']}:{config['port']}/{config['database']}"


async def test_gdv_reindex_rebuilds_from_the_database(
    app: Litestar, db: Engine, settings: Settings, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    ids = await make_models(client, unit, 3, "Quỹ khuyến học dòng họ")
    env = {
        "GDV_DATA_DIR": str(settings.data_dir),
        "GDV_DATABASE_URL": _database_url(db, settings),
        "GDV_MEDIA_DIR": str(settings.media_dir),
        "GDV_SECRET_KEY": "k",
    }
    result = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(gdv, ["reindex"], env=env))
    assert result.exit_code == 0, result.output
    assert "Đã lập chỉ mục 3 mục" in result.output
    # The app reads the swapped-in index (its own outbox rows, applied again, change nothing).
    assert sorted(i for _, i in found(await search(client, unit, "quy khuyen hoc"))) == ids


async def test_an_index_of_an_older_layout_is_rebuilt_by_the_worker_and_never_read_as_it_is(
    db: Engine, settings: Settings, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    ids = await make_models(client, unit, 2, "Tủ sách cộng đồng")
    # What an earlier version left behind: a generation without a LAYOUT file, of another schema, holding
    # nothing of the above, and no outbox rows left to apply.
    folder = settings.data_dir / "search"
    old = folder / "gen-1"
    old.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True)
    tantivy.Index(builder.build(), path=str(old))
    (folder / "CURRENT").write_text("gen-1")
    await SearchOutbox.delete(force=True).run()
    upgraded = create_app(settings, engine=db, manage_engine=False)
    indexer = indexer_of(upgraded)
    async with client_of(upgraded) as again, anyio.create_task_group() as tasks:
        tasks.start_soon(indexer.run)
        with anyio.fail_after(30):
            while True:
                if len(found(await search(again, unit, "tu sach cong dong"))) == 2:
                    break
                await anyio.sleep(0.05)
        tasks.cancel_scope.cancel()
    assert sorted(i for _, i in found(await search(client, unit, "tu sach cong dong"))) == ids
    assert indexer.engine.rebuild_needed is False
    assert (folder / "CURRENT").read_text().strip() != "gen-1"
    assert (folder / (folder / "CURRENT").read_text().strip() / "LAYOUT").read_text() == LAYOUT


async def test_batches_are_written_in_order_while_the_next_one_is_read_and_a_failed_write_keeps_its_rows(
    app: Litestar, client: httpx.AsyncClient, login_as: LoginAs, monkeypatch: Any
) -> None:
    """Outbox rows in several batches: each batch is read while the one before commits, the last change of
    a record wins, and when a write fails its rows (and those after it) stay for the retry."""
    from guong_dan_van.search.services import indexer as indexer_module

    monkeypatch.setattr(indexer_module, "BATCH", 2)
    unit = await login_as(Role.unit)
    ids = await make_models(client, unit, 5, "Vườn rau sạch")
    first = await client.get(f"/api/models/{ids[0]}", headers=unit)
    assert first.status_code == 200, first.text
    r = await client.patch(
        f"/api/models/{ids[0]}",
        json={"title": "Vườn cây ăn quả", "version": first.json()["version"]},
        headers=unit,
    )
    assert r.status_code == 200, r.text
    assert await pending() == 6  # five creations, then the first model's new title, in three batches
    indexer = indexer_of(app)
    written: list[list[str]] = []
    real_write = indexer.engine.write

    def failing_third(batch: Any) -> None:
        written.append(sorted(batch.gone))
        if len(written) == 3:
            raise indexer_module.EngineDown("disk full")
        real_write(batch)

    monkeypatch.setattr(indexer.engine, "write", failing_third)
    await anyio.to_thread.run_sync(indexer.engine.open)
    try:
        await indexer.step()
    except indexer_module.EngineDown:
        pass
    else:
        raise AssertionError("the failed write must reach the worker, which backs off and retries")
    keys = [f"model-{i}" for i in ids]
    assert written == [sorted(keys[0:2]), sorted(keys[2:4]), sorted([keys[4], keys[0]])]
    assert await pending() == 2  # the failed batch's rows stay, counted as an attempt
    attempts = await SearchOutbox.select(SearchOutbox.attempts).run()
    assert [row["attempts"] for row in attempts] == [1, 1]
    monkeypatch.setattr(indexer.engine, "write", real_write)
    assert await drain(app) == 2
    assert await pending() == 0
    assert found(await search(client, unit, "vuon cay an qua")) == [("model", ids[0])]
    assert sorted(found(await search(client, unit, "vuon rau sach"))) == [("model", i) for i in ids[1:]]
