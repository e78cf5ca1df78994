"""What the committee's round page shows: the round, its progress, panel, conflicts and assignments.

The page's forms share one context; `failed` names the form a refusal belongs to, so its message shows
beside that form only (`form_again` answers HTMX with that form alone).
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS, MediaType
from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.permissions import current_actor
from guong_dan_van.judging import services
from guong_dan_van.judging.pages.common import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.web.forms import NO_PROBLEM
from guong_dan_van.web.pages import page_context


async def progress_context(request: Request[Any, Any, Any], round_id: int) -> dict[str, Any]:
    actor = current_actor(request)
    progress = await services.round_progress(actor, round_id)
    return page_context(
        request,
        round=await services.get_round(actor, round_id),
        progress=progress,
        titles=await services.entry_titles(progress.entries_lacking_scores),
        media_labels=MEDIA_TYPE_LABELS,
        vn_tz=VN_TZ,
    )


async def round_context(request: Request[Any, Any, Any], round_id: int, **extra: Any) -> dict[str, Any]:
    """Everything the round page needs; `extra` carries a refused form (`failed`, `form`, its problem)."""
    actor = current_actor(request)
    work = await services.round_workspace(actor, round_id)
    panel = await services.list_panel(round_id)
    return {
        **await progress_context(request, round_id),
        "panel": panel,
        "judge_names": {**{j.id: j.full_name for j in work.judge_accounts}, **{s.user_id: s.full_name for s in panel}},
        "conflicts": await services.round_conflicts_out(actor, round_id),
        "work": work,
        "status_labels": STATUS_LABELS,
        "stage_labels": STAGE_LABELS,
        "media_types": list(MediaType),
        "failed": None,
        "form": {},
        "shortfalls": [],
        **NO_PROBLEM,
        **extra,
    }
