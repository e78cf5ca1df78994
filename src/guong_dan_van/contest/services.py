"""The press contest's operations: contests, editions (rules as data), entries, submission, screening.

Entry statuses (see README, "Cuộc thi báo chí"):

    draft ──submit──▶ submitted ──screen──▶ eligible | ineligible
      ▲                    │                      │
      └──── return (committee, with a reason) ────┘

Submitting runs every rule of `contest.rules` and either moves the entry to `submitted` or answers 422
listing each broken rule; submitting an entry that is no longer a draft is refused as `duplicate` and
changes nothing. Screening (sơ loại) happens only from `submitted` (409 otherwise). The committee may
return any non-draft entry to `draft` so its unit can correct it; every such move is audited.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import msgspec
from msgspec import UNSET
from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Count

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest import rules
from guong_dan_van.contest.schemas import (
    AuthorIn,
    AuthorOut,
    AwardedPolicy,
    ContestCreate,
    ContestOut,
    DeclarationIn,
    DeclarationOut,
    EditionCreate,
    EditionKind,
    EditionOut,
    EditionPatch,
    EntryBrief,
    EntryCreate,
    EntryDetail,
    EntryOut,
    EntryPatch,
    EntryStatus,
    ExcludedPersonIn,
    ExcludedPersonOut,
    FunnelOut,
    FunnelRow,
    MediaType,
    ModelRef,
    PrizeOut,
    ReturnIn,
    ScreenIn,
    StatusOut,
)
from guong_dan_van.contest.tables import Contest, Edition, Entry, EntryAuthor, EntryModel
from guong_dan_van.core import audit
from guong_dan_van.core.cards import Card
from guong_dan_van.core.clock import now
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
from guong_dan_van.core.repository import update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.tables import AuditEntry
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese, nfc
from guong_dan_van.media import services as media
from guong_dan_van.registry.tables import Model
from guong_dan_van.units.tables import Unit

COUNTED_STATUSES = (EntryStatus.submitted.value, EntryStatus.eligible.value)


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


# --- contests -------------------------------------------------------------------------------------


def contest_out(row: dict[str, Any]) -> ContestOut:
    return ContestOut(
        id=row["id"],
        name=row["name"],
        period_from=row["period_from"],
        period_to=row["period_to"],
        version=row["version"],
        created_at=row["created_at"],
    )


async def create_contest(actor: Actor | None, data: ContestCreate) -> ContestOut:
    if data.period_to < data.period_from:
        raise RuleViolation(
            "Thời gian cuộc thi chưa hợp lệ.",
            [FieldError("Ngày kết thúc phải sau ngày bắt đầu.", field="period_to")],
        )
    name = clean_line(data.name)
    async with Contest._meta.db.transaction():
        stamp = now()
        rows = (
            await Contest.insert(
                Contest(
                    name=name,
                    period_from=data.period_from,
                    period_to=data.period_to,
                    version=1,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            .returning(*Contest.all_columns())
            .run()
        )
        row = dict(rows[0])
        await audit.record(actor, "contest.create", "contest", row["id"], {"name": name})
    return contest_out(row)


async def get_contest(contest_id: int) -> ContestOut:
    ensure_id(contest_id, "Cuộc thi")
    row = await Contest.select(*Contest.all_columns()).where(Contest.id == contest_id).first().run()
    ensure_found(row is not None, "Cuộc thi")
    assert row is not None
    return contest_out(dict(row))


async def list_contests(page: PageParams) -> Page[ContestOut]:
    rows = await Contest.select(*Contest.all_columns()).order_by(Contest.id).limit(page.limit).offset(page.offset).run()
    total = await Contest.count().run()
    return Page(items=[contest_out(dict(r)) for r in rows], total=total, limit=page.limit, offset=page.offset)


# --- editions -------------------------------------------------------------------------------------


def edition_out(row: dict[str, Any]) -> EditionOut:
    return EditionOut(
        id=row["id"],
        contest_id=row["contest"],
        name=row["name"],
        kind=EditionKind(row["kind"]),
        year=row["year"],
        published_from=row["published_from"],
        published_to=row["published_to"],
        submit_from=row["submit_from"],
        submit_to=row["submit_to"],
        media_types=msgspec.json.decode(row["media_types"], type=list[MediaType]),
        genres=msgspec.json.decode(row["genres"], type=list[str]),
        max_entries_per_author=row["max_entries_per_author"],
        max_authors_per_entry=row["max_authors_per_entry"],
        previously_awarded=AwardedPolicy(row["previously_awarded"]),
        prizes=msgspec.json.decode(row["prizes"], type=list[PrizeOut]),
        excluded_people=msgspec.json.decode(row["excluded_people"], type=list[ExcludedPersonOut]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _edition_row(edition_id: int) -> dict[str, Any]:
    ensure_id(edition_id, "Đợt thi")
    row = await Edition.select(*Edition.all_columns()).where(Edition.id == edition_id).first().run()
    ensure_found(row is not None, "Đợt thi")
    assert row is not None
    return dict(row)


async def _resolve_excluded(people: list[ExcludedPersonIn]) -> list[dict[str, Any]]:
    """Each excluded person as {role, user_id, name}; a user given by id gets their account's name."""
    errors: list[FieldError] = []
    ids = {p.user_id for p in people if p.user_id is not None}
    names: dict[int, str] = {}
    if ids:
        rows = await User.select(User.id, User.full_name).where(User.id.is_in(list(ids))).run()
        names = {r["id"]: r["full_name"] for r in rows}
    out: list[dict[str, Any]] = []
    for i, person in enumerate(people):
        name = clean_line(person.name) if person.name else None
        if person.user_id is None and not name:
            errors.append(FieldError("Cần tên hoặc tài khoản của người này.", field=f"excluded_people[{i}]"))
            continue
        if person.user_id is not None and person.user_id not in names:
            errors.append(FieldError("Tài khoản không tồn tại.", field=f"excluded_people[{i}].user_id"))
            continue
        if name is None and person.user_id is not None:
            name = names[person.user_id]
        out.append({"role": person.role.value, "user_id": person.user_id, "name": name})
    if errors:
        raise RuleViolation("Danh sách người không được dự thi chưa hợp lệ.", errors)
    return out


def _check_edition(values: dict[str, Any]) -> None:
    errors: list[FieldError] = []
    if values["published_to"] < values["published_from"]:
        errors.append(FieldError("Hạn đăng, phát phải sau ngày bắt đầu.", field="published_to"))
    if values["submit_to"] < values["submit_from"]:
        errors.append(FieldError("Hạn nhận tác phẩm phải sau ngày bắt đầu nhận.", field="submit_to"))
    if values["kind"] == EditionKind.yearly.value and values["year"] is None:
        errors.append(FieldError("Đợt thi hằng năm cần ghi năm.", field="year"))
    media = values["media_types"]
    if len(set(media)) != len(media):
        errors.append(FieldError("Loại hình báo chí bị lặp.", field="media_types"))
    for i, prize in enumerate(values["prizes"]):
        if prize.get("media_type") is not None and prize["media_type"] not in media:
            errors.append(
                FieldError("Giải thưởng cho loại hình báo chí đợt thi không nhận.", field=f"prizes[{i}].media_type")
            )
    if errors:
        raise RuleViolation("Thể lệ đợt thi chưa hợp lệ.", errors)


def _genres(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for g in values:
        line = clean_line(g)
        if line:
            seen.setdefault(fold_vietnamese(line), line)
    return list(seen.values())


async def create_edition(actor: Actor | None, contest_id: int, data: EditionCreate) -> EditionOut:
    await get_contest(contest_id)
    values: dict[str, Any] = {
        "name": clean_line(data.name),
        "kind": data.kind.value,
        "year": data.year,
        "published_from": data.published_from,
        "published_to": data.published_to,
        "submit_from": data.submit_from,
        "submit_to": data.submit_to,
        "media_types": [m.value for m in data.media_types],
        "genres": _genres(data.genres),
        "max_entries_per_author": data.max_entries_per_author,
        "max_authors_per_entry": data.max_authors_per_entry,
        "previously_awarded": data.previously_awarded.value,
        "prizes": msgspec.to_builtins(data.prizes),
    }
    _check_edition(values)
    async with Edition._meta.db.transaction():
        values["excluded_people"] = await _resolve_excluded(data.excluded_people)
        stamp = now()
        stored: dict[str, Any] = {k: _json(v) if isinstance(v, list) else v for k, v in values.items()}
        rows = (
            await Edition.insert(Edition(contest=contest_id, version=1, created_at=stamp, updated_at=stamp, **stored))
            .returning(*Edition.all_columns())
            .run()
        )
        row = dict(rows[0])
        await audit.record(actor, "edition.create", "edition", row["id"], values)
    return edition_out(row)


async def get_edition(edition_id: int) -> EditionOut:
    return edition_out(await _edition_row(edition_id))


async def list_editions(contest_id: int) -> list[EditionOut]:
    await get_contest(contest_id)
    rows = (
        await Edition.select(*Edition.all_columns())
        .where(Edition.contest == contest_id)
        .order_by(Edition.submit_from)
        .order_by(Edition.id)
        .run()
    )
    return [edition_out(dict(r)) for r in rows]


async def all_editions() -> list[EditionOut]:
    rows = await Edition.select(*Edition.all_columns()).order_by(Edition.submit_from).order_by(Edition.id).run()
    return [edition_out(dict(r)) for r in rows]


_LIST_RULES = ("media_types", "genres", "prizes", "excluded_people")


async def patch_edition(actor: Actor | None, edition_id: int, data: EditionPatch) -> EditionOut:
    """Rules may be amended mid-period; the audit log keeps what they were before."""
    async with Edition._meta.db.transaction():
        before_row = await _edition_row(edition_id)
        before = msgspec.to_builtins(edition_out(before_row))
        merged = dict(before)
        changes: dict[str, Any] = {}
        for name in EditionPatch.__struct_fields__:
            value = getattr(data, name)
            if name == "version" or value is UNSET:
                continue
            if name == "name":
                value = clean_line(value)
            elif name == "genres":
                value = _genres(value)
            elif name == "excluded_people":
                value = await _resolve_excluded(value)
            else:
                value = msgspec.to_builtins(value)
            changes[name] = value
        merged.update(changes)
        merged["published_from"], merged["published_to"] = (
            _date(merged["published_from"]),
            _date(merged["published_to"]),
        )
        merged["submit_from"], merged["submit_to"] = _date(merged["submit_from"]), _date(merged["submit_to"])
        _check_edition(merged)
        stored = {k: _json(v) if k in _LIST_RULES else v for k, v in changes.items()}
        row = await update_versioned(Edition, dict[str, Any], edition_id, data.version, stored)
        await audit.record(actor, "edition.update", "edition", edition_id, audit.diff(before, changes))
    return edition_out(row)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def edition_rules(edition: EditionOut) -> rules.EditionRules:
    return rules.EditionRules(
        published_from=edition.published_from,
        published_to=edition.published_to,
        submit_from=edition.submit_from,
        submit_to=edition.submit_to,
        media_types=frozenset(m.value for m in edition.media_types),
        genres=frozenset(edition.genres),
        max_entries_per_author=edition.max_entries_per_author,
        max_authors_per_entry=edition.max_authors_per_entry,
        previously_awarded=edition.previously_awarded.value,
        excluded_people=tuple(
            rules.ExcludedPerson(rules.Person(name=p.name or "", user_id=p.user_id), p.role.value)
            for p in edition.excluded_people
        ),
    )


# --- entries: reading -----------------------------------------------------------------------------


async def _entry_row(actor: Actor, entry_id: int) -> dict[str, Any]:
    """The entry if the actor may see it; 404 alike for missing and not-yours."""
    ensure_id(entry_id, "Tác phẩm")
    row = await Entry.select(*Entry.all_columns()).where(Entry.id == entry_id).first().run()
    ensure_found(row is not None and can_view_entry(actor, row["submitted_by_unit"]), "Tác phẩm")
    assert row is not None
    return dict(row)


async def _authors_of(entry_ids: list[int]) -> dict[int, list[AuthorOut]]:
    out: dict[int, list[AuthorOut]] = defaultdict(list)
    if not entry_ids:
        return out
    rows = (
        await EntryAuthor.select(EntryAuthor.entry, EntryAuthor.name, EntryAuthor.pen_name, EntryAuthor.user)
        .where(EntryAuthor.entry.is_in(entry_ids))
        .order_by(EntryAuthor.entry)
        .order_by(EntryAuthor.position)
        .run()
    )
    for r in rows:
        out[r["entry"]].append(AuthorOut(name=r["name"], pen_name=r["pen_name"], user_id=r["user"]))
    return out


async def _models_of(entry_ids: list[int]) -> dict[int, list[ModelRef]]:
    out: dict[int, list[ModelRef]] = defaultdict(list)
    if not entry_ids:
        return out
    rows = (
        await EntryModel.select(
            EntryModel.entry,
            EntryModel.model.id.as_alias("model_id"),
            EntryModel.model.code.as_alias("code"),
            EntryModel.model.title.as_alias("title"),
        )
        .where(EntryModel.entry.is_in(entry_ids))
        .order_by(EntryModel.id)
        .run()
    )
    for r in rows:
        out[r["entry"]].append(ModelRef(id=r["model_id"], code=r["code"], title=r["title"]))
    return out


def entry_out(row: dict[str, Any], authors: list[AuthorOut], models: list[ModelRef]) -> EntryOut:
    declared = row["previously_awarded"]
    return EntryOut(
        id=row["id"],
        edition_id=row["edition"],
        title=row["title"],
        media_type=MediaType(row["media_type"]),
        genre=row["genre"],
        authors=authors,
        outlet=row["outlet"],
        published_on=row["published_on"],
        url=row["url"],
        body=row["body"],
        models=models,
        previously_awarded=msgspec.json.decode(declared, type=DeclarationOut) if declared else None,
        status=EntryStatus(row["status"]),
        submitted_by_unit_id=row["submitted_by_unit"],
        submitted_at=row["submitted_at"],
        screened_at=row["screened_at"],
        screening_reason=row["screening_reason"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _full(row: dict[str, Any]) -> EntryOut:
    authors = await _authors_of([row["id"]])
    models = await _models_of([row["id"]])
    return entry_out(row, authors[row["id"]], models[row["id"]])


async def get_entry(actor: Actor, entry_id: int) -> EntryDetail:
    """The entry with its photos and attachments (scripts, audio, video)."""
    entry = await _full(await _entry_row(actor, entry_id))
    return EntryDetail(
        **msgspec.structs.asdict(entry),
        photos=await media.list_photos("entry", entry_id),
        attachments=await media.list_attachments("entry", entry_id),
    )


async def list_entries(
    actor: Actor,
    edition_id: int,
    page: PageParams,
    status: EntryStatus | None = None,
    media_type: MediaType | None = None,
    q: str | None = None,
) -> Page[EntryOut]:
    """The committee sees every entry of the edition; a unit only its own unit's."""
    await _edition_row(edition_id)
    conditions: list[Combinable] = [Entry.edition == edition_id]
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
    query = Entry.select(*Entry.all_columns())
    count = Entry.count()
    for cond in conditions:
        query = query.where(cond)
        count = count.where(cond)
    rows = [dict(r) for r in await query.order_by(Entry.id).limit(page.limit).offset(page.offset).run()]
    ids = [r["id"] for r in rows]
    authors, models = await _authors_of(ids), await _models_of(ids)
    items = [entry_out(r, authors[r["id"]], models[r["id"]]) for r in rows]
    return Page(items=items, total=await count.run(), limit=page.limit, offset=page.offset)


async def entries_about_model(actor: Actor, model_id: int) -> list[EntryBrief]:
    """Entries that write about a model, as its page lists them.

    The committee sees all; units and the media center see entries past the draft stage and their own
    unit's drafts; judges see none here (blind rounds show entries only through judging).
    """
    if actor.role is Role.judge:
        return []
    query = (
        EntryModel.select(
            EntryModel.entry.id.as_alias("id"),
            EntryModel.entry.edition.as_alias("edition_id"),
            EntryModel.entry._.edition._.name.as_alias("edition_name"),
            EntryModel.entry.title.as_alias("title"),
            EntryModel.entry.media_type.as_alias("media_type"),
            EntryModel.entry.outlet.as_alias("outlet"),
            EntryModel.entry.published_on.as_alias("published_on"),
            EntryModel.entry.status.as_alias("status"),
            EntryModel.entry.submitted_by_unit.as_alias("unit_id"),
        )
        .where(EntryModel.model == model_id)
        .order_by(EntryModel.entry.published_on, ascending=False)
    )
    rows = await query.run()
    return [
        EntryBrief(
            id=r["id"],
            edition_id=r["edition_id"],
            edition_name=r["edition_name"],
            title=r["title"],
            media_type=MediaType(r["media_type"]),
            outlet=r["outlet"],
            published_on=r["published_on"],
            status=EntryStatus(r["status"]),
            submitted_by_unit_id=r["unit_id"],
            viewable=can_view_entry(actor, r["unit_id"]),
        )
        for r in rows
        if actor.is_admin or r["status"] != EntryStatus.draft.value or can_view_entry(actor, r["unit_id"])
    ]


# --- entries: writing ------------------------------------------------------------------------------


async def _check_links(authors: list[AuthorIn] | None, model_ids: list[int] | None) -> None:
    errors: list[FieldError] = []
    if model_ids:
        known = {r["id"] for r in await Model.select(Model.id).where(Model.id.is_in(list(set(model_ids)))).run()}
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
        known_users = {r["id"] for r in await User.select(User.id).where(User.id.is_in(list(user_ids))).run()}
        for i, author in enumerate(authors or []):
            if author.user_id is not None and author.user_id not in known_users:
                errors.append(FieldError("Tài khoản tác giả không tồn tại.", field=f"authors[{i}].user_id"))
    if errors:
        raise RuleViolation("Thông tin tác phẩm chưa hợp lệ.", errors)


def _derived(title: str | None, url: str | None, body: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if title is not None:
        out["title"] = clean_line(title)
        out["title_folded"] = fold_vietnamese(out["title"])[:300]
    out["url"] = url.strip() if url else None
    out["url_key"] = rules.normalize_url(url)
    out["body"] = body if body and body.strip() else None
    out["text_hash"] = rules.text_fingerprint(body)
    return out


def _declaration(value: DeclarationIn | None) -> str | None:
    if value is None:
        return None
    return _json({"prize": clean_line(value.prize), "date": value.date, "awarded_by": clean_line(value.awarded_by)})


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


async def create_entry(actor: Actor, edition_id: int, data: EntryCreate) -> EntryOut:
    ensure_allowed(can_enter_works(actor), "Tài khoản cần thuộc một đơn vị để gửi tác phẩm dự thi.")
    await _edition_row(edition_id)
    if actor.is_admin:
        unit_id = data.unit_id
        if unit_id is not None and not await Unit.exists().where(Unit.id == unit_id).run():
            raise RuleViolation("Đơn vị không tồn tại.", [FieldError("Đơn vị không tồn tại.", field="unit_id")])
    else:
        ensure_allowed(
            data.unit_id is None or data.unit_id == actor.unit_id, "Chỉ gửi được tác phẩm cho đơn vị của mình."
        )
        unit_id = actor.unit_id
    async with Entry._meta.db.transaction():
        await _check_links(data.authors, data.model_ids)
        stamp = now()
        rows = (
            await Entry.insert(
                Entry(
                    edition=edition_id,
                    media_type=data.media_type.value,
                    genre=clean_line(data.genre) if data.genre else None,
                    outlet=clean_line(data.outlet),
                    published_on=data.published_on,
                    previously_awarded=_declaration(data.previously_awarded),
                    status=EntryStatus.draft.value,
                    submitted_by_unit=unit_id,
                    created_by=actor.id,
                    version=1,
                    created_at=stamp,
                    updated_at=stamp,
                    **_derived(data.title, data.url, data.body),
                )
            )
            .returning(*Entry.all_columns())
            .run()
        )
        row = dict(rows[0])
        await _write_authors(row["id"], data.authors)
        await _write_models(row["id"], data.model_ids)
        await audit.record(
            actor,
            "entry.create",
            "entry",
            row["id"],
            {"edition_id": edition_id, "title": row["title"], "unit_id": unit_id},
        )
        return await _full(row)


async def patch_entry(actor: Actor, entry_id: int, data: EntryPatch) -> EntryOut:
    async with Entry._meta.db.transaction():
        before = await _entry_row(actor, entry_id)
        if not can_edit_entry(actor, before["submitted_by_unit"], before["status"]):
            raise Conflict("Tác phẩm đã gửi dự thi; chỉ Ban tổ chức được sửa.")
        await _check_links(
            None if data.authors is UNSET else data.authors,
            None if data.model_ids is UNSET else data.model_ids,
        )
        changes: dict[str, Any] = {}
        if data.title is not UNSET:
            changes.update(_derived(data.title, before["url"], before["body"]))
        if data.url is not UNSET or data.body is not UNSET:
            url = before["url"] if data.url is UNSET else data.url
            body = before["body"] if data.body is UNSET else data.body
            changes.update(_derived(None, url, body))
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
        row = await update_versioned(Entry, dict[str, Any], entry_id, data.version, changes)
        logged = audit.diff(before, {k: v for k, v in changes.items() if k not in ("title_folded", "text_hash")})
        if data.authors is not UNSET:
            old = await _authors_of([entry_id])
            await _write_authors(entry_id, data.authors)
            logged["authors"] = [msgspec.to_builtins(old[entry_id]), msgspec.to_builtins(data.authors)]
        if data.model_ids is not UNSET:
            old_models = await _models_of([entry_id])
            await _write_models(entry_id, data.model_ids)
            logged["model_ids"] = [[m.id for m in old_models[entry_id]], list(dict.fromkeys(data.model_ids))]
        if "body" in logged:
            logged["body"] = ["…", "…"]  # the text itself is kept in the entry, not copied into the log
        await audit.record(actor, "entry.update", "entry", entry_id, {**logged, "status": before["status"]})
        return await _full(row)


async def _lock_edition(edition_id: int) -> None:
    """Serialise submissions to one edition, so author counts cannot race past the maximum.

    SQLite already has a single writer (BEGIN IMMEDIATE); PostgreSQL takes the edition's row lock.
    """
    if Edition._meta.db.engine_type == "postgres":
        await Edition.select(Edition.id).where(Edition.id == edition_id).lock_rows().run()


async def _facts(entry_id: int, row: dict[str, Any]) -> rules.EntryFacts:
    authors = (await _authors_of([entry_id]))[entry_id]
    links = await EntryModel.select(EntryModel.model).where(EntryModel.entry == entry_id).order_by(EntryModel.id).run()
    declared = row["previously_awarded"]
    decl = msgspec.json.decode(declared, type=DeclarationOut) if declared else None
    return rules.EntryFacts(
        media_type=row["media_type"],
        genre=row["genre"],
        published_on=row["published_on"],
        authors=tuple(rules.Person(a.name, a.user_id) for a in authors),
        model_ids=tuple(r["model"] for r in links),
        declaration=rules.Declaration(decl.prize, decl.date, decl.awarded_by) if decl else None,
    )


async def _other_authors(edition_id: int, entry_id: int) -> list[tuple[rules.Person, ...]]:
    rows = (
        await EntryAuthor.select(EntryAuthor.entry, EntryAuthor.name, EntryAuthor.user)
        .where(EntryAuthor.entry.edition == edition_id)
        .where(EntryAuthor.entry.status.is_in(list(COUNTED_STATUSES)))
        .where(EntryAuthor.entry != entry_id)
        .run()
    )
    grouped: dict[int, list[rules.Person]] = defaultdict(list)
    for r in rows:
        grouped[r["entry"]].append(rules.Person(r["name"], r["user"]))
    return [tuple(v) for v in grouped.values()]


async def _duplicates(row: dict[str, Any]) -> list[rules.DuplicateMatch]:
    """Entries of the same work entered before, in any edition: same normalised link or same text."""
    keys: list[Combinable] = []
    if row["url_key"]:
        keys.append(Entry.url_key == row["url_key"])
    if row["text_hash"]:
        keys.append(Entry.text_hash == row["text_hash"])
    if not keys:
        return []
    where = keys[0] if len(keys) == 1 else keys[0] | keys[1]
    found = (
        await Entry.select(Entry.id, Entry.url_key, Entry.text_hash, Entry.edition.name.as_alias("edition_name"))
        .where(where)
        .where(Entry.id != row["id"])
        .where(Entry.status != EntryStatus.draft.value)
        .order_by(Entry.id)
        .limit(10)
        .run()
    )
    return [
        rules.DuplicateMatch(
            entry_id=f["id"],
            edition_name=f["edition_name"],
            by="url" if row["url_key"] and f["url_key"] == row["url_key"] else "text",
        )
        for f in found
    ]


async def check_entry(actor: Actor, entry_id: int) -> list[FieldError]:
    """Every rule the entry would break if submitted now (nothing changes)."""
    row = await _entry_row(actor, entry_id)
    return await _evaluate(row)


async def _evaluate(row: dict[str, Any]) -> list[FieldError]:
    edition = edition_out(await _edition_row(row["edition"]))
    facts = await _facts(row["id"], row)
    known = set()
    if facts.model_ids:
        known = {r["id"] for r in await Model.select(Model.id).where(Model.id.is_in(list(facts.model_ids))).run()}
    ctx = rules.Context(
        submitted_at=now(),
        other_entries_authors=await _other_authors(row["edition"], row["id"]),
        known_model_ids=frozenset(known),
        already_submitted=row["status"] != EntryStatus.draft.value,
        duplicates=await _duplicates(row),
    )
    return rules.evaluate(facts, edition_rules(edition), ctx)


async def submit_entry(actor: Actor, entry_id: int) -> StatusOut:
    async with Entry._meta.db.transaction():
        row = await _entry_row(actor, entry_id)
        await _lock_edition(row["edition"])
        row = await _entry_row(actor, entry_id)  # re-read under the lock
        errors = await _evaluate(row)
        if errors:
            raise RuleViolation("Tác phẩm chưa đáp ứng thể lệ đợt thi.", errors)
        stamp = now()
        updated = await update_versioned(
            Entry,
            dict[str, Any],
            entry_id,
            row["version"],
            {"status": EntryStatus.submitted.value, "submitted_at": stamp},
        )
        await audit.record(actor, "entry.submit", "entry", entry_id, {"status": ["draft", "submitted"]})
    return StatusOut(id=entry_id, status=EntryStatus.submitted, version=updated["version"])


async def screen_entry(actor: Actor, entry_id: int, data: ScreenIn) -> StatusOut:
    """Sơ loại: the committee marks a submitted entry eligible or ineligible (the latter with a reason)."""
    reason = data.reason.strip() if data.reason else None
    if not data.eligible and not reason:
        raise RuleViolation(
            "Cần ghi lý do không hợp lệ.", [FieldError("Cần ghi lý do tác phẩm không hợp lệ.", field="reason")]
        )
    async with Entry._meta.db.transaction():
        row = await _entry_row(actor, entry_id)
        if row["status"] != EntryStatus.submitted.value:
            raise Conflict("Chỉ sơ loại được tác phẩm đã gửi và chưa sơ loại.", entry_status=row["status"])
        status = EntryStatus.eligible if data.eligible else EntryStatus.ineligible
        updated = await update_versioned(
            Entry,
            dict[str, Any],
            entry_id,
            row["version"],
            {"status": status.value, "screened_at": now(), "screening_reason": reason},
        )
        await audit.record(
            actor, "entry.screen", "entry", entry_id, {"status": [row["status"], status.value], "reason": reason}
        )
    return StatusOut(id=entry_id, status=status, version=updated["version"])


async def return_entry(actor: Actor, entry_id: int, data: ReturnIn) -> StatusOut:
    """The committee sends a submitted or screened entry back to its unit as a draft, saying why."""
    async with Entry._meta.db.transaction():
        row = await _entry_row(actor, entry_id)
        if row["status"] == EntryStatus.draft.value:
            raise Conflict("Tác phẩm đang ở trạng thái soạn thảo.", entry_status=row["status"])
        reason = nfc(data.reason).strip()
        updated = await update_versioned(
            Entry,
            dict[str, Any],
            entry_id,
            row["version"],
            {"status": EntryStatus.draft.value, "screened_at": None, "screening_reason": reason, "submitted_at": None},
        )
        await audit.record(
            actor, "entry.return", "entry", entry_id, {"status": [row["status"], "draft"], "reason": reason}
        )
    return StatusOut(id=entry_id, status=EntryStatus.draft, version=updated["version"])


# --- the funnel -----------------------------------------------------------------------------------


async def funnel(edition_id: int) -> FunnelOut:
    """Per media type: received (everything submitted) → eligible → shortlisted → awarded.

    Shortlists and awards come from the judging rounds; until they exist those steps are 0.
    """
    edition = await get_edition(edition_id)
    rows = (
        await Entry.select(Entry.media_type, Entry.status, Count(Entry.id).as_alias("n"))
        .where(Entry.edition == edition_id)
        .where(Entry.status != EntryStatus.draft.value)
        .group_by(Entry.media_type, Entry.status)
        .run()
    )
    counts: dict[tuple[str, str], int] = {(r["media_type"], r["status"]): r["n"] for r in rows}
    kinds = list(dict.fromkeys([*edition.media_types, *(MediaType(m) for m, _ in counts)]))

    def row_for(types: list[MediaType], label: MediaType | None) -> FunnelRow:
        def n(status: EntryStatus) -> int:
            return sum(counts.get((t.value, status.value), 0) for t in types)

        received = n(EntryStatus.submitted) + n(EntryStatus.eligible) + n(EntryStatus.ineligible)
        return FunnelRow(
            media_type=label,
            received=received,
            eligible=n(EntryStatus.eligible),
            ineligible=n(EntryStatus.ineligible),
            shortlisted=0,
            awarded=0,
        )

    return FunnelOut(
        edition_id=edition_id,
        items=[row_for([k], k) for k in kinds],
        total=row_for(kinds, None),
    )


# --- media owner rules -----------------------------------------------------------------------------


async def ensure_can_view_entry(actor: Actor, entry_id: int) -> None:
    await _entry_row(actor, entry_id)


async def ensure_can_edit_entry(actor: Actor, entry_id: int) -> None:
    row = await _entry_row(actor, entry_id)
    if not can_edit_entry(actor, row["submitted_by_unit"], row["status"]):
        raise Forbidden("Tác phẩm đã gửi dự thi; chỉ Ban tổ chức được thêm hoặc sửa tệp.")


async def dashboard_cards(actor: Actor) -> list[Card]:
    """Cuộc thi báo chí on the dashboard: the committee's screening queue, a unit's own entries."""
    if actor.is_admin:
        waiting = await Entry.count().where(Entry.status == EntryStatus.submitted.value).run()
        editions = await editions_with_entries(EntryStatus.submitted)
        # One edition waiting: straight to its screening page; otherwise the list across editions.
        href = (
            f"/contest/editions/{editions[0]}/screening" if len(editions) == 1 else "/contest/entries?status=submitted"
        )
        return [Card("Tác phẩm chờ sơ loại", waiting, href)]
    if can_enter_works(actor):
        own = await Entry.count().where(Entry.submitted_by_unit == actor.unit_id).run()
        return [Card("Tác phẩm dự thi của đơn vị", own, "/contest/entries")]
    return []


# --- added for the pages issue ---


async def delete_entry(actor: Actor, media_domain: media.Media, entry_id: int) -> None:
    """A unit withdraws its draft: the entry goes with its authors, links, photos and attachments.
    Anything past draft stays in the contest's record (409)."""
    async with Entry._meta.db.transaction():
        row = await _entry_row(actor, entry_id)
        if row["status"] != EntryStatus.draft.value:
            raise Conflict("Chỉ rút được tác phẩm còn là bản nháp; tác phẩm đã gửi dự thi được giữ lại.")
        ensure_allowed(can_edit_entry(actor, row["submitted_by_unit"], row["status"]))
        await media.delete_photos_of(media_domain, "entry", entry_id)
        await media.delete_attachments_of(media_domain, "entry", entry_id)
        await Entry.delete().where(Entry.id == entry_id).run()
        await audit.record(
            actor, "entry.delete", "entry", entry_id, {"title": row["title"], "edition_id": row["edition"]}
        )


async def list_all_entries(actor: Actor, page: PageParams, status: EntryStatus | None = None) -> Page[EntryOut]:
    """Entries of every edition: all of them for the committee, the unit's own for a unit or the media center."""
    conditions: list[Combinable] = [] if status is None else [Entry.status == status.value]
    if not actor.is_admin:
        ensure_allowed(can_enter_works(actor), "Vai trò của bạn không xem được danh sách tác phẩm.")
        conditions.append(Entry.submitted_by_unit == actor.unit_id)
    query, count = Entry.select(*Entry.all_columns()), Entry.count()
    for cond in conditions:
        query, count = query.where(cond), count.where(cond)
    rows = [dict(r) for r in await query.order_by(Entry.id).limit(page.limit).offset(page.offset).run()]
    ids = [r["id"] for r in rows]
    authors, models = await _authors_of(ids), await _models_of(ids)
    items = [entry_out(r, authors[r["id"]], models[r["id"]]) for r in rows]
    return Page(items=items, total=await count.run(), limit=page.limit, offset=page.offset)


async def editions_with_entries(status: EntryStatus) -> list[int]:
    rows = await Entry.select(Entry.edition).where(Entry.status == status.value).distinct().run()
    return [r["edition"] for r in rows]


async def edition_history(edition_id: int) -> list[dict[str, Any]]:
    """The audit trail of an edition's rules, newest first."""
    await _edition_row(edition_id)
    rows = (
        await AuditEntry.select()
        .where((AuditEntry.object_type == "edition") & (AuditEntry.object_id == edition_id))
        .order_by(AuditEntry.id, ascending=False)
        .limit(100)
        .run()
    )
    return [dict(r) for r in rows]
