"""Panels (tiểu ban): who judges a round and which media types they cover. A judge may sit on several
panels of a round: their media types add up (none given: every type)."""

from __future__ import annotations

import msgspec

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.schemas import MediaType
from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, Role, ensure_id
from guong_dan_van.core.repository import typed_all
from guong_dan_van.judging.assignment import Panelist
from guong_dan_van.judging.schemas import JudgeIn, PanelSeatOut, RoundStatus
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.rounds import ensure_not_sealed, lock_round, round_row
from guong_dan_van.judging.tables import Assignment, Round, RoundJudge, RoundJudgeRow


def _types(seat: RoundJudgeRow) -> frozenset[str] | None:
    return None if seat.media_types is None else frozenset(msgspec.json.decode(seat.media_types))


async def panel_rows(round_id: int) -> list[RoundJudgeRow]:
    rows = (
        await RoundJudge.select(*RoundJudge.all_columns())
        .where(RoundJudge.round == round_id)
        .order_by(RoundJudge.user)
        .run()
    )
    return typed_all(rows, RoundJudgeRow)


async def panelists(round_id: int) -> list[Panelist]:
    return [Panelist(seat.user, _types(seat)) for seat in await panel_rows(round_id)]


async def list_panel(round_id: int) -> list[PanelSeatOut]:
    seats = await panel_rows(round_id)
    names = await _names([s.user for s in seats])
    return [
        PanelSeatOut(
            round_id=round_id,
            user_id=s.user,
            full_name=names.get(s.user, ""),
            media_types=None if (t := _types(s)) is None else [MediaType(m) for m in sorted(t)],
        )
        for s in seats
    ]


async def _names(user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(user_ids)).run()
    return {r["id"]: r["full_name"] for r in rows}


async def add_judge(actor: Actor, round_id: int, data: JudgeIn) -> PanelSeatOut:
    await round_row(round_id)
    user = await User.select(User.id, User.role, User.active).where(User.id == data.user_id).first().run()
    if user is None or user["role"] != Role.judge.value or not user["active"]:
        raise RuleViolation(
            "Chỉ thêm được tài khoản giám khảo đang hoạt động.",
            [FieldError("Không phải tài khoản giám khảo đang hoạt động.", field="user_id")],
        )
    added = None if data.media_types is None else {m.value for m in data.media_types}
    async with Round._meta.db.transaction():
        current = await lock_round(round_id)
        ensure_not_sealed(current)
        if current.status == RoundStatus.closed.value:
            raise Conflict("Vòng chấm đã khóa.", round_status=current.status)
        seat = (
            await RoundJudge.select(*RoundJudge.all_columns())
            .where((RoundJudge.round == round_id) & (RoundJudge.user == data.user_id))
            .first()
            .run()
        )
        if seat is None:
            merged = added
            await RoundJudge.insert(
                RoundJudge(
                    round=round_id,
                    user=data.user_id,
                    media_types=None if merged is None else msgspec.json.encode(sorted(merged)).decode(),
                    created_at=now(),
                )
            ).run()
        else:
            had = _types(typed_all([seat], RoundJudgeRow)[0])
            merged = None if had is None or added is None else set(had) | added
            await (
                RoundJudge.update(
                    {RoundJudge.media_types: None if merged is None else msgspec.json.encode(sorted(merged)).decode()}
                )
                .where(RoundJudge.id == seat["id"])
                .run()
            )
        media_types = None if merged is None else sorted(merged)
        await audit.record(
            actor, "round.judge", "round", round_id, {"user_id": data.user_id, "media_types": media_types}
        )
        await append_event(round_id, "panel.judge", actor.id, {"judge_id": data.user_id, "media_types": media_types})
    [seat_out] = [s for s in await list_panel(round_id) if s.user_id == data.user_id]
    return seat_out


async def remove_judge(actor: Actor, round_id: int, user_id: int) -> None:
    """The committee takes a judge off the round's panels while it is being prepared (nothing is scored
    yet); the judge's assignments go with the seat."""
    await round_row(round_id)
    ensure_id(user_id, "Giám khảo")
    async with Round._meta.db.transaction():
        current = await lock_round(round_id)
        if current.status != RoundStatus.setup.value:
            raise Conflict("Chỉ bớt giám khảo khi vòng chấm đang chuẩn bị.", round_status=current.status)
        seat = (RoundJudge.round == round_id) & (RoundJudge.user == user_id)
        if not await RoundJudge.exists().where(seat).run():
            raise RuleViolation(
                "Giám khảo không có trong tiểu ban.", [FieldError("Không có trong tiểu ban.", field="user_id")]
            )
        held = (Assignment.round == round_id) & (Assignment.judge == user_id)
        withdrawn = await Assignment.count().where(held).run()
        await Assignment.delete().where(held).run()
        await RoundJudge.delete().where(seat).run()
        await audit.record(
            actor, "round.judge_remove", "round", round_id, {"user_id": user_id, "assignments": withdrawn}
        )
        await append_event(round_id, "panel.remove", actor.id, {"judge_id": user_id, "assignments": withdrawn})


async def judges_of_edition_rounds(edition_id: int) -> frozenset[int]:
    """Everyone on a panel of any round of the edition: they may not enter it."""
    rows = (
        await RoundJudge.select(RoundJudge.user)
        .where(RoundJudge.round.edition == edition_id)
        .output(as_list=True)
        .run()
    )
    return frozenset(rows)
