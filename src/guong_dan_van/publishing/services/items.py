"""The stories publishing knows: which models and entries may be published, their titles, and the
"stories to publish" view (recognised and exemplary models, awarded works, not yet published).

Awards belong to the results domain (issue #9). Publishing asks for them through a seam the app passes in
at composition, `awarded_entry_ids`; until it is wired, no entry counts as awarded (`no_awards`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable

from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.errors import FieldError, NotFound, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.core.schemas import Page
from guong_dan_van.publishing.schemas import Channel, ItemType, LiveChannel, PublicationStatus, StoryOut
from guong_dan_van.publishing.tables import Publication
from guong_dan_van.registry.schemas import ModelStatus, YearStatus
from guong_dan_van.registry.tables import Model, ModelYear

AwardedEntryIds = Callable[[], Awaitable[set[int]]]
"""The ids of entries that won a prize (any tier, any edition); the app passes the results domain's."""

# A model is worth a story once a year of it was recognised (or better) and it has not been discontinued.
RECOGNISED = (YearStatus.recognized.value, YearStatus.exemplary.value, YearStatus.proposed_for_award.value)
AWARDED = "awarded"


async def no_awards() -> set[int]:
    """The default seam: no awards exist yet, so no entry may be published."""
    return set()


async def recognised_years(model_ids: Iterable[int] | None = None) -> dict[int, list[tuple[int, str, dt.datetime]]]:
    """Per model, its recognised years as (year, status, decided at), oldest first."""
    query = ModelYear.select(
        ModelYear.model, ModelYear.year, ModelYear.status, ModelYear.reviewed_at, ModelYear.submitted_at
    ).where(ModelYear.status.is_in(list(RECOGNISED)))
    if model_ids is not None:
        ids = list(model_ids)
        if not ids:
            return {}
        query = query.where(ModelYear.model.is_in(ids))
    out: dict[int, list[tuple[int, str, dt.datetime]]] = {}
    for row in await query.order_by(ModelYear.year).run():
        out.setdefault(row["model"], []).append((row["year"], row["status"], row["reviewed_at"] or row["submitted_at"]))
    return out


async def _publishable_models(model_ids: list[int]) -> set[int]:
    """The models among these worth a story: recognised (RECOGNISED) in some year and not discontinued."""
    if not model_ids:
        return set()
    rows = (
        await Model.select(Model.id)
        .where(Model.id.is_in(model_ids), Model.status != ModelStatus.discontinued.value)
        .run()
    )
    recognised = await recognised_years(r["id"] for r in rows)
    return {r["id"] for r in rows if r["id"] in recognised}


async def publishable_among(pairs: Iterable[tuple[str, int]], awarded: AwardedEntryIds) -> set[tuple[str, int]]:
    """Which of these (item type, id) may be published, by `ensure_publishable`'s rule; the awards are
    asked only when an entry is among them."""
    wanted = list(pairs)
    model_ids = [i for t, i in wanted if t == ItemType.model.value]
    entry_ids = {i for t, i in wanted if t == ItemType.entry.value}
    out = {(ItemType.model.value, i) for i in await _publishable_models(model_ids)}
    if entry_ids:
        out.update((ItemType.entry.value, i) for i in entry_ids & await awarded())
    return out


async def ensure_publishable(item_type: ItemType, item_id: int, awarded: AwardedEntryIds) -> str:
    """The story's title when it may be published; 404 for an unknown item, 422 for one not (yet) worth it."""
    if item_type is ItemType.model:
        model = await Model.select(Model.title).where(Model.id == item_id).first().run()
        if model is None:
            raise NotFound("Mô hình không tồn tại.")
        if not await _publishable_models([item_id]):
            message = "Mô hình chưa được công nhận hoặc tiêu biểu nên chưa thể đưa vào hàng chờ đăng."
            raise RuleViolation(message, [FieldError(message, field="item_id", rule="not_publishable")])
        return str(model["title"])
    entry = await Entry.select(Entry.title).where(Entry.id == item_id).first().run()
    if entry is None:
        raise NotFound("Tác phẩm không tồn tại.")
    if item_id not in await awarded():
        message = "Tác phẩm chưa đoạt giải nên chưa thể đưa vào hàng chờ đăng."
        raise RuleViolation(message, [FieldError(message, field="item_id", rule="not_awarded")])
    return str(entry["title"])


async def titles_of(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The current title of each (item type, id), two queries for any number."""
    wanted: dict[str, list[int]] = {ItemType.model.value: [], ItemType.entry.value: []}
    for item_type, item_id in pairs:
        wanted[item_type].append(item_id)
    out: dict[tuple[str, int], str] = {}
    for item_type, table in ((ItemType.model.value, Model), (ItemType.entry.value, Entry)):
        if wanted[item_type]:
            rows = await table.select(table.id, table.title).where(table.id.is_in(wanted[item_type])).run()
            out.update({(item_type, r["id"]): r["title"] for r in rows})
    return out


async def _live_channels() -> tuple[set[tuple[str, int]], dict[tuple[str, int], list[LiveChannel]]]:
    """Stories published somewhere, and each story's live publications by channel."""
    rows = (
        await Publication.select(
            Publication.id, Publication.item_type, Publication.item_id, Publication.channel, Publication.status
        )
        .where(Publication.status != PublicationStatus.withdrawn.value)
        .order_by(Publication.id)
        .run()
    )
    published = {(r["item_type"], r["item_id"]) for r in rows if r["status"] == PublicationStatus.published.value}
    live: dict[tuple[str, int], list[LiveChannel]] = {}
    for r in rows:
        channel = LiveChannel(
            publication_id=r["id"], channel=Channel(r["channel"]), status=PublicationStatus(r["status"])
        )
        live.setdefault((r["item_type"], r["item_id"]), []).append(channel)
    return published, live


class ModelStoryRow(Row):
    id: int
    code: str
    title: str
    summary: str
    unit_name: str
    since: dt.datetime


# Recognised models (RECOGNISED), not discontinued, published on no channel; newest recognition first. In
# SQL, so that a province's ten thousand models are never read into Python to show a page of fifty or count them.
_MODEL_STORIES_FROM = (
    "FROM model m JOIN unit u ON u.id = m.unit "
    "JOIN (SELECT model, MAX(COALESCE(reviewed_at, submitted_at)) AS since FROM model_year "
    "WHERE status IN ('recognized', 'exemplary', 'proposed_for_award') GROUP BY model) r ON r.model = m.id "
    "WHERE m.status <> 'discontinued' AND NOT EXISTS (SELECT 1 FROM publishing_publication p "
    "WHERE p.item_type = 'model' AND p.item_id = m.id AND p.status = 'published')"
)
_MODEL_STORIES = (
    "SELECT m.id, m.code, m.title, m.summary, u.name AS unit_name, r.since "
    + _MODEL_STORIES_FROM
    + " ORDER BY r.since DESC, m.id DESC LIMIT {} OFFSET {}"
)
_MODEL_STORIES_COUNT = "SELECT COUNT(*) AS n " + _MODEL_STORIES_FROM


async def _model_stories(first: int, live: dict[tuple[str, int], list[LiveChannel]]) -> tuple[list[StoryOut], int]:
    """The first `first` model stories, newest first, and how many there are in all."""
    total = int((await Model.raw(_MODEL_STORIES_COUNT).run())[0]["n"])
    rows = typed_all(await Model.raw(_MODEL_STORIES, first, 0).run(), ModelStoryRow) if first else []
    years = await recognised_years(r.id for r in rows)
    stories = [
        StoryOut(
            item_type=ItemType.model,
            item_id=r.id,
            title=r.title,
            summary=r.summary,
            code=r.code,
            unit_name=r.unit_name,
            standing=years[r.id][-1][1],
            since=r.since,
            live=live.get((ItemType.model.value, r.id), []),
        )
        for r in rows
    ]
    return stories, total


async def _entry_stories(
    awarded: AwardedEntryIds, published: set[tuple[str, int]], live: dict[tuple[str, int], list[LiveChannel]]
) -> list[StoryOut]:
    ids = [i for i in await awarded() if (ItemType.entry.value, i) not in published]
    if not ids:
        return []
    rows = (
        await Entry.select(
            Entry.id,
            Entry.title,
            Entry.body,
            Entry.outlet,
            Entry.updated_at,
            Entry.submitted_by_unit.name.as_alias("unit_name"),
        )
        .where(Entry.id.is_in(ids))
        .run()
    )
    return [
        StoryOut(
            item_type=ItemType.entry,
            item_id=r["id"],
            title=r["title"],
            summary=(r["body"] or "")[:300],
            code=None,
            unit_name=r["unit_name"] or r["outlet"],
            standing=AWARDED,
            since=r["updated_at"],
            live=live.get((ItemType.entry.value, r["id"]), []),
        )
        for r in rows
    ]


async def list_stories(page: PageParams, awarded: AwardedEntryIds, item_type: ItemType | None = None) -> Page[StoryOut]:
    """Stories to publish: recognised and exemplary models and awarded works that are published on no
    channel yet, newest first (a model by its latest recognition, an entry by its last change).

    Entries are few (the awarded ones); models are paged in SQL: the first `offset + limit` of them are
    enough to merge with the entries and cut the page."""
    published, live = await _live_channels()
    stories: list[StoryOut] = []
    total = 0
    if item_type in (None, ItemType.model):
        models, total = await _model_stories(page.offset + page.limit, live)
        stories += models
    if item_type in (None, ItemType.entry):
        entries = await _entry_stories(awarded, published, live)
        stories += entries
        total += len(entries)
    stories.sort(key=lambda s: (s.since, s.item_type == ItemType.model, s.item_id), reverse=True)
    items = stories[page.offset : page.offset + page.limit]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
