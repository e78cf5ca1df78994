"""The embedded engine: a tantivy index in `<GDV_DATA_DIR>/search/<generation>/`.

Its layout (schema, documents) is in search/tantivy_layout.py, its queries and facet counts in
search/tantivy_queries.py; here: opening, writing, reading. `CURRENT` names the live generation; a rebuild
fills a new generation and renames `CURRENT` over. A generation of another layout (an older version of the
app) is never read: a fresh one replaces it and the indexer rebuilds it from the database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import msgspec
import tantivy

from guong_dan_van.search.documents import (
    Hit,
    SearchDoc,
    SearchQuery,
    SearchResult,
    Snippeter,
)
from guong_dan_van.search.engine import Batch, EngineDown
from guong_dan_van.search.tantivy_layout import LAYOUT, make_schema, to_tantivy
from guong_dan_van.search.tantivy_queries import Sieve, Words, build_query, count_facets

_texts = msgspec.json.Decoder(dict[str, str])


class EmbeddedEngine:
    """One index folder; any process reads it, the one holding the indexing lease writes it."""

    name = "embedded"

    def __init__(self, root: Path, *, heap_bytes: int = 64_000_000) -> None:
        self.root = root
        self.heap_bytes = heap_bytes
        self.schema = make_schema()
        self._index: tantivy.Index | None = None
        self._generation: str | None = None
        self._writer: Any = None
        self._lock = threading.Lock()
        # Set when the live index was of an older layout and a fresh one replaced it: the indexer rebuilds.
        self.rebuild_needed = False
        # What meta.json was at the last reload by `refresh` (generation, inode, mtime, size).
        self._meta_seen: tuple[str, int, int, int] | None = None
        # Facet counts run beside the top-hits pass (tantivy releases the GIL): two passes, one wait.
        self._facet_pool: ThreadPoolExecutor | None = None

    # --- opening -------------------------------------------------------------------------------

    def _current(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise EngineDown(f"search folder unreadable: {exc}") from exc

    def _new_generation(self) -> tuple[str, tantivy.Index]:
        name = f"gen-{time.time_ns()}"
        path = self.root / name
        try:
            path.mkdir(parents=True)
            (path / "LAYOUT").write_text(LAYOUT)
            return name, tantivy.Index(self.schema, path=str(path))
        except (OSError, ValueError) as exc:
            raise EngineDown(f"cannot create the search index: {exc}") from exc

    def _point_current(self, generation: str) -> None:
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(generation)
        tmp.replace(self.root / "CURRENT")

    def open(self) -> None:
        with self._lock:
            current = self._current()
            if current is None:
                try:
                    self.root.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise EngineDown(f"cannot create the search folder: {exc}") from exc
                current, _ = self._new_generation()
                self._point_current(current)
            elif _layout(self.root / current) != LAYOUT:
                # Built by an older version: start a fresh index of this layout and have it rebuilt.
                current, _ = self._new_generation()
                self._point_current(current)
                self.rebuild_needed = True
            if current != self._generation or self._index is None:
                self._open_generation(current)

    def _open_generation(self, generation: str) -> None:
        path = self.root / generation
        try:
            index = tantivy.Index.open(str(path))
        except (OSError, ValueError) as exc:
            raise EngineDown(f"cannot open the search index {path}: {exc}") from exc
        self._drop_writer()
        self._index = index
        self._generation = generation

    def _live(self) -> tantivy.Index:
        if self._index is None:
            self.open()
        assert self._index is not None
        return self._index

    def refresh(self) -> None:
        current = self._current()
        if current is None or not (self.root / current).is_dir():
            with self._lock:
                self._index = None
                self._generation = None
            raise EngineDown("the search index is missing")
        if current != self._generation:
            with self._lock:
                self._open_generation(current)
        # A reload opens every segment anew (and empties their caches of stored documents): only when a
        # commit, here or in another process, replaced the index's meta.json since the last one.
        try:
            meta = os.stat(self.root / current / "meta.json")
        except OSError as exc:
            raise EngineDown(f"the search index is unreadable: {exc}") from exc
        seen = (current, meta.st_ino, meta.st_mtime_ns, meta.st_size)
        if seen != self._meta_seen:
            self._live().reload()
            self._meta_seen = seen

    def count(self) -> int:
        self.refresh()
        return int(self._live().searcher().num_docs)

    # --- writing -------------------------------------------------------------------------------

    def _writer_for(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self._live().writer(heap_size=self.heap_bytes, num_threads=1)
            except ValueError as exc:
                raise EngineDown(f"cannot write the search index: {exc}") from exc
        return self._writer

    def _drop_writer(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.rollback()
            self._writer = None

    def release_writer(self) -> None:
        with self._lock:
            self._drop_writer()

    def prepare(self, docs: Sequence[SearchDoc], gone: Sequence[str] = ()) -> Batch:
        return Batch(gone=[*gone, *(doc.key for doc in docs)], docs=[to_tantivy(doc) for doc in docs])

    def write(self, batch: Batch) -> None:
        if not batch.gone and not batch.docs:
            return
        with self._lock:
            current = self._current()
            if current is not None and current != self._generation:
                self._open_generation(current)
            writer = self._writer_for()
            try:
                for key in batch.gone:
                    writer.delete_documents_by_term("key", key)
                for doc in batch.docs:
                    writer.add_document(doc)
                writer.commit()
            except (OSError, ValueError, RuntimeError) as exc:
                self._drop_writer()
                raise EngineDown(f"indexing failed: {exc}") from exc
        self._live().reload()

    def upsert(self, docs: Sequence[SearchDoc]) -> None:
        self.write(self.prepare(docs))

    def delete(self, keys: Sequence[str]) -> None:
        self.write(self.prepare((), keys))

    def rebuild(self) -> EmbeddedRebuild:
        generation, index = self._new_generation()
        return EmbeddedRebuild(self, generation, index)

    def _swap(self, generation: str) -> None:
        with self._lock:
            previous = self._current()
            self._point_current(generation)
            self._open_generation(generation)
        # Keep the one before (a reader elsewhere may still hold it); remove older generations.
        for path in self.root.glob("gen-*"):
            if path.name not in {generation, previous}:
                shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            if self._facet_pool is not None:
                self._facet_pool.shutdown(wait=True)
                self._facet_pool = None
            self._drop_writer()
            self._index = None
            self._generation = None

    # --- reading -------------------------------------------------------------------------------

    def _facets_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._facet_pool is None:
                self._facet_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gdv-facets")
            return self._facet_pool

    def search(self, query: SearchQuery, snippet: Snippeter | None = None) -> SearchResult:
        searcher = self._live().searcher()
        words = Words(searcher, query.visibility.content_only)
        exact = build_query(self.schema, query, words)
        # With facets asked for, the total comes from the facet pass (every document has one type), so the
        # top hits need not count every match; and both passes may leave hidden documents to a sieve.
        sieve = Sieve.of(query.visibility) if query.facets else None
        loose = build_query(self.schema, query, words, hidden=True) if sieve is not None else exact
        pending: Future[dict[str, dict[str, int]]] | None = None
        if query.facets:
            # Counted beside the top-hits pass (tantivy releases the GIL), over the same matches.
            pending = self._facets_pool().submit(count_facets, searcher, loose, query.facets, sieve, exact)
        try:
            sifted = (
                _top_sifted(searcher, loose, sieve, query.limit) if sieve is not None and not query.offset else None
            )
            # Without a sieve, or with more hidden documents at the top than expected: asked exactly.
            hits, total = (sifted, 0) if sifted is not None else _top(searcher, exact, query, count=not query.facets)
            if snippet is not None:  # while the facet pass still runs
                for hit in hits:
                    hit.snippet = snippet(hit)
            counts = pending.result() if pending is not None else {}
        except ValueError as exc:
            raise EngineDown(f"search failed: {exc}") from exc
        if query.facets:
            total = sum(counts.get("type", {}).values())
        return SearchResult(hits=hits, total=total, facets={name: counts.get(name, {}) for name in query.facets})


def _hit(score: float, stored: Any) -> Hit:
    item_type, _, item_id = str(stored.get_first("key")).partition("-")
    return Hit(
        type=item_type,
        id=int(item_id),
        score=float(score),
        texts=_texts.decode(stored.get_first("texts") or b"{}"),
        folded=_texts.decode(stored.get_first("folded") or b"{}"),
    )


def _top(searcher: Any, built: tantivy.Query, query: SearchQuery, *, count: bool) -> tuple[list[Hit], int]:
    """The page of `query` and, when `count`, how many documents match."""
    found = searcher.search(built, query.limit, count=count, offset=query.offset)
    hits = [_hit(score, searcher.doc(address)) for score, address in found.hits]
    return hits, int(getattr(found, "count", 0) or 0)


# The first page is read from this many more top hits than it shows, hidden ones dropped as they come.
SIEVE_ROOM = 10


def _top_sifted(searcher: Any, loose: tantivy.Query, sieve: Sieve, limit: int) -> list[Hit] | None:
    """The caller's top hits from a query that still holds hidden documents, or None when more of them
    than `SIEVE_ROOM` stand among the best (the page is then asked for with the exclusion)."""
    room = limit + SIEVE_ROOM
    found = searcher.search(loose, room, count=False)
    hits: list[Hit] = []
    for score, address in found.hits:
        stored = searcher.doc(address)
        if sieve.shows(str(stored.get_first("facets"))):
            hits.append(_hit(score, stored))
            if len(hits) == limit:
                return hits
    return hits if len(found.hits) < room else None


def _layout(path: Path) -> str:
    try:
        return (path / "LAYOUT").read_text().strip()
    except OSError:
        return "1"


class EmbeddedRebuild:
    def __init__(self, engine: EmbeddedEngine, generation: str, index: tantivy.Index) -> None:
        self.engine = engine
        self.generation = generation
        self.writer = index.writer(heap_size=256_000_000, num_threads=1)

    def add(self, docs: Sequence[SearchDoc]) -> None:
        for doc in docs:
            self.writer.add_document(to_tantivy(doc))

    def finish(self) -> None:
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.engine._swap(self.generation)

    def abandon(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.rollback()
        shutil.rmtree(self.engine.root / self.generation, ignore_errors=True)
