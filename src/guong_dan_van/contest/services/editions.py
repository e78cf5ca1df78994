"""Editions: a yearly round or the whole-period final, with its rules as data.

Rules may be amended mid-period: every change is versioned and the audit log keeps what they were before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import msgspec
from msgspec import UNSET

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.schemas import (
    EditionCreate,
    EditionKind,
    EditionOut,
    EditionPatch,
    ExcludedPersonIn,
    ExcludedPersonOut,
    Prize,
    PrizeOut,
)
from guong_dan_van.contest.services.contests import get_contest
from guong_dan_van.contest.tables import Edition, EditionRow
from guong_dan_van.core import audit
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import insert_audited, typed, typed_all, update_versioned
from guong_dan_van.core.text import clean_line, fold_vietnamese

# Rules kept as JSON text in their column: read and written whole, never queried piece by piece.
_LIST_RULES = ("media_types", "genres", "prizes", "excluded_people")


def edition_out(edition: EditionRow) -> EditionOut:
    """The row's columns as they are, but for the contest's id and the rules kept as JSON text."""
    decoded = {name: msgspec.json.decode(getattr(edition, name)) for name in _LIST_RULES}
    return msgspec.convert({**msgspec.structs.asdict(edition), "contest_id": edition.contest, **decoded}, EditionOut)


async def get_edition_row(edition_id: int) -> EditionRow:
    ensure_id(edition_id, "Đợt thi")
    row = await Edition.select(*Edition.all_columns()).where(Edition.id == edition_id).first().run()
    ensure_found(row is not None, "Đợt thi")
    assert row is not None
    return typed(row, EditionRow)


async def get_edition(edition_id: int) -> EditionOut:
    return edition_out(await get_edition_row(edition_id))


async def list_editions(contest_id: int) -> list[EditionOut]:
    await get_contest(contest_id)
    rows = (
        await Edition.select(*Edition.all_columns())
        .where(Edition.contest == contest_id)
        .order_by(Edition.submit_from)
        .order_by(Edition.id)
        .run()
    )
    return [edition_out(edition) for edition in typed_all(rows, EditionRow)]


async def list_all_editions() -> list[EditionOut]:
    rows = await Edition.select(*Edition.all_columns()).order_by(Edition.submit_from).order_by(Edition.id).run()
    return [edition_out(edition) for edition in typed_all(rows, EditionRow)]


async def _resolve_excluded(people: list[ExcludedPersonIn]) -> list[ExcludedPersonOut]:
    """Each excluded person with a name; a user given by id gets their account's name."""
    errors: list[FieldError] = []
    ids = {p.user_id for p in people if p.user_id is not None}
    names: dict[int, str] = {}
    if ids:
        rows = await User.select(User.id, User.full_name).where(User.id.is_in(list(ids))).run()
        names = {r["id"]: r["full_name"] for r in rows}
    out: list[ExcludedPersonOut] = []
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
        out.append(ExcludedPersonOut(role=person.role, user_id=person.user_id, name=name))
    if errors:
        raise RuleViolation("Danh sách người không được dự thi chưa hợp lệ.", errors)
    return out


def _check_edition(terms: EditionCreate | EditionOut) -> None:
    """The rules must hold together: windows in order, a year for a yearly edition, prizes for accepted media."""
    errors: list[FieldError] = []
    if terms.published_to < terms.published_from:
        errors.append(FieldError("Hạn đăng, phát phải sau ngày bắt đầu.", field="published_to"))
    if terms.submit_to < terms.submit_from:
        errors.append(FieldError("Hạn nhận tác phẩm phải sau ngày bắt đầu nhận.", field="submit_to"))
    if terms.kind is EditionKind.yearly and terms.year is None:
        errors.append(FieldError("Đợt thi hằng năm cần ghi năm.", field="year"))
    media = terms.media_types
    if len(set(media)) != len(media):
        errors.append(FieldError("Loại hình báo chí bị lặp.", field="media_types"))
    prizes: Sequence[Prize | PrizeOut] = terms.prizes
    for i, prize in enumerate(prizes):
        if prize.media_type is not None and prize.media_type not in media:
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


def _columns(terms: Mapping[str, Any]) -> dict[str, Any]:
    """Rule values as the edition's columns hold them: lists as JSON text, choices as their value."""
    columns: dict[str, Any] = {}
    for name, value in terms.items():
        if name in _LIST_RULES:
            value = msgspec.json.encode(value).decode()
        elif isinstance(value, Enum):
            value = value.value
        columns[name] = value
    return columns


async def create_edition(actor: Actor | None, contest_id: int, data: EditionCreate) -> EditionOut:
    await get_contest(contest_id)
    _check_edition(data)
    async with Edition._meta.db.transaction():
        terms: dict[str, Any] = {
            "name": clean_line(data.name),
            "kind": data.kind,
            "year": data.year,
            "published_from": data.published_from,
            "published_to": data.published_to,
            "submit_from": data.submit_from,
            "submit_to": data.submit_to,
            "media_types": data.media_types,
            "genres": _genres(data.genres),
            "max_entries_per_author": data.max_entries_per_author,
            "max_authors_per_entry": data.max_authors_per_entry,
            "previously_awarded": data.previously_awarded,
            "prizes": data.prizes,
            "excluded_people": await _resolve_excluded(data.excluded_people),
        }
        edition = await insert_audited(
            Edition,
            EditionRow,
            {"contest": contest_id, **_columns(terms)},
            actor=actor,
            action="edition.create",
            changes=terms,
        )
    return edition_out(edition)


async def patch_edition(actor: Actor | None, edition_id: int, data: EditionPatch) -> EditionOut:
    """Only the fields sent change (lists are replaced whole); the result must still hold together."""
    async with Edition._meta.db.transaction():
        before = await get_edition(edition_id)
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
            elif name == "prizes":
                value = msgspec.convert(msgspec.to_builtins(value), list[PrizeOut])
            changes[name] = value
        _check_edition(msgspec.structs.replace(before, **changes))
        edition = await update_versioned(Edition, EditionRow, edition_id, data.version, _columns(changes))
        await audit.record(actor, "edition.update", "edition", edition_id, audit.diff(before, changes))
    return edition_out(edition)


async def edition_history(edition_id: int) -> list[audit.AuditRecord]:
    """The audit trail of an edition's rules, newest first."""
    await get_edition_row(edition_id)
    return await audit.history("edition", edition_id)
