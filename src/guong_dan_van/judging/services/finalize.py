"""Finalising (niêm phong) a closed round: the results under the chosen method, the scope, shortlist and
awards are written in a last ledger event, whose hash is the seal. After it nothing in the round changes."""

from __future__ import annotations

from guong_dan_van.core import audit
from guong_dan_van.core.errors import Conflict
from guong_dan_van.core.permissions import Actor
from guong_dan_van.judging import arithmetic, replay
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import FinalizeIn, RoundStatus, SealOut
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.results import round_reviews, scope_of, shortlist_of
from guong_dan_van.judging.services.rounds import ensure_not_sealed, get_round_row, lock_round
from guong_dan_van.judging.tables import Award, Round


async def finalize_round(actor: Actor, round_id: int, data: FinalizeIn) -> SealOut:
    await get_round_row(actor, round_id)
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        ensure_not_sealed(round_)
        if round_.status != RoundStatus.closed.value:
            raise Conflict("Chỉ niêm phong được vòng chấm đã khóa.", round_status=round_.status)
        scope = await scope_of(round_)
        results = arithmetic.results(await round_reviews(round_, scope), scope.entries, data.method.value)
        awards = await Award.select(Award.entry, Award.unit, Award.tier).where(Award.round == round_id).run()
        event = await append_event(
            round_id,
            EventKind.round_finalize,
            actor.id,
            {
                "status": RoundStatus.finalized.value,
                "method": data.method.value,
                "entry_ids": sorted(scope.entries),
                "results": replay.recorded_results(results),
                "shortlist": sorted(await shortlist_of(round_id)),
                "awards": sorted(
                    [{"entry_id": a["entry"], "unit_id": a["unit"], "tier": a["tier"]} for a in awards],
                    key=lambda a: (a["tier"], a["entry_id"] or 0, a["unit_id"] or 0),
                ),
            },
        )
        seal = str(event["hash"])
        await (
            Round.update(
                {Round.status: RoundStatus.finalized.value, Round.seal: seal, Round.version: round_.version + 1}
            )
            .where(Round.id == round_id)
            .run()
        )
        await audit.record(actor, "round.finalize", "round", round_id, {"seal": seal, "method": data.method.value})
    return SealOut(round_id=round_id, method=data.method, seal=seal)
