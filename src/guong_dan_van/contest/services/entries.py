"""Entries (tác phẩm dự thi) with their authors and the models they write about: reading, writing, who may
see and change them (also their photos and files). Submitting and screening: `eligibility`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

import msgspec
from msgspec import UNSET
from piccolo.columns.combination import Combinable
from piccolo.query.methods.select import Select

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.rules import normalize_url, text_fingerprint
from guong_dan_van.contest.schemas import (
    AuthorIn,
    AuthorOut,
    DeclarationIn,
    DeclarationOut,
    EntryBrief,
    EntryCreate,
    EntryDetail,
    EntryOut,
    EntryPatch,
    EntryStatus,
    MediaType,
    ModelRef,
)
from guong_dan_van.contest.services.editions import get_edition_row
from guong_dan_van.contest.tables import (
    Entry,
    EntryAboutModelRow,
    EntryAuthor,
    EntryAuthorRow,
    EntryModel,
    EntryRow,
    LinkedModelRow,
)
from guong_dan_van.core import audit
from guong_dan_van.core.errors import Conflict, FieldError, Forbidden, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import (
    Actor,
    Role,
    can_edit_entry,
    can_enter_works,
    can_view_entry,
    ensure_allowed,
    ensure_found,
    ensure_id,
)
from guong_dan_van.core.repository import insert_audited, list_page, typed, typed_all, update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.media import services as media
from guong_dan_van.registry.tables import Model
from guong_dan_van.search.outbox import enqueue
from guong_dan_van.units.tables import Unit

# --- reading ------------------------------------------------------------------------------------------


def author_out(author: EntryAuthorRow) -> AuthorOut:
    return AuthorOut(name=author.name, pen_name=author.pen_name, user_id=author.user)


def model_ref_out(link: LinkedModelRow) -> ModelRef:
    return ModelRef(id=link.id, code=link.code, title=link.title)


def entry_out(entry: EntryRow, authors: list[AuthorOut], models: list[ModelRef]) -> EntryOut:
    """The row's columns as they are, with the entry's authors and models and its declaration decoded."""
    declared = entry.previously_awarded
    return msgspec.convert(
        {
            **msgspec.structs.asdict(entry),
            "edition_id": entry.edition,
            "submitted_by_unit_id": entry.submitted_by_unit,
            "authors": authors,
            "models": models,
            "previously_awarded": msgspec.json.decode(declared) if declared else None,
        },
        EntryOut,
    )


def entry_about_model_out(entry: EntryAboutModelRow, actor: Actor) -> EntryBrief:
    viewable = can_view_entry(actor, entry.submitted_by_unit_id)
    return msgspec.convert({**msgspec.structs.asdict(entry), "viewable": viewable}, EntryBrief)


async def get_entry_row(actor: Actor, entry_id: int) -> EntryRow:
    """The entry if the actor may see it; 404 alike for missing and not-yours."""
    ensure_id(entry_id, "Tác phẩm")
    row = await Entry.select(*Entry.all_columns()).where(Entry.id == entry_id).first().run()
    entry = None if row is None else typed(row, EntryRow)
    ensure_found(entry is not None and can_view_entry(actor, entry.submitted_by_unit), "Tác phẩm")
    assert entry is not None
    return entry


ByEntry = TypeVar("ByEntry", EntryAuthorRow, LinkedModelRow)


async def _by_entry(query: Select, row_type: type[ByEntry]) -> dict[int, list[ByEntry]]:
    """The query's rows grouped by their entry; an entry with none gets an empty list."""
    out: dict[int, list[ByEntry]] = defaultdict(list)
    for row in typed_all(await query.run(), row_type):
        out[row.entry].append(row)
    return out


async def list_entry_authors(entry_ids: Sequence[int]) -> dict[int, list[EntryAuthorRow]]:
    """The authors of each of these entries (at least one entry), in their order."""
    query = (
        EntryAuthor.select(*EntryAuthor.all_columns())
        .where(EntryAuthor.entry.is_in(list(entry_ids)))
        .order_by(EntryAuthor.entry)
        .order_by(EntryAuthor.position)
    )
    return await _by_entry(query, EntryAuthorRow)


async def _list_linked_models(entry_ids: Sequence[int]) -> dict[int, list[LinkedModelRow]]:
    query = (
        EntryModel.select(
            EntryModel.entry,
            EntryModel.model.id.as_alias("id"),
            EntryModel.model.code.as_alias("code"),
            EntryModel.model.title.as_alias("title"),
        )
        .where(EntryModel.entry.is_in(list(entry_ids)))
        .order_by(EntryModel.id)
    )
    return await _by_entry(query, LinkedModelRow)


async def _entries_out(entries: Sequence[EntryRow]) -> list[EntryOut]:
    """Entries with their authors and models (two queries, whatever the number of entries)."""
    if not entries:
        return []
    ids = [entry.id for entry in entries]
    authors, models = await list_entry_authors(ids), await _list_linked_models(ids)
    return [
        entry_out(e, [author_out(a) for a in authors[e.id]], [model_ref_out(m) for m in models[e.id]]) for e in entries
    ]


async def get_entry(actor: Actor, entry_id: int) -> EntryDetail:
    """The entry with its photos and attachments (scripts, audio, video)."""
    [entry] = await _entries_out([await get_entry_row(actor, entry_id)])
    return EntryDetail(
        **msgspec.structs.asdict(entry),
        photos=await media.list_photos("entry", entry_id),
        attachments=await media.list_attachments("entry", entry_id),
    )


async def list_entries(
    actor: Actor,
    edition_id: int | None,
    page: PageParams,
    status: EntryStatus | None = None,
    media_type: MediaType | None = None,
    q: str | None = None,
) -> Page[EntryOut]:
    """The committee sees every entry of the edition (of every edition without one); a unit only its own."""
    conditions: list[Combinable] = []
    if edition_id is not None:
        await get_edition_row(edition_id)
        conditions.append(Entry.edition == edition_id)
    if not actor.is_admin:
        ensure_allowed(can_enter_works(actor), "Vai trò của bạn không xem được danh sách tác phẩm.")
        conditions.append(Entry.submitted_by_unit == actor.unit_id)
    if status is not None:
        conditions.append(Entry.status == status.value)
    if media_type is not None:
        conditions.append(Entry.media_type == media_type.value)
    if q:
        pattern = contains_pattern(q)
        if pattern != "%%":
            conditions.append(Entry.title_folded.like(pattern))
    found = await list_page(Entry, EntryRow, page, conditions)
    return Page(items=await _entries_out(found.items), total=found.total, limit=found.limit, offset=found.offset)


async def entries_about_model(actor: Actor, model_id: int) -> list[EntryBrief]:
    """Entries that write about a model, as its page lists them.

    The committee sees all; units and the media center see entries past the draft stage and their own
    unit's drafts; judges see none here (blind rounds show entries only through judging).
    """
    if actor.role is Role.judge:
        return []
    rows = (
        await EntryModel.select(
            EntryModel.entry.id.as_alias("id"),
            EntryModel.entry.edition.as_alias("edition_id"),
            EntryModel.entry._.edition._.name.as_alias("edition_name"),
            EntryModel.entry.title.as_alias("title"),
            EntryModel.entry.media_type.as_alias("media_type"),
            EntryModel.entry.outlet.as_alias("outlet"),
            EntryModel.entry.published_on.as_alias("published_on"),
            EntryModel.entry.status.as_alias("status"),
            EntryModel.entry.submitted_by_unit.as_alias("submitted_by_unit_id"),
        )
        .where(EntryModel.model == model_id)
        .order_by(EntryModel.entry.published_on, ascending=False)
        .run()
    )
    return [
        entry_about_model_out(entry, actor)
        for entry in typed_all(rows, EntryAboutModelRow)
        if actor.is_admin
        or entry.status != EntryStatus.draft.value
        or can_view_entry(actor, entry.submitted_by_unit_id)
    ]


# --- writing ------------------------------------------------------------------------------------------


async def _check_links(authors: list[AuthorIn] | None, model_ids: list[int] | None) -> None:
    errors: list[FieldError] = []
    if model_ids:
        known = set(await Model.select(Model.id).where(Model.id.is_in(list(set(model_ids)))).output(as_list=True).run())
        missing = sorted(set(model_ids) - known)
        if missing:
            errors.append(
                FieldError(
                    "Mô hình không tồn tại: " + ", ".join(f"#{m}" for m in missing) + ".",
                    field="model_ids",
                    rule="unknown_model",
                )
            )
    user_ids = {a.user_id for a in authors or [] if a.user_id is not None}
    if user_ids:
        known_users = set(await User.select(User.id).where(User.id.is_in(list(user_ids))).output(as_list=True).run())
        for i, author in enumerate(authors or []):
            if author.user_id is not None and author.user_id not in known_users:
                errors.append(FieldError("Tài khoản tác giả không tồn tại.", field=f"authors[{i}].user_id"))
    if errors:
        raise RuleViolation("Thông tin tác phẩm chưa hợp lệ.", errors)


def _title_columns(title: str) -> dict[str, str]:
    line = clean_line(title)
    return {"title": line, "title_folded": fold_vietnamese(line)[:300]}


def _text_columns(url: str | None, body: str | None) -> dict[str, str | None]:
    """The link and the text, with the keys that identify the work across editions (duplicates)."""
    return {
        "url": url.strip() if url else None,
        "url_key": normalize_url(url),
        "body": body if body and body.strip() else None,
        "text_hash": text_fingerprint(body),
    }


def _declaration(value: DeclarationIn | None) -> str | None:
    if value is None:
        return None
    declared = DeclarationOut(prize=clean_line(value.prize), date=value.date, awarded_by=clean_line(value.awarded_by))
    return msgspec.json.encode(declared).decode()


async def _write_authors(entry_id: int, authors: list[AuthorIn]) -> None:
    await EntryAuthor.delete().where(EntryAuthor.entry == entry_id).run()
    await EntryAuthor.insert(
        *[
            EntryAuthor(
                entry=entry_id,
                position=i,
                name=clean_line(a.name),
                name_folded=fold_vietnamese(a.name)[:200],
                pen_name=clean_line(a.pen_name) if a.pen_name else None,
                user=a.user_id,
            )
            for i, a in enumerate(authors)
        ]
    ).run()


async def _write_models(entry_id: int, model_ids: list[int]) -> None:
    await EntryModel.delete().where(EntryModel.entry == entry_id).run()
    unique = list(dict.fromkeys(model_ids))
    if unique:
        await EntryModel.insert(*[EntryModel(entry=entry_id, model=m) for m in unique]).run()


async def _entering_unit(actor: Actor, requested: int | None) -> int | None:
    """The committee may enter a work on any unit's behalf; everyone else enters for their own unit."""
    if not actor.is_admin:
        ensure_allowed(requested is None or requested == actor.unit_id, "Chỉ gửi được tác phẩm cho đơn vị của mình.")
        return actor.unit_id
    if requested is not None and not await Unit.exists().where(Unit.id == requested).run():
        raise RuleViolation("Đơn vị không tồn tại.", [FieldError("Đơn vị không tồn tại.", field="unit_id")])
    return requested


async def create_entry(actor: Actor, edition_id: int, data: EntryCreate) -> EntryOut:
    ensure_allowed(can_enter_works(actor), "Tài khoản cần thuộc một đơn vị để gửi tác phẩm dự thi.")
    await get_edition_row(edition_id)
    unit_id = await _entering_unit(actor, data.unit_id)
    async with Entry._meta.db.transaction():
        await _check_links(data.authors, data.model_ids)
        title = _title_columns(data.title)
        entry = await insert_audited(
            Entry,
            EntryRow,
            {
                "edition": edition_id,
                **title,
                "media_type": data.media_type.value,
                "genre": clean_line(data.genre) if data.genre else None,
                "outlet": clean_line(data.outlet),
                "published_on": data.published_on,
                **_text_columns(data.url, data.body),
                "previously_awarded": _declaration(data.previously_awarded),
                "status": EntryStatus.draft.value,
                "submitted_by_unit": unit_id,
                "created_by": actor.id,
            },
            actor=actor,
            action="entry.create",
            changes={"edition_id": edition_id, "title": title["title"], "unit_id": unit_id},
        )
        await _write_authors(entry.id, data.authors)
        await _write_models(entry.id, data.model_ids)
        await enqueue("entry", entry.id)
        [out] = await _entries_out([entry])
    return out


def _entry_changes(before: EntryRow, data: EntryPatch) -> dict[str, Any]:
    """The entry's columns the patch changes, cleaned as on entry."""
    changes: dict[str, Any] = {}
    if data.title is not UNSET:
        changes.update(_title_columns(data.title))
    if data.url is not UNSET or data.body is not UNSET:
        url = before.url if data.url is UNSET else data.url
        body = before.body if data.body is UNSET else data.body
        changes.update(_text_columns(url, body))
    if data.media_type is not UNSET:
        changes["media_type"] = data.media_type.value
    if data.genre is not UNSET:
        changes["genre"] = clean_line(data.genre) if data.genre else None
    if data.outlet is not UNSET:
        changes["outlet"] = clean_line(data.outlet)
    if data.published_on is not UNSET:
        changes["published_on"] = data.published_on
    if data.previously_awarded is not UNSET:
        changes["previously_awarded"] = _declaration(data.previously_awarded)
    return changes


async def patch_entry(actor: Actor, entry_id: int, data: EntryPatch) -> EntryOut:
    async with Entry._meta.db.transaction():
        before = await get_entry_row(actor, entry_id)
        if not can_edit_entry(actor, before.submitted_by_unit, before.status):
            raise Conflict("Tác phẩm đã gửi dự thi; chỉ Ban tổ chức được sửa.")
        await _check_links(
            None if data.authors is UNSET else data.authors,
            None if data.model_ids is UNSET else data.model_ids,
        )
        changes = _entry_changes(before, data)
        entry = await update_versioned(Entry, EntryRow, entry_id, data.version, changes)
        logged = audit.diff(before, {k: v for k, v in changes.items() if k not in ("title_folded", "text_hash")})
        if data.authors is not UNSET:
            old = [author_out(a) for a in (await list_entry_authors([entry_id]))[entry_id]]
            await _write_authors(entry_id, data.authors)
            logged["authors"] = [msgspec.to_builtins(old), msgspec.to_builtins(data.authors)]
        if data.model_ids is not UNSET:
            old_models = await _list_linked_models([entry_id])
            await _write_models(entry_id, data.model_ids)
            logged["model_ids"] = [[m.id for m in old_models[entry_id]], list(dict.fromkeys(data.model_ids))]
        if "body" in logged:
            logged["body"] = ["…", "…"]  # the text itself is kept in the entry, not copied into the log
        await audit.record(actor, "entry.update", "entry", entry_id, {**logged, "status": before.status})
        await enqueue("entry", entry_id)
        [out] = await _entries_out([entry])
    return out


# --- owner rules for photos and files, dashboard ----------------------------------------------------------


async def delete_entry(actor: Actor, media_domain: media.Media, entry_id: int) -> None:
    """A unit withdraws its draft: the entry goes with its authors, links, photos and attachments.
    Anything past draft stays in the contest's record (409)."""
    async with Entry._meta.db.transaction():
        entry = await get_entry_row(actor, entry_id)
        if entry.status != EntryStatus.draft.value:
            raise Conflict("Chỉ rút được tác phẩm còn là bản nháp; tác phẩm đã gửi dự thi được giữ lại.")
        ensure_allowed(can_edit_entry(actor, entry.submitted_by_unit, entry.status))
        await media.delete_photos_of(media_domain, "entry", entry_id)
        await media.delete_attachments_of(media_domain, "entry", entry_id)
        await Entry.delete().where(Entry.id == entry_id).run()
        await audit.record(
            actor, "entry.delete", "entry", entry_id, {"title": entry.title, "edition_id": entry.edition}
        )
        await enqueue("entry", entry_id)


async def ensure_can_view_entry(actor: Actor, entry_id: int) -> None:
    await get_entry_row(actor, entry_id)


async def ensure_can_edit_entry(actor: Actor, entry_id: int) -> None:
    entry = await get_entry_row(actor, entry_id)
    if not can_edit_entry(actor, entry.submitted_by_unit, entry.status):
        raise Forbidden("Tác phẩm đã gửi dự thi; chỉ Ban tổ chức được thêm hoặc sửa tệp.")
