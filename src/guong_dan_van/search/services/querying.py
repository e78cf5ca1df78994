"""Searching as a caller: their visibility goes into the engine query; snippets mark the original text."""

from __future__ import annotations

import anyio.to_thread

from guong_dan_van.core.errors import ServiceUnavailable
from guong_dan_van.core.permissions import Actor, Role, ensure_allowed
from guong_dan_van.judging.services.conflicts import round_conflicts
from guong_dan_van.judging.tables import Assignment
from guong_dan_van.search.documents import CONTENT_FIELDS, TEXT_FIELDS, Hit, SearchQuery, Visibility
from guong_dan_van.search.engine import EngineDown
from guong_dan_van.search.folding import query_terms
from guong_dan_van.search.schemas import SearchFilters, SearchItem, SearchOut
from guong_dan_van.search.services.indexer import Indexer
from guong_dan_van.search.snippets import make_snippet

SNIPPET_FIELDS = ("summary", "body", "attachments", "people", "outlet", "unit_name", "title")


async def judge_entry_ids(judge_id: int) -> tuple[int, ...]:
    """The entries a judge holds in some round without a conflict there (JUDGING.md: what a judge sees)."""
    rows = await Assignment.select(Assignment.round, Assignment.entry).where(Assignment.judge == judge_id).run()
    by_round: dict[int, set[int]] = {}
    for row in rows:
        by_round.setdefault(row["round"], set()).add(row["entry"])
    visible: set[int] = set()
    for round_id, entries in by_round.items():
        conflicts = await round_conflicts(round_id, [judge_id], entries)
        visible |= {e for e in entries if (judge_id, e) not in conflicts}
    return tuple(sorted(visible))


async def visibility_of(actor: Actor) -> Visibility:
    """Who finds what: the committee all; a unit its own records and submitted models; the media center
    also what is submitted, eligible (awarded) or published; a judge submitted models and the entries
    assigned to them, searched without authors, outlet or unit (blind rounds stay blind)."""
    if actor.is_admin:
        return Visibility(everything=True)
    own = (f"unit:{actor.unit_id}",) if actor.unit_id else ()
    if actor.role is Role.media:
        return Visibility(audiences=("all", "media", *own))
    if actor.role is Role.judge:
        return Visibility(audiences=("all",), entry_ids=await judge_entry_ids(actor.id), content_only=True)
    return Visibility(audiences=("all", *own))


async def search_items(indexer: Indexer, actor: Actor, filters: SearchFilters) -> SearchOut:
    terms = tuple(query_terms(filters.q))
    visibility = await visibility_of(actor)
    facets = filters.facets
    if visibility.content_only:
        # Who submitted a work is what a blind round hides: no filter and no count by unit for a judge.
        ensure_allowed(filters.unit_id is None, "Giám khảo không tìm theo đơn vị gửi tác phẩm (vòng chấm kín).")
        facets = tuple(f for f in facets if f != "unit_id")
    query = SearchQuery(
        terms=terms,
        visibility=visibility,
        filters=filters.engine_filters(),
        facets=facets,
        limit=filters.limit,
        offset=filters.offset,
    )
    allowed = CONTENT_FIELDS if visibility.content_only else tuple(TEXT_FIELDS)
    fields = [f for f in SNIPPET_FIELDS if f in allowed]

    def snippet(hit: Hit) -> str:
        return make_snippet(hit.texts, terms, fields, hit.folded)

    try:
        result = await anyio.to_thread.run_sync(indexer.engine.search, query, snippet)
    except EngineDown as exc:
        raise ServiceUnavailable("Tìm kiếm tạm thời không dùng được; dữ liệu vẫn được lưu an toàn.") from exc
    items = [
        SearchItem(
            type=hit.type,
            id=hit.id,
            title=hit.texts.get("title", ""),
            snippet=hit.snippet,
            score=round(hit.score, 4),
        )
        for hit in result.hits
    ]
    return SearchOut(
        items=items, total=result.total, facets={name: result.facets.get(name, {}) for name in filters.facets}
    )
