"""The indexer: applies the outbox to the index, one writer at a time, with retries; and the full rebuild.

The database is the source of truth. A change and its outbox row commit together; the indexer reads
outbox rows in order, reads the records' current state, writes the index, and only then deletes the rows
it applied. A crash anywhere leaves rows behind, which the next indexer applies again (idempotently).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import anyio
import anyio.to_thread

from guong_dan_van.core.clock import now
from guong_dan_van.db.conditions import ids_in
from guong_dan_van.search.documents import SearchDoc, doc_key
from guong_dan_van.search.engine import Batch, EngineDown, SearchEngine
from guong_dan_van.search.services.lease import release_lease, take_lease
from guong_dan_van.search.sources import AttachmentPath, Published, all_ids, count_all, entry_docs, model_docs
from guong_dan_van.search.tables import SearchOutbox

log = logging.getLogger(__name__)
BATCH = 5000
BATCHES_PER_STEP = 8
POLL_SECONDS = 0.2
MAX_BACKOFF = 10.0
STALE_SECONDS = 60


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Indexer:
    """The app's search engine with what building documents needs (composed by `create_app`)."""

    engine: SearchEngine
    published: Published
    attachment_path: AttachmentPath | None = None
    holder: str = field(default_factory=_holder)
    last_error: str | None = None
    failures: int = 0
    _writes: ThreadPoolExecutor | None = field(default=None, repr=False)

    async def docs_for(self, item_type: str, ids: Sequence[int]) -> list[SearchDoc]:
        if item_type == "model":
            return await model_docs(ids, self.published)
        return await entry_docs(ids, self.published, self.attachment_path)

    async def _prepare(self, rows: list[dict]) -> Batch:
        """The engine's form of these outbox rows: the records' current state, or their removal."""
        wanted: dict[str, set[int]] = {"model": set(), "entry": set()}
        for row in rows:
            wanted.setdefault(row["item_type"], set()).add(row["item_id"])
        docs: list[SearchDoc] = []
        gone: list[str] = []
        for item_type, ids in wanted.items():
            if not ids:
                continue
            found = await self.docs_for(item_type, sorted(ids))
            docs.extend(found)
            gone.extend(doc_key(item_type, i) for i in ids - {d.id for d in found})
        return await anyio.to_thread.run_sync(self.engine.prepare, docs, gone)

    def _start_write(self, batch: Batch) -> asyncio.Future[None]:
        """Write a batch in the one writing thread (batches are written in the order they are started)."""
        if self._writes is None:
            self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gdv-index-writer")
        return asyncio.get_running_loop().run_in_executor(self._writes, self.engine.write, batch)

    async def _settle(self, ids: list[int], writing: asyncio.Future[None]) -> int:
        """Wait for a batch's write; its outbox rows go only once it is in the index."""
        try:
            await writing
        except EngineDown:
            await (
                SearchOutbox.update({SearchOutbox.attempts: SearchOutbox.attempts + 1})
                .where(ids_in(SearchOutbox.id, ids))
                .run()
            )
            raise
        await SearchOutbox.delete().where(ids_in(SearchOutbox.id, ids)).run()
        return len(ids)

    async def _apply(self, rows: list[dict]) -> None:
        """Apply outbox rows to the index now, leaving the rows (the caller deletes them)."""
        await self._start_write(await self._prepare(rows))

    async def step(self) -> int:
        """One round when holding the lease: apply up to `BATCHES_PER_STEP` batches of outbox rows, each
        read and prepared while the one before commits (tantivy commits outside the GIL). Returns rows applied."""
        if not await take_lease(self.holder):
            await anyio.to_thread.run_sync(self.engine.release_writer)
            await anyio.to_thread.run_sync(self.engine.refresh)
            return 0
        applied = 0
        after = 0
        writing: tuple[list[int], asyncio.Future[None]] | None = None
        try:
            for _ in range(BATCHES_PER_STEP):
                rows = (
                    await SearchOutbox.select(SearchOutbox.id, SearchOutbox.item_type, SearchOutbox.item_id)
                    .where(SearchOutbox.id > after)
                    .order_by(SearchOutbox.id)
                    .limit(BATCH)
                    .run()
                )
                if not rows:
                    break
                after = rows[-1]["id"]
                batch = await self._prepare(rows)
                if writing is not None:
                    previous, writing = writing, None
                    applied += await self._settle(*previous)
                    await take_lease(self.holder)  # renewed while working
                writing = [r["id"] for r in rows], self._start_write(batch)
        except BaseException:
            if writing is not None:  # the batch in flight is settled, or left for a retry
                with contextlib.suppress(Exception):
                    await self._settle(*writing)
            raise
        if writing is not None:
            applied += await self._settle(*writing)
        if not applied:
            await anyio.to_thread.run_sync(self.engine.refresh)
        return applied

    async def drain(self) -> int:
        """Apply every outbox row now (tests, `gdv reindex` and the end of a rebuild use it)."""
        await anyio.to_thread.run_sync(self.engine.open)
        total = 0
        while n := await self.step():
            total += n
        return total

    async def run(self) -> None:
        """The worker loop of an app process: poll, apply, back off while the engine is down."""
        backoff = POLL_SECONDS
        while True:
            try:
                await anyio.to_thread.run_sync(self.engine.open)
                if self.engine.rebuild_needed:
                    log.warning("the search index was of an older layout: rebuilding it from the database")
                    await self.rebuild()
                applied = await self.step()
                self.last_error, self.failures, backoff = None, 0, POLL_SECONDS
                if applied:
                    continue
            except EngineDown as exc:
                self.failures += 1
                self.last_error = str(exc)
                backoff = min(MAX_BACKOFF, backoff * 2)
                log.warning("search indexing failed (%s), retrying in %.1fs", exc, backoff)
            except Exception as exc:  # the database itself may be briefly away: keep the worker alive
                self.failures += 1
                self.last_error = str(exc)
                backoff = min(MAX_BACKOFF, backoff * 2)
                log.exception("search indexer error")
            await anyio.sleep(backoff)

    async def stop(self) -> None:
        await release_lease(self.holder)
        if self._writes is not None:
            await anyio.to_thread.run_sync(self._writes.shutdown)
            self._writes = None
        await anyio.to_thread.run_sync(self.engine.close)

    async def status(self) -> str:
        """ "ok" when the index itself answers, the last indexing round worked and the outbox is not stuck."""
        try:
            await anyio.to_thread.run_sync(self.engine.open)
            await anyio.to_thread.run_sync(self.engine.count)
        except EngineDown:
            return "degraded"
        if self.last_error is not None:
            return "degraded"
        oldest = await SearchOutbox.select(SearchOutbox.created_at).order_by(SearchOutbox.id).first().run()
        if oldest is not None and (now() - oldest["created_at"]).total_seconds() > STALE_SECONDS:
            return "degraded"
        return "ok"

    async def rebuild(self, progress: Callable[[int, int], None] | None = None, batch: int = 1000) -> int:
        """Build a new index from the database beside the live one and swap it in, holding the lease."""
        while True:
            if await take_lease(self.holder):
                break
            await anyio.sleep(POLL_SECONDS)
        await anyio.to_thread.run_sync(self.engine.open)
        await anyio.to_thread.run_sync(self.engine.release_writer)
        total = await count_all()
        done = 0
        rebuild = await anyio.to_thread.run_sync(self.engine.rebuild)
        try:
            for item_type in ("model", "entry"):
                after = 0
                while ids := await all_ids(item_type, after, batch):
                    after = ids[-1]
                    docs = await self.docs_for(item_type, ids)
                    await anyio.to_thread.run_sync(rebuild.add, docs)
                    done += len(docs)
                    await take_lease(self.holder)  # renew while working
                    if progress:
                        progress(done, total)
            await anyio.to_thread.run_sync(rebuild.finish)
            self.engine.rebuild_needed = False
        except BaseException:
            await anyio.to_thread.run_sync(rebuild.abandon)
            raise
        finally:
            await release_lease(self.holder)
        return done
