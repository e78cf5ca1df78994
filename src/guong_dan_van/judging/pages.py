"""The judging room's pages: the committee's rounds and progress, the judge's queue and scoring screen."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Role, admin_only, current_actor, ensure_found, roles
from guong_dan_van.judging import services
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.web.pages import page_context

STATUS_LABELS = {"setup": "Đang chuẩn bị", "open": "Đang chấm", "closed": "Đã khóa"}
STAGE_LABELS = {"preliminary": "Sơ khảo", "final": "Chung khảo"}
WHOLE_QUEUE = PageParams(limit=200, offset=0)


class RoundPages(Controller):
    """The committee: rounds in progress, and each round's panel, conflicts and progress."""

    path = "/judging/rounds"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def rounds(self, request: Request) -> Template:
        running = [r for r in await services.list_rounds(current_actor(request)) if r.status != RoundStatus.closed]
        context = page_context(request, rounds=running, status_labels=STATUS_LABELS, stage_labels=STAGE_LABELS)
        return Template("judging/rounds.html", context=context)

    @get("/{round_id:int}")
    async def round_page(self, request: Request, round_id: FromPath[int]) -> Template:
        actor = current_actor(request)
        context = page_context(
            request,
            round=await services.get_round(actor, round_id),
            progress=await services.round_progress(actor, round_id),
            panel=await services.list_panel(round_id),
            conflicts=await services.round_conflicts_out(actor, round_id),
            status_labels=STATUS_LABELS,
            stage_labels=STAGE_LABELS,
        )
        return Template("judging/round.html", context=context)


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


WEB_ROUTES: list[ControllerRouterHandler] = [RoundPages, JudgePages]
