"""The committee's rounds in progress, and each round's panel, conflicts and progress."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from guong_dan_van.core.permissions import admin_only, current_actor
from guong_dan_van.judging import services
from guong_dan_van.judging.pages.common import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.web.pages import page_context


class RoundPages(Controller):
    """The committee: rounds in progress, and each round's panel, conflicts and progress."""

    path = "/judging/rounds"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def rounds(self, request: Request) -> Template:
        running = [
            r
            for r in await services.list_rounds(current_actor(request))
            if r.status not in (RoundStatus.closed, RoundStatus.finalized)
        ]
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
