"""A judge's queue of entries to score in open rounds, and the scoring screen."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from guong_dan_van.core.permissions import Role, current_actor, ensure_found, roles
from guong_dan_van.judging import services
from guong_dan_van.judging.pages.common import WHOLE_QUEUE
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.web.pages import page_context


class JudgePages(Controller):
    """A judge: the queue of entries to score in open rounds, and the scoring screen."""

    path = "/judging"
    include_in_schema = False
    guards = [roles(Role.judge)]

    @get("/queue")
    async def queue(self, request: Request) -> Template:
        actor = current_actor(request)
        todo, rounds = [], []
        for round_ in await services.list_rounds(actor):
            if round_.status != RoundStatus.open:
                continue
            items = (await services.list_assignments(actor, round_.id, WHOLE_QUEUE)).items
            rounds.append((round_, sum(1 for a in items if a.scored), len(items)))
            todo += [(round_, a) for a in items if not a.scored]
        return Template("judging/queue.html", context=page_context(request, todo=todo, rounds=rounds))

    @get("/rounds/{round_id:int}/score/{entry_id:int}")
    async def score(self, request: Request, round_id: FromPath[int], entry_id: FromPath[int]) -> Template:
        actor = current_actor(request)
        round_ = await services.get_round(actor, round_id)
        queue = (await services.list_assignments(actor, round_id, WHOLE_QUEUE)).items
        ids = [a.entry_id for a in queue]
        current = next((a for a in queue if a.entry_id == entry_id), None)
        ensure_found(current is not None, "Tác phẩm")
        at = ids.index(entry_id)
        context = page_context(
            request,
            round=round_,
            item=current,
            score=await services.get_own_score(actor, round_id, entry_id),
            previous=ids[at - 1] if at > 0 else None,
            next=ids[at + 1] if at + 1 < len(ids) else None,
            done=sum(1 for a in queue if a.scored),
            total=len(queue),
            position=at + 1,
        )
        return Template("judging/score.html", context=context)
