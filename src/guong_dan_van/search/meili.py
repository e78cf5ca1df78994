"""The Meilisearch engine, through the official `meilisearch` client.

Documents carry their text folded (the same folding as the embedded engine) in the searched attributes and
the original in `texts`; the query is folded words joined by spaces, so no quote or minus a user types
reaches Meilisearch's syntax. Filters are built from validated values only. Settings (searchable,
filterable, sortable attributes, facets, typo tolerance) are applied before any document is added.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchError

from guong_dan_van.search.documents import (
    CONTENT_FIELDS,
    TEXT_FIELDS,
    Hit,
    SearchDoc,
    SearchQuery,
    SearchResult,
    Snippeter,
)
from guong_dan_van.search.engine import Batch, EngineDown
from guong_dan_van.search.folding import fold_text

INDEX = "gdv"
FILTERABLE = ["type", "field", "level", "years", "media_type", "unit_id", "status", "audience", "key", "published"]
ATTRIBUTE = {"year": "years"}  # API name → document attribute
SETTINGS: dict[str, Any] = {
    "searchableAttributes": list(TEXT_FIELDS),  # in weight order: Meilisearch ranks earlier attributes higher
    "filterableAttributes": FILTERABLE,
    "sortableAttributes": ["years", "id"],
    "displayedAttributes": ["key", "type", "id", "texts"],
    "faceting": {"maxValuesPerFacet": 100},
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
}
TASK_TIMEOUT_MS = 10_000


def to_meili(doc: SearchDoc) -> dict[str, Any]:
    out: dict[str, Any] = {name: fold_text(getattr(doc, name)) for name in TEXT_FIELDS}
    out.update(
        key=doc.key,
        type=doc.type,
        id=doc.id,
        field=doc.field,
        level=doc.level,
        years=doc.years,
        media_type=doc.media_type,
        unit_id=doc.unit_id,
        status=doc.status,
        published=doc.published,
        audience=doc.audience,
        texts={name: getattr(doc, name) for name in TEXT_FIELDS if getattr(doc, name)},
    )
    return out


def quoted(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def build_filter(query: SearchQuery) -> list[str]:
    """Meilisearch filter expressions (ANDed) from validated values, each value quoted."""
    parts = [f"{ATTRIBUTE.get(name, name)} = {quoted(value)}" for name, value in query.filters.items()]
    visibility = query.visibility
    if not visibility.everything:
        allowed = []
        if visibility.audiences:
            allowed.append("audience IN [" + ", ".join(quoted(a) for a in visibility.audiences) + "]")
        if visibility.entry_ids:
            allowed.append("key IN [" + ", ".join(quoted(f"entry-{i}") for i in visibility.entry_ids) + "]")
        parts.append("(" + " OR ".join(allowed) + ")" if allowed else 'key = "none" AND key != "none"')
    return parts


class MeiliEngine:
    name = "meilisearch"
    rebuild_needed = False  # settings are applied in place; documents never need a rebuild for them

    def __init__(self, url: str, key: str = "", *, index: str = INDEX, timeout: int = 5) -> None:
        self.client = meilisearch.Client(url, key or None, timeout=timeout)
        self.uid = index

    def _wait(self, task: Any) -> None:
        done = self.client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        if getattr(done, "status", "succeeded") == "failed":
            raise EngineDown(f"Meilisearch task failed: {getattr(done, 'error', None)}")

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (MeilisearchError, OSError, ValueError) as exc:
            raise EngineDown(f"Meilisearch: {exc}") from exc

    def _prepare(self, uid: str) -> None:
        try:
            self.client.get_index(uid)
        except MeilisearchError:
            self._wait(self.client.create_index(uid, {"primaryKey": "key"}))
        self._wait(self.client.index(uid).update_settings(dict(SETTINGS)))

    def open(self) -> None:
        self._call(self._prepare, self.uid)

    def prepare(self, docs: Sequence[SearchDoc], gone: Sequence[str] = ()) -> Batch:
        return Batch(gone=list(gone), docs=[to_meili(d) for d in docs])

    def write(self, batch: Batch) -> None:
        index = self.client.index(self.uid)
        if batch.gone:
            by_key = "key IN [" + ", ".join(quoted(k) for k in batch.gone) + "]"
            self._call(lambda: self._wait(index.delete_documents(filter=by_key)))
        if batch.docs:
            self._call(lambda: self._wait(index.add_documents(batch.docs, primary_key="key")))

    def upsert(self, docs: Sequence[SearchDoc]) -> None:
        self.write(self.prepare(docs))

    def delete(self, keys: Sequence[str]) -> None:
        self.write(self.prepare((), keys))

    def count(self) -> int:
        stats = self._call(self.client.index(self.uid).get_stats)
        return int(stats.number_of_documents)

    def refresh(self) -> None:
        self._call(self.client.get_index, self.uid)

    def search(self, query: SearchQuery, snippet: Snippeter | None = None) -> SearchResult:
        params: dict[str, Any] = {
            "limit": query.limit,
            "offset": query.offset,
            "filter": build_filter(query),
            "showRankingScore": True,
            "attributesToRetrieve": ["key", "type", "id", "texts"],
        }
        if query.facets:
            params["facets"] = [ATTRIBUTE.get(name, name) for name in query.facets]
        if query.visibility.content_only:
            params["attributesToSearchOn"] = list(CONTENT_FIELDS)
        answer = self._call(self.client.index(self.uid).search, " ".join(query.terms), params)
        hits = [
            Hit(type=h["type"], id=int(h["id"]), score=float(h.get("_rankingScore", 0.0)), texts=h.get("texts") or {})
            for h in answer.get("hits", [])
        ]
        distribution = answer.get("facetDistribution") or {}
        facets = {
            name: {
                str(k): int(v) for k, v in distribution.get(ATTRIBUTE.get(name, name), {}).items() if k not in ("", "0")
            }
            for name in query.facets
        }
        total = answer.get("estimatedTotalHits", answer.get("totalHits", len(hits)))
        if snippet is not None:
            for hit in hits:
                hit.snippet = snippet(hit)
        return SearchResult(hits=hits, total=int(total), facets=facets)

    def rebuild(self) -> MeiliRebuild:
        uid = f"{self.uid}_rebuild_{time.time_ns()}"
        self._call(self._prepare, uid)
        return MeiliRebuild(self, uid)

    def release_writer(self) -> None:
        return None

    def close(self) -> None:
        return None


class MeiliRebuild:
    def __init__(self, engine: MeiliEngine, uid: str) -> None:
        self.engine = engine
        self.uid = uid

    def add(self, docs: Sequence[SearchDoc]) -> None:
        index = self.engine.client.index(self.uid)
        self.engine._call(
            lambda: self.engine._wait(index.add_documents([to_meili(d) for d in docs], primary_key="key"))
        )

    def finish(self) -> None:
        client = self.engine.client
        self.engine._call(lambda: self.engine._wait(client.swap_indexes([{"indexes": [self.engine.uid, self.uid]}])))
        self.abandon()

    def abandon(self) -> None:
        self.engine._call(lambda: self.engine._wait(self.engine.client.delete_index(self.uid)))
