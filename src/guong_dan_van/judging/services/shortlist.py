"""The shortlist (danh sách vào chung khảo): the entries a closed round sends on to the next, by the top N
(overall or per media type) and/or everything from a score up, under the method the committee chose."""

from __future__ import annotations

from collections import defaultdict

from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import Method, ResultItem, RoundStatus, ShortlistIn, ShortlistOut
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.results import compute_results
from guong_dan_van.judging.services.rounds import ensure_not_sealed, get_round_row, lock_round
from guong_dan_van.judging.tables import Round, ShortlistEntry


def choose(items: list[ResultItem], data: ShortlistIn) -> list[ResultItem]:
    """The chosen entries, in rank order: scored, from `min_score` up, the first `top` (of each media type)."""
    scored = [i for i in items if i.score is not None]
    if data.min_score is not None:
        scored = [i for i in scored if round(i.score or 0.0, 6) >= data.min_score]
    if data.top is None:
        return scored
    if not data.per_media_type:
        return scored[: data.top]
    taken: dict[str, int] = defaultdict(int)
    chosen = []
    for item in scored:
        if taken[item.media_type] < data.top:
            taken[item.media_type] += 1
            chosen.append(item)
    return chosen


async def shortlist_round(actor: Actor, round_id: int, data: ShortlistIn) -> ShortlistOut:
    """Replace the round's shortlist. Only a closed round, and not once a round built on it has opened."""
    await get_round_row(actor, round_id)
    if data.top is None and data.min_score is None:
        raise RuleViolation(
            "Hãy chọn số tác phẩm đứng đầu hoặc điểm tối thiểu.",
            [FieldError("Cần số tác phẩm (top) hoặc điểm tối thiểu (min_score).", field="top")],
        )
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        ensure_not_sealed(round_)
        if round_.status != RoundStatus.closed.value:
            raise Conflict("Chỉ chọn vào vòng sau khi vòng chấm đã khóa.", round_status=round_.status)
        started = (
            await Round.exists()
            .where((Round.source_round == round_id) & (Round.status != RoundStatus.setup.value))
            .run()
        )
        if started:
            raise Conflict("Vòng chung khảo lấy danh sách này đã bắt đầu chấm: không đổi được danh sách nữa.")
        chosen = choose((await compute_results(round_, data.method)).items, data)
        await ShortlistEntry.delete().where(ShortlistEntry.round == round_id).run()
        stamp = now()
        if chosen:
            await ShortlistEntry.insert(
                *(
                    ShortlistEntry(
                        round=round_id,
                        entry=i.entry_id,
                        media_type=i.media_type,
                        rank=i.rank,
                        score=repr(i.score),
                        method=data.method.value,
                        created_at=stamp,
                    )
                    for i in chosen
                )
            ).run()
        ids = [i.entry_id for i in chosen]
        criteria = {"top": data.top, "min_score": data.min_score, "per_media_type": data.per_media_type}
        await audit.record(actor, "round.shortlist", "round", round_id, {**criteria, "entry_ids": ids})
        await append_event(
            round_id, EventKind.shortlist, actor.id, {**criteria, "method": data.method.value, "entry_ids": ids}
        )
    return ShortlistOut(round_id=round_id, method=data.method, entry_ids=ids)


async def get_shortlist(actor: Actor, round_id: int) -> ShortlistOut:
    await get_round_row(actor, round_id)
    rows = (
        await ShortlistEntry.select(ShortlistEntry.entry, ShortlistEntry.method)
        .where(ShortlistEntry.round == round_id)
        .order_by(ShortlistEntry.rank)
        .run()
    )
    method = Method(rows[0]["method"]) if rows else Method.mean
    return ShortlistOut(round_id=round_id, method=method, entry_ids=[r["entry"] for r in rows])
