"""Rounds (vòng chấm) of an edition: create with a rubric, read, open, close; which entries are in scope.

    setup ──open──▶ open ──close──▶ closed ──finalize──▶ finalized (sealed: nothing changes any more)

Every change takes the round's lock (`lock_round`) in its transaction and appends a ledger event there.
"""

from __future__ import annotations

from typing import Any

import msgspec

from guong_dan_van.contest import services as contest
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core import audit
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, Role, ensure_found, ensure_id
from guong_dan_van.core.repository import insert_audited, typed, typed_all, update_versioned
from guong_dan_van.judging import rubric
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import ROUND_STATUS_LABELS, CriterionOut, RoundCreate, RoundOut, RoundStatus
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.tables import Assignment, Round, RoundJudge, RoundRow, ShortlistEntry


def criteria_of(round_: RoundRow) -> list[rubric.Criterion]:
    return [rubric.Criterion(**c) for c in msgspec.json.decode(round_.criteria)]


def round_out(round_: RoundRow) -> RoundOut:
    return RoundOut(
        id=round_.id,
        edition_id=round_.edition,
        name=round_.name,
        stage=round_.stage,  # type: ignore[arg-type]
        blind=round_.blind,
        judges_per_entry=round_.judges_per_entry,
        criteria=[CriterionOut(key=c.key, label=c.label, weight=c.weight, max=c.max) for c in criteria_of(round_)],
        source_round_id=round_.source_round,
        status=RoundStatus(round_.status),
        version=round_.version,
        created_at=round_.created_at,
        updated_at=round_.updated_at,
        seal=round_.seal,
    )


async def round_row(round_id: int) -> RoundRow:
    ensure_id(round_id, "Vòng chấm")
    row = await Round.select(*Round.all_columns()).where(Round.id == round_id).first().run()
    ensure_found(row is not None, "Vòng chấm")
    assert row is not None
    return typed(row, RoundRow)


async def lock_round(round_id: int) -> RoundRow:
    """The round, re-read under its lock: PostgreSQL takes the row lock (SELECT … FOR UPDATE) until the
    transaction ends; SQLite has one writer already (BEGIN IMMEDIATE)."""
    query = Round.select(*Round.all_columns()).where(Round.id == round_id)
    if Round._meta.db.engine_type == "postgres":
        query = query.lock_rows()
    row = await query.first().run()
    ensure_found(row is not None, "Vòng chấm")
    assert row is not None
    return typed(row, RoundRow)


def ensure_not_sealed(round_: RoundRow) -> None:
    """A finalised round is sealed: any change to it is refused (409) and its ledger stays as it is."""
    if round_.status == RoundStatus.finalized.value:
        raise Conflict(
            "Vòng chấm đã niêm phong kết quả: không thay đổi được nữa.", round_status=round_.status, seal=round_.seal
        )


async def sits_on_panel(user_id: int, round_id: int) -> bool:
    seat = await RoundJudge.exists().where((RoundJudge.round == round_id) & (RoundJudge.user == user_id)).run()
    return bool(seat)


async def get_round_row(actor: Actor, round_id: int) -> RoundRow:
    """The committee sees every round; a judge the rounds they sit on; others none (404)."""
    found = await round_row(round_id)
    visible = actor.is_admin or (actor.role is Role.judge and await sits_on_panel(actor.id, round_id))
    ensure_found(visible, "Vòng chấm")
    return found


async def get_round(actor: Actor, round_id: int) -> RoundOut:
    return round_out(await get_round_row(actor, round_id))


async def list_rounds(actor: Actor, edition_id: int | None = None) -> list[RoundOut]:
    query = Round.select(*Round.all_columns()).order_by(Round.id)
    if edition_id is not None:
        query = query.where(Round.edition == edition_id)
    if not actor.is_admin:
        seats = RoundJudge.select(RoundJudge.round).where(RoundJudge.user == actor.id)
        query = query.where(Round.id.is_in(await seats.output(as_list=True).run() or [-1]))
    return [round_out(r) for r in typed_all(await query.run(), RoundRow)]


async def create_round(actor: Actor, edition_id: int, data: RoundCreate) -> RoundOut:
    await contest.get_edition(edition_id)
    criteria = [msgspec.structs.asdict(c) for c in data.criteria] if data.criteria else None
    if criteria is None:
        criteria = [c.__dict__ for c in rubric.DEFAULT_CRITERIA]
    keys = [c["key"] for c in criteria]
    if len(set(keys)) != len(keys):
        raise RuleViolation("Mỗi tiêu chí cần một mã riêng.", [FieldError("Trùng mã tiêu chí.", field="criteria")])
    if data.source_round_id is not None:
        source = await Round.select(Round.edition).where(Round.id == data.source_round_id).first().run()
        if source is None or source["edition"] != edition_id:
            raise RuleViolation(
                "Vòng nguồn phải là một vòng của cùng đợt thi.",
                [FieldError("Vòng nguồn không thuộc đợt thi này.", field="source_round_id")],
            )
    values: dict[str, Any] = {
        "edition": edition_id,
        "name": data.name.strip(),
        "stage": data.stage.value,
        "blind": data.blind,
        "judges_per_entry": data.judges_per_entry,
        "criteria": msgspec.json.encode(criteria).decode(),
        "source_round": data.source_round_id,
        "status": RoundStatus.setup.value,
    }
    async with Round._meta.db.transaction():
        created = await insert_audited(Round, RoundRow, values, actor=actor, action="round.create")
        await append_event(
            created.id,
            EventKind.round_create,
            actor.id,
            {
                "name": created.name,
                "blind": created.blind,
                "criteria": criteria,
                "judges_per_entry": data.judges_per_entry,
            },
        )
    return round_out(created)


async def _move(actor: Actor, round_id: int, source: RoundStatus, target: RoundStatus, kind: str) -> RoundOut:
    async with Round._meta.db.transaction():
        current = await lock_round(round_id)
        if current.status != source.value:
            label = ROUND_STATUS_LABELS[RoundStatus(current.status)]
            raise Conflict(f"Vòng chấm đang ở trạng thái “{label}”.", round_status=current.status)
        if target is RoundStatus.open and not await Assignment.exists().where(Assignment.round == round_id).run():
            raise Conflict("Chưa phân công giám khảo: hãy phân công trước khi mở vòng chấm.")
        moved = await update_versioned(Round, RoundRow, round_id, current.version, {"status": target.value})
        await audit.record(actor, f"round.{target.value}", "round", round_id, {"status": [source.value, target.value]})
        await append_event(round_id, kind, actor.id, {"status": target.value})
    return round_out(moved)


async def open_round(actor: Actor, round_id: int) -> RoundOut:
    await round_row(round_id)
    return await _move(actor, round_id, RoundStatus.setup, RoundStatus.open, EventKind.round_open)


async def close_round(actor: Actor, round_id: int) -> RoundOut:
    await round_row(round_id)
    return await _move(actor, round_id, RoundStatus.open, RoundStatus.closed, EventKind.round_close)


async def shortlisted_entries(source_round_id: int) -> list[int] | None:
    """The source round's shortlist (empty until the committee shortlists): a final round (chung khảo)
    judges only what its preliminary sent on."""
    rows = (
        await ShortlistEntry.select(ShortlistEntry.entry)
        .where(ShortlistEntry.round == source_round_id)
        .order_by(ShortlistEntry.entry)
        .output(as_list=True)
        .run()
    )
    return list(rows)


async def entries_in_scope(round_: RoundRow) -> list[tuple[int, str]]:
    """(entry id, media type) of the entries this round judges: the edition's eligible entries, or the
    source round's shortlist."""
    query = Entry.select(Entry.id, Entry.media_type).where(
        (Entry.edition == round_.edition) & (Entry.status == "eligible")
    )
    if round_.source_round is not None:
        shortlist = await shortlisted_entries(round_.source_round)
        if shortlist is not None:
            query = query.where(Entry.id.is_in(shortlist or [-1]))
    rows = await query.order_by(Entry.id).run()
    return [(r["id"], r["media_type"]) for r in rows]


async def entries_needing_judges(round_: RoundRow) -> list[int]:
    """Entries in scope with fewer judges than the round asks for (none before the first assignment)."""
    rows = await Assignment.select(Assignment.entry).where(Assignment.round == round_.id).output(as_list=True).run()
    if not rows:
        return []
    held: dict[int, int] = {}
    for entry_id in rows:
        held[entry_id] = held.get(entry_id, 0) + 1
    return [e for e, _ in await entries_in_scope(round_) if held.get(e, 0) < round_.judges_per_entry]
