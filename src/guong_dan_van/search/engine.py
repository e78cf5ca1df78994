"""The port every search engine implements: the embedded tantivy index or Meilisearch.

Engines are synchronous objects (both libraries are); the services call them in a worker thread.
`Rebuild` is a fresh index filled beside the live one and swapped in at the end, so the app keeps
answering from the old index while `gdv reindex` runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from guong_dan_van.search.documents import SearchDoc, SearchQuery, SearchResult, Snippeter


class EngineDown(Exception):
    """The engine cannot be reached or its index cannot be read or written."""


@dataclass
class Batch:
    """A change in the engine's own form, made by `prepare` (pure work) and applied by `write`."""

    gone: Sequence[str] = ()
    docs: list[Any] = field(default_factory=list)


class Rebuild(Protocol):
    def add(self, docs: Sequence[SearchDoc]) -> None: ...

    def finish(self) -> None:
        """Make the new index the live one."""

    def abandon(self) -> None: ...


class SearchEngine(Protocol):
    name: str
    # The live index cannot be brought up to date change by change (it was built by an older layout and
    # replaced by an empty one): the indexer rebuilds it from the database.
    rebuild_needed: bool

    def open(self) -> None:
        """Create the index (with its settings) when missing; raise `EngineDown` when it cannot."""

    def prepare(self, docs: Sequence[SearchDoc], gone: Sequence[str] = ()) -> Batch:
        """Documents to add or replace and keys to remove, in the engine's form: no I/O, so the indexer
        prepares a batch while the one before is still being written."""

    def write(self, batch: Batch) -> None:
        """Apply a prepared batch (removals first) and make it durable; raise `EngineDown` when it cannot."""

    def upsert(self, docs: Sequence[SearchDoc]) -> None:
        """`write(prepare(docs))`."""

    def delete(self, keys: Sequence[str]) -> None:
        """`write(prepare((), keys))`."""

    def search(self, query: SearchQuery, snippet: Snippeter | None = None) -> SearchResult:
        """The top hits, each with `snippet(hit)` when given, the total and the facet counts asked for."""

    def count(self) -> int:
        """How many documents the live index holds; raises `EngineDown` when it cannot tell."""

    def refresh(self) -> None:
        """Look at the latest committed state (and at a swapped-in index)."""

    def rebuild(self) -> Rebuild: ...

    def release_writer(self) -> None:
        """Let go of write access (another process becomes the writer)."""

    def close(self) -> None: ...
