"""The publishing queue: put a story on a channel, schedule it, mark it published, withdraw it; list it.

Every change is one transaction with its audit record and an optimistic version (409 on a stale one).
The clock is `clock.now()`, read through this module so tests can set the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from guong_dan_van.core import audit, clock
from guong_dan_van.core.errors import Conflict, FieldError, NotFound, RuleViolation, StaleVersion
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, ensure_id
from guong_dan_van.core.repository import current_version, insert_audited, list_page, typed, update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.db.conditions import ids_in
from guong_dan_van.publishing.rules import (
    embargo_problem,
    is_public,
    moment_problem,
    schedule_problem,
    transition_problem,
)
from guong_dan_van.publishing.schemas import (
    CHANNEL_LABELS,
    Channel,
    ItemType,
    PatchStatus,
    PublicationCreate,
    PublicationOut,
    PublicationPatch,
    PublicationStatus,
)
from guong_dan_van.publishing.services.items import AwardedEntryIds, ensure_publishable, titles_of
from guong_dan_van.publishing.tables import Publication, PublicationRow
from guong_dan_van.search import outbox as search_outbox

STALE = "Tin bài đã được người khác sửa sau khi bạn mở nó. Hãy tải lại để xem bản mới nhất rồi làm lại."


@dataclass(frozen=True)
class PublicationFilters:
    channel: Channel | None = None
    status: PublicationStatus | None = None
    item_type: ItemType | None = None
    item_id: int | None = None


def publication_out(row: PublicationRow, title: str) -> PublicationOut:
    moment = clock.now()
    return PublicationOut(
        id=row.id,
        item_type=ItemType(row.item_type),
        item_id=row.item_id,
        title=title,
        channel=Channel(row.channel),
        status=PublicationStatus(row.status),
        scheduled_for=row.scheduled_for,
        embargo_until=row.embargo_until,
        published_at=row.published_at,
        published_url=row.published_url,
        withdrawn_at=row.withdrawn_at,
        created_by=row.created_by,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        public_now=is_public(row, moment),
        schedule_passed=row.status == PublicationStatus.scheduled.value
        and row.scheduled_for is not None
        and row.scheduled_for <= moment,
    )


async def _shape(row: PublicationRow) -> PublicationOut:
    titles = await titles_of([(row.item_type, row.item_id)])
    return publication_out(row, titles.get((row.item_type, row.item_id), ""))


def _already_live(channel: Channel) -> Conflict:
    message = f"Tin bài này đã có trên kênh {CHANNEL_LABELS[channel]} (chưa gỡ); mỗi kênh chỉ đưa một lần."
    return Conflict(message, [FieldError(message, field="channel", rule="duplicate")])


def _is_unique_violation(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "unique" in text


def _nothing() -> None:
    return None


async def create_publication(
    actor: Actor, data: PublicationCreate, awarded: AwardedEntryIds, changed: Callable[[], None] = _nothing
) -> PublicationOut:
    """Queue a story for a channel, or schedule it at once when `scheduled_for` is given. `changed` is called
    once the change is committed (the chuyên trang's change stamp)."""
    _check_moments(embargo_until=data.embargo_until, scheduled_for=data.scheduled_for)
    title = await ensure_publishable(data.item_type, data.item_id, awarded)
    problem = schedule_problem(data.scheduled_for, data.embargo_until, clock.now())
    if problem:
        raise RuleViolation(problem, [FieldError(problem, field="scheduled_for", rule="schedule")])
    live = (
        (Publication.item_type == data.item_type.value)
        & (Publication.item_id == data.item_id)
        & (Publication.channel == data.channel.value)
        & (Publication.status != PublicationStatus.withdrawn.value)
    )
    status = PublicationStatus.scheduled if data.scheduled_for else PublicationStatus.queued
    values: dict[str, Any] = {
        "item_type": data.item_type.value,
        "item_id": data.item_id,
        "channel": data.channel.value,
        "status": status.value,
        "scheduled_for": data.scheduled_for,
        "embargo_until": data.embargo_until,
        "created_by": actor.id,
    }
    try:
        async with Publication._meta.db.transaction():
            if await Publication.exists().where(live).run():
                raise _already_live(data.channel)
            row = await insert_audited(
                Publication, PublicationRow, values, actor=actor, action="publication.create", changes=values
            )
            await search_outbox.enqueue(row.item_type, row.item_id)
    except Conflict:
        raise
    except Exception as exc:
        # Two requests raced past the check: the partial unique index kept one of them out.
        if _is_unique_violation(exc):
            raise _already_live(data.channel) from None
        raise
    changed()
    return publication_out(row, title)


async def publication_row(publication_id: int) -> PublicationRow:
    ensure_id(publication_id, "Tin bài")
    row = await Publication.select().where(Publication.id == publication_id).first().run()
    if row is None:
        raise NotFound("Tin bài không tồn tại hoặc bạn không có quyền xem.")
    return typed(row, PublicationRow)


async def get_publication(publication_id: int) -> PublicationOut:
    return await _shape(await publication_row(publication_id))


async def list_publications(page: PageParams, filters: PublicationFilters) -> Page[PublicationOut]:
    """The queue, newest first."""
    conditions = []
    if filters.channel:
        conditions.append(Publication.channel == filters.channel.value)
    if filters.status:
        conditions.append(Publication.status == filters.status.value)
    if filters.item_type:
        conditions.append(Publication.item_type == filters.item_type.value)
    if filters.item_id:
        conditions.append(Publication.item_id == filters.item_id)
    result = await list_page(Publication, PublicationRow, page, conditions, order_by=[(Publication.id, False)])
    titles = await titles_of((r.item_type, r.item_id) for r in result.items)
    return result.map(lambda r: publication_out(r, titles.get((r.item_type, r.item_id), "")))


MOMENT_LABELS = {"embargo_until": "Hạn cấm đăng", "scheduled_for": "Lịch đăng"}


def _check_moments(**moments: dt.datetime | None) -> None:
    errors = [
        FieldError(problem, field=name, rule="moment")
        for name, moment in moments.items()
        if (problem := moment_problem(moment, MOMENT_LABELS[name]))
    ]
    if errors:
        raise RuleViolation(errors[0].message, errors)


def _refuse(message: str, field: str, rule: str) -> RuleViolation:
    return RuleViolation(message, [FieldError(message, field=field, rule=rule)])


def _changes(row: PublicationRow, data: PublicationPatch) -> dict[str, Any]:
    """The columns the patch writes, after every rule of the state machine, the embargo and the schedule."""
    now = clock.now()
    problem = transition_problem(row.status, data.status.value)
    if problem:
        raise Conflict(problem, [FieldError(problem, field="status", rule="transition")])
    if data.published_url is not None and data.status is not PatchStatus.published:
        raise _refuse("Chỉ ghi đường dẫn bài đã đăng khi đánh dấu đã đăng.", "published_url", "not_published")
    if data.scheduled_for is not None and data.status is not PatchStatus.scheduled:
        raise _refuse("Chỉ chọn thời điểm đăng khi lên lịch.", "scheduled_for", "not_scheduled")
    values: dict[str, Any] = {"status": data.status.value}
    if data.status is PatchStatus.scheduled:
        moment = data.scheduled_for or row.scheduled_for
        if moment is None:
            raise _refuse("Cần chọn thời điểm đăng để lên lịch.", "scheduled_for", "schedule")
        problem = schedule_problem(moment, row.embargo_until, now)
        if problem:
            raise _refuse(problem, "scheduled_for", "schedule")
        values["scheduled_for"] = moment
    elif data.status is PatchStatus.published:
        problem = embargo_problem(row.embargo_until, now)
        if problem:
            raise _refuse(problem, "status", "embargo")
        values["published_at"] = now
        values["published_url"] = data.published_url
    else:
        values["withdrawn_at"] = now
    return values


async def patch_publication(
    actor: Actor, publication_id: int, data: PublicationPatch, changed: Callable[[], None] = _nothing
) -> PublicationOut:
    """Schedule, mark published (never before the embargo) or withdraw (final), at the version read; then
    `changed()` (the chuyên trang's change stamp)."""
    row = await publication_row(publication_id)
    if row.version != data.version:
        raise StaleVersion(STALE, current_version=await current_version(Publication, publication_id))
    _check_moments(scheduled_for=data.scheduled_for)
    values = _changes(row, data)
    async with Publication._meta.db.transaction():
        updated = await update_versioned(Publication, PublicationRow, publication_id, data.version, values)
        await audit.record(
            actor, f"publication.{data.status.value}", "publication", publication_id, audit.diff(row, values)
        )
        await search_outbox.enqueue(row.item_type, row.item_id)  # search's "published" facet follows
    changed()
    return await _shape(updated)


async def published_ids(item_type: str, item_ids: Sequence[int]) -> set[int]:
    """Which of these models or entries are marked published on some channel: search's `Published` seam."""
    if not item_ids:
        return set()
    rows = (
        await Publication.select(Publication.item_id)
        .where(
            (Publication.item_type == item_type)
            & ids_in(Publication.item_id, item_ids)
            & (Publication.status == PublicationStatus.published.value)
        )
        .run()
    )
    return {r["item_id"] for r in rows}
