"""Awards (trao giải) of an edition: prizes to entries within the prize counts of the edition's rules (per
media type: A/B/C/khuyến khích or nhất/nhì/ba/khuyến khích), and collective prizes to units (giải tập thể).

The round that decides an edition is its final round (chung khảo), or its latest round when it has no final.
Awards are given while that round is closed and recorded in its ledger; finalising it seals them.
"""

from __future__ import annotations

from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS, TIER_LABELS, MediaType, PrizeOut, PrizeTier
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import typed, typed_all
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import AwardIn, AwardOut, RoundStatus, Stage
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.results import TIER_ORDER
from guong_dan_van.judging.services.rounds import ensure_not_sealed, entries_in_scope, lock_round
from guong_dan_van.judging.tables import Award, AwardRow, Round, RoundRow
from guong_dan_van.units.tables import Unit


async def deciding_round(edition_id: int) -> RoundRow | None:
    """The edition's final round (the latest one with stage final), else its latest round."""
    rows = typed_all(
        await Round.select(*Round.all_columns()).where(Round.edition == edition_id).order_by(Round.id).run(), RoundRow
    )
    finals = [r for r in rows if r.stage == Stage.final.value]
    pick = finals or rows
    return pick[-1] if pick else None


def prize_for(prizes: list[PrizeOut], tier: PrizeTier, media_type: str | None) -> tuple[PrizeOut | None, bool]:
    """The prize of this tier for the media type (its own first, else one for every type) and whether it
    is the media type's own."""
    own = [p for p in prizes if p.tier == tier and p.media_type is not None and p.media_type.value == media_type]
    if own:
        return own[0], True
    shared = [p for p in prizes if p.tier == tier and p.media_type is None]
    return (shared[0] if shared else None), False


def _tier_label(tier: str) -> str:
    return TIER_LABELS[PrizeTier(tier)]


async def awards_out(rows: list[AwardRow], prizes: list[PrizeOut]) -> list[AwardOut]:
    entry_ids = [r.entry for r in rows if r.entry is not None]
    entries = {
        e["id"]: e
        for e in await Entry.select(Entry.id, Entry.title, Entry.outlet).where(Entry.id.is_in(entry_ids or [-1])).run()
    }
    authors = await contest.list_entry_authors(entry_ids) if entry_ids else {}
    unit_ids = [r.unit for r in rows if r.unit is not None]
    units = {
        u["id"]: u["name"] for u in await Unit.select(Unit.id, Unit.name).where(Unit.id.is_in(unit_ids or [-1])).run()
    }
    out = []
    for r in rows:
        prize, _own = prize_for(prizes, PrizeTier(r.tier), r.media_type)
        entry = entries.get(r.entry) if r.entry is not None else None
        out.append(
            AwardOut(
                id=r.id,
                edition_id=r.edition,
                round_id=r.round,
                tier=PrizeTier(r.tier),
                tier_label=_tier_label(r.tier),
                entry_id=r.entry,
                unit_id=r.unit,
                media_type=r.media_type,
                title=entry["title"] if entry else None,
                authors=[a.name for a in authors.get(r.entry, [])] if r.entry is not None else [],
                outlet=entry["outlet"] if entry else None,
                unit_name=units.get(r.unit) if r.unit is not None else None,
                amount_vnd=prize.amount_vnd if prize else None,
                note=r.note,
            )
        )
    return out


def _order(rows: list[AwardRow]) -> list[AwardRow]:
    order = {t.value: i for i, t in enumerate([*TIER_ORDER, PrizeTier.collective])}
    return sorted(rows, key=lambda r: (r.media_type or "~", order.get(r.tier, 99), r.id))


async def list_awards(edition_id: int) -> list[AwardOut]:
    edition = await contest.get_edition(edition_id)
    rows = typed_all(await Award.select(*Award.all_columns()).where(Award.edition == edition_id).run(), AwardRow)
    return await awards_out(_order(rows), edition.prizes)


async def _checked_round(edition_id: int) -> RoundRow:
    found = await deciding_round(edition_id)
    if found is None:
        raise Conflict("Đợt thi chưa có vòng chấm nào: chưa trao giải được.")
    round_ = await lock_round(found.id)
    ensure_not_sealed(round_)
    if round_.status != RoundStatus.closed.value:
        raise Conflict("Chỉ trao giải khi vòng chấm quyết định đã khóa.", round_status=round_.status)
    return round_


async def give_award(actor: Actor, edition_id: int, data: AwardIn) -> AwardOut:
    edition = await contest.get_edition(edition_id)
    if (data.entry_id is None) == (data.unit_id is None):
        raise RuleViolation(
            "Giải trao cho một tác phẩm hoặc (giải tập thể) cho một đơn vị.",
            [FieldError("Chọn đúng một: tác phẩm hoặc đơn vị.", field="entry_id")],
        )
    if data.unit_id is not None and data.tier is not PrizeTier.collective:
        raise RuleViolation(
            "Đơn vị chỉ nhận giải tập thể.", [FieldError("Đơn vị chỉ nhận giải tập thể.", field="tier")]
        )
    if data.entry_id is not None and data.tier is PrizeTier.collective:
        raise RuleViolation(
            "Giải tập thể trao cho đơn vị, không trao cho tác phẩm.",
            [FieldError("Giải tập thể trao cho đơn vị.", field="tier")],
        )
    async with Round._meta.db.transaction():
        round_ = await _checked_round(edition_id)
        media_type = await _check_target(round_, data)
        prize, own = prize_for(edition.prizes, data.tier, media_type)
        label = _tier_label(data.tier.value)
        kind_label = MEDIA_TYPE_LABELS[MediaType(media_type)] if media_type else ""
        if prize is None:
            where = f" cho loại hình {kind_label}" if media_type else ""
            raise RuleViolation(
                f"Thể lệ đợt thi không có {label}{where}.",
                [FieldError(f"Thể lệ không có {label}{where}.", field="tier", rule="prize_count")],
            )
        given = Award.count().where((Award.edition == edition_id) & (Award.tier == data.tier.value))
        if own:
            given = given.where(Award.media_type == media_type)
        if await given.run() >= prize.count:
            where = f" cho loại hình {kind_label}" if own else ""
            raise RuleViolation(
                f"Đã trao đủ {prize.count} {label}{where} theo thể lệ đợt thi.",
                [FieldError(f"Đã đủ {prize.count} {label}{where}.", field="tier", rule="prize_count")],
            )
        rows = (
            await Award.insert(
                Award(
                    edition=edition_id,
                    round=round_.id,
                    entry=data.entry_id,
                    unit=data.unit_id,
                    tier=data.tier.value,
                    media_type=media_type,
                    note=data.note.strip() if data.note else None,
                    awarded_by=actor.id,
                    created_at=now(),
                )
            )
            .returning(*Award.all_columns())
            .run()
        )
        award = typed(rows[0], AwardRow)
        fields = {"award_id": award.id, "entry_id": data.entry_id, "unit_id": data.unit_id, "tier": data.tier.value}
        await audit.record(actor, "award.give", "award", award.id, fields)
        await append_event(round_.id, EventKind.award_add, actor.id, fields)
    [out] = await awards_out([award], edition.prizes)
    return out


async def _check_target(round_: RoundRow, data: AwardIn) -> str | None:
    """The entry's media type (it must be in the deciding round's scope and not awarded yet), or None for a unit."""
    if data.unit_id is not None:
        if not await Unit.exists().where(Unit.id == data.unit_id).run():
            raise RuleViolation("Không có đơn vị này.", [FieldError("Không có đơn vị này.", field="unit_id")])
        return None
    scope = dict(await entries_in_scope(round_))
    if data.entry_id not in scope:
        raise RuleViolation(
            "Tác phẩm không thuộc vòng chấm quyết định giải.",
            [FieldError("Tác phẩm không thuộc vòng chấm quyết định giải.", field="entry_id")],
        )
    if await Award.exists().where((Award.edition == round_.edition) & (Award.entry == data.entry_id)).run():
        raise Conflict("Tác phẩm này đã được trao giải.")
    return scope[data.entry_id]


async def take_back_award(actor: Actor, edition_id: int, award_id: int) -> None:
    ensure_id(award_id, "Giải thưởng")
    await contest.get_edition(edition_id)
    async with Round._meta.db.transaction():
        row = await Award.select(*Award.all_columns()).where(Award.id == award_id).first().run()
        ensure_found(row is not None and row["edition"] == edition_id, "Giải thưởng")
        assert row is not None
        award = typed(row, AwardRow)
        round_ = await lock_round(award.round)
        ensure_not_sealed(round_)
        await Award.delete().where(Award.id == award_id).run()
        fields = {"award_id": award.id, "entry_id": award.entry, "unit_id": award.unit, "tier": award.tier}
        await audit.record(actor, "award.take_back", "award", award.id, fields)
        await append_event(round_.id, EventKind.award_remove, actor.id, fields)


async def awarded_counts(edition_id: int) -> dict[str, int]:
    """Media type → awarded entries of the edition (for the funnel)."""
    rows = await Award.select(Award.media_type).where((Award.edition == edition_id) & Award.entry.is_not_null()).run()
    out: dict[str, int] = {}
    for r in rows:
        out[r["media_type"]] = out.get(r["media_type"], 0) + 1
    return out


async def awarded_entry_ids() -> set[int]:
    """Entries holding a prize in a sealed round: what publishing and the public site may call awarded.

    An award given in a round not yet finalised can still be taken back, so it does not count here."""
    rows = (
        await Award.select(Award.entry)
        .where(Award.entry.is_not_null() & (Award.round.status == RoundStatus.finalized.value))
        .run()
    )
    return {r["entry"] for r in rows}
