"""The embedded engine: a tantivy index in `<GDV_DATA_DIR>/search/<generation>/`.

Text is folded (search/folding.py) before tantivy's default tokenizer sees it, so "duong", "Đường" and
"ĐƯỜNG" are one term. Queries are built as tantivy query objects from folded words — no user text goes
through a query parser. A word matches exactly (scored by BM25, weighted per field), as a prefix when it
is the last word, or with Meilisearch's typo budget (one from 5 letters, two from 9). All words must match.
`CURRENT` names the live generation; a rebuild fills a new generation and renames `CURRENT` over.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec
import tantivy

from guong_dan_van.search.documents import (
    CONTENT_FIELDS,
    EXTRA_FIELDS,
    TEXT_FIELDS,
    Hit,
    SearchDoc,
    SearchQuery,
    SearchResult,
    Snippeter,
    Visibility,
    doc_key,
)
from guong_dan_van.search.engine import EngineDown
from guong_dan_van.search.folding import fold_text, typo_budget

KEYWORD_FIELDS = ("type", "field", "level", "media_type", "status")
INT_FIELDS = ("id", "unit_id", "year", "published")
# Facets are counted from one column holding each document's combination of these values (a district has a
# few hundred combinations): one aggregation instead of one per facet, summed up per value in Python. The
# unit, with many values, has a column of its own, read only when asked for.
COMBINED = ("type", "field", "level", "status", "media_type")
SEPARATOR = "\x1f"
# Audiences some documents lack; a document lacking every audience a caller has is hidden from them.
SHARED_AUDIENCES = ("all", "media")
INDEXED_TEXT = ("content_all", "extra_all")
WEIGHTS = {"content_all": 1.0, "extra_all": 1.5}
# The title weighs by being in `content_all` this many times (a field of its own would cost a scorer per word).
TITLE_COPIES = 3
PREFIX_BOOST = 0.6
TYPO_BOOST = 0.3
# The last word stands for itself and for its commonest completions in the index, this many at most.
PREFIX_TERMS = 50
# Bumped whenever the schema changes: an index of another layout is rebuilt, never read with this code.
LAYOUT = "4"
_texts = msgspec.json.Decoder(dict[str, str])


def make_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    for name in (*KEYWORD_FIELDS, "audience", "lacks"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in INT_FIELDS:
        sb.add_integer_field(name, indexed=True, fast=name == "unit_id")
    sb.add_text_field("facets", fast=True, tokenizer_name="raw", index_option="basic")
    # Text is indexed once in two wide fields: what anyone searches (the title several times over, for its
    # weight), and names, outlet, unit and files, which a judge does not search.
    for name in INDEXED_TEXT:
        sb.add_text_field(name)
    sb.add_bytes_field("texts", stored=True)
    sb.add_bytes_field("folded", stored=True)
    return sb.build()


def to_tantivy(doc: SearchDoc) -> tantivy.Document:
    folded = {name: fold_text(getattr(doc, name)) for name in TEXT_FIELDS}
    out = tantivy.Document(
        key=doc.key,
        id=doc.id,
        published=int(doc.published),
        texts=msgspec.json.encode({name: getattr(doc, name) for name in TEXT_FIELDS if getattr(doc, name)}),
        folded=msgspec.json.encode({name: text for name, text in folded.items() if text}),
        content_all=" \n ".join([*[folded["title"]] * (TITLE_COPIES - 1), *(folded[name] for name in CONTENT_FIELDS)]),
        extra_all=" \n ".join(folded[name] for name in EXTRA_FIELDS),
    )
    # Empty values are left out, so that no facet counts an empty bucket.
    for name in KEYWORD_FIELDS:
        if value := getattr(doc, name):
            out.add_text(name, value)
    if doc.unit_id:
        out.add_integer("unit_id", doc.unit_id)
    for audience in doc.audience:
        out.add_text("audience", audience)
    for audience in SHARED_AUDIENCES:
        if audience not in doc.audience:
            out.add_text("lacks", audience)
    for year in doc.years:
        out.add_integer("year", year)
    out.add_text("facets", combination(doc))
    return out


def combination(doc: SearchDoc) -> str:
    """The document's facet values in one string: the values of `COMBINED`, then its years."""
    return SEPARATOR.join([*(getattr(doc, name) for name in COMBINED), ",".join(map(str, doc.years))])


@lru_cache(maxsize=65536)
def _values(key: str) -> list[tuple[str, str]]:
    *values, years = key.split(SEPARATOR)
    pairs = [(name, value) for name, value in zip(COMBINED, values, strict=True) if value]
    return pairs + [("year", year) for year in years.split(",") if year]


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
        self._live().reload()

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

    def _write(self, docs: Sequence[SearchDoc], keys: Sequence[str]) -> None:
        with self._lock:
            current = self._current()
            if current is not None and current != self._generation:
                self._open_generation(current)
            writer = self._writer_for()
            try:
                for key in keys:
                    writer.delete_documents_by_term("key", key)
                for doc in docs:
                    writer.delete_documents_by_term("key", doc.key)
                    writer.add_document(to_tantivy(doc))
                writer.commit()
            except (OSError, ValueError, RuntimeError) as exc:
                self._drop_writer()
                raise EngineDown(f"indexing failed: {exc}") from exc
        self._live().reload()

    def upsert(self, docs: Sequence[SearchDoc]) -> None:
        self._write(docs, ())

    def delete(self, keys: Sequence[str]) -> None:
        self._write((), keys)

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
        built = build_query(self.schema, query, Words(searcher, query.visibility.content_only))
        pending: Future[dict[str, dict[str, int]]] | None = None
        if query.facets:
            # Counted beside the top-hits pass (tantivy releases the GIL), over the same matches.
            pending = self._facets_pool().submit(_facets, searcher, built, query.facets)
        try:
            # With facets asked for, the total comes from the facet pass (every document has one type), so
            # the top hits need not count every match.
            found = searcher.search(built, query.limit, count=not query.facets, offset=query.offset)
            hits = []
            for score, address in found.hits:
                stored = searcher.doc(address)
                key = stored.get_first("key")
                item_type, _, item_id = str(key).partition("-")
                hits.append(
                    Hit(
                        type=item_type,
                        id=int(item_id),
                        score=float(score),
                        texts=_texts.decode(stored.get_first("texts") or b"{}"),
                        folded=_texts.decode(stored.get_first("folded") or b"{}"),
                    )
                )
            if snippet is not None:  # while the facet pass still runs
                for hit in hits:
                    hit.snippet = snippet(hit)
            counts = pending.result() if pending is not None else {}
        except ValueError as exc:
            raise EngineDown(f"search failed: {exc}") from exc
        total = sum(counts.get("type", {}).values()) if query.facets else int(getattr(found, "count", 0) or 0)
        return SearchResult(hits=hits, total=total, facets={name: counts.get(name, {}) for name in query.facets})


def _layout(path: Path) -> str:
    try:
        return (path / "LAYOUT").read_text().strip()
    except OSError:
        return "1"


def _facets(searcher: Any, built: tantivy.Query, names: Sequence[str]) -> dict[str, dict[str, int]]:
    """Counts per value of each facet asked for, and of `type` (which gives the total), in one pass."""
    spec: dict[str, Any] = {"facets": {"terms": {"field": "facets", "size": 1_000_000}}}
    if "unit_id" in names:
        spec["unit_id"] = {"terms": {"field": "unit_id", "size": 100_000}}
    answer = searcher.aggregate(built, spec)
    wanted = {*names, "type"}
    out: dict[str, dict[str, int]] = {name: {} for name in wanted}
    for bucket in answer["facets"]["buckets"]:
        count = int(bucket["doc_count"])
        for name, value in _values(str(bucket["key"])):
            if name in wanted:
                counts = out[name]
                counts[value] = counts.get(value, 0) + count
    if "unit_id" in names:
        out["unit_id"] = {_bucket_key(b["key"]): int(b["doc_count"]) for b in answer["unit_id"]["buckets"]}
    return out


def _bucket_key(key: object) -> str:
    # Integer columns may come back as floats: "12", never "12.0".
    return str(int(key)) if isinstance(key, float) and key.is_integer() else str(key)


class Words:
    """What the index knows about the query's words, asked of the searcher of one search."""

    def __init__(self, searcher: Any, content_only: bool) -> None:
        self.searcher = searcher
        self.wide = ("content_all",) if content_only else ("content_all", "extra_all")

    def known(self, word: str) -> bool:
        return any(self.searcher.doc_freq(name, word) for name in self.wide)

    def completions(self, word: str, name: str) -> list[str]:
        """The commonest longer words of field `name` that begin with `word`."""
        found = self.searcher.terms_with_prefix(name, word, limit=PREFIX_TERMS + 1)
        return [term for term, _ in found if term != word][:PREFIX_TERMS]


Clause = tuple[tantivy.Occur, tantivy.Query]


def _filter(query: tantivy.Query) -> Clause:
    return tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)


def _word_options(schema: tantivy.Schema, word: str, words: Words, *, last: bool) -> list[Clause]:
    """A word as it matches, as alternatives: exactly (BM25, weighted by field), as a prefix when it is the
    last word, or, when the index does not hold it as typed, within Meilisearch's typo budget.

    A flat union of term queries, one per field, which tantivy evaluates fastest."""
    Q = tantivy.Query
    should = tantivy.Occur.Should
    options = [(should, Q.boost_query(Q.term_query(schema, name, word), WEIGHTS[name])) for name in words.wide]
    if last:
        for name in words.wide:
            options += [
                (should, Q.boost_query(Q.term_query(schema, name, term), PREFIX_BOOST))
                for term in words.completions(word, name)
            ]
    # Typos are forgiven where they are typos: a word the index holds as typed is not widened to its
    # neighbours ("thông" does not also find "thôn"); a word it does not hold gets Meilisearch's budget.
    budget = 0 if words.known(word) else typo_budget(word)
    if budget:
        for name in words.wide:
            fuzzy = Q.fuzzy_term_query(schema, name, word, budget, True, last)
            options.append((should, Q.boost_query(fuzzy, TYPO_BOOST)))
    return options


def _visibility(schema: tantivy.Schema, visibility: Visibility) -> Clause | None:
    """The caller's visibility as a clause: nothing for the committee; else, when the caller has a shared
    audience, the few documents hidden from them excluded (a small set, cheap to skip, and the words'
    union keeps tantivy's fastest path); else the documents they may see required."""
    Q = tantivy.Query
    if visibility.everything:
        return None
    shared = [a for a in visibility.audiences if a in SHARED_AUDIENCES]
    own = [a for a in visibility.audiences if a not in SHARED_AUDIENCES]
    keys = [doc_key("entry", i) for i in visibility.entry_ids]
    if shared:
        # Hidden: lacking every shared audience the caller has, and none of their own audiences or entries.
        hidden: list[Clause] = [(tantivy.Occur.Must, Q.term_query(schema, "lacks", a)) for a in shared]
        if own:
            hidden.append((tantivy.Occur.MustNot, Q.term_set_query(schema, "audience", own)))
        if keys:
            hidden.append((tantivy.Occur.MustNot, Q.term_set_query(schema, "key", keys)))
        return tantivy.Occur.MustNot, Q.boolean_query(hidden)
    allowed: list[Clause] = []
    if own:
        allowed.append((tantivy.Occur.Should, Q.term_set_query(schema, "audience", own)))
    if keys:
        allowed.append((tantivy.Occur.Should, Q.term_set_query(schema, "key", keys)))
    return _filter(Q.boolean_query(allowed) if allowed else Q.empty_query())


def build_query(schema: tantivy.Schema, query: SearchQuery, words: Words) -> tantivy.Query:
    """The tantivy query of folded words, filters and the caller's visibility; never parsed from text."""
    Q = tantivy.Query
    filters = [_filter(Q.term_query(schema, name, value)) for name, value in query.filters.items()]
    visibility = _visibility(schema, query.visibility)
    exclusions = [visibility] if visibility is not None and visibility[0] == tantivy.Occur.MustNot else []
    required = [visibility] if visibility is not None and not exclusions else []
    last = len(query.terms) - 1
    options = [_word_options(schema, word, words, last=k == last) for k, word in enumerate(query.terms)]
    if len(options) == 1 and not filters and not required:
        # One word and nothing required: its alternatives at the top, a plain union tantivy prunes best.
        return Q.boolean_query(options[0] + exclusions)
    clauses: list[Clause] = [(tantivy.Occur.Must, Q.boolean_query(o)) for o in options]
    if not options:
        clauses.append((tantivy.Occur.Must, Q.all_query()))
    return Q.boolean_query(clauses + filters + required + exclusions)


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
