"""The committee's rounds (every state, filtered by status), and each round's page: its workspace."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from guong_dan_van.contest import services as contest
from guong_dan_van.core.permissions import admin_only, current_actor
from guong_dan_van.judging import services
from guong_dan_van.judging.pages.common import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.judging.pages.workspace import round_context
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.web.pages import page_context

# The list's filter: one state, or those still running (the dashboard card's link), or all.
RUNNING = "running"


class RoundPages(Controller):
    """The committee: the rounds, and each round's panel, conflicts, assignments and progress."""

    path = "/judging/rounds"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def rounds(self, request: Request, status: FromQuery[str | None] = None) -> Template:
        chosen = status if status in {*RoundStatus, RUNNING} else ""
        every = await services.list_rounds(current_actor(request))
        shown = [
            r
            for r in every
            if not chosen
            or r.status == chosen
            or (chosen == RUNNING and r.status not in (RoundStatus.closed, RoundStatus.finalized))
        ]
        editions = await contest.list_all_editions()
        context = page_context(
            request,
            rounds=shown,
            total=len(every),
            status=chosen,
            statuses=list(RoundStatus),
            editions=editions,
            edition_names={e.id: e.name for e in editions},
            status_labels=STATUS_LABELS,
            stage_labels=STAGE_LABELS,
        )
        return Template("judging/rounds.html", context=context)

    @get("/{round_id:int}")
    async def round_page(self, request: Request, round_id: FromPath[int]) -> Template:
        return Template("judging/round.html", context=await round_context(request, round_id))
