"""The search page (/search): words with or without accents, filters, facet counts, highlighted snippets;
the results refresh as one types (HTMX). The header of every page has a box that opens it. For the media
center and the committee, a result that may be published links to its queue form ("Đưa vào hàng chờ")."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS
from guong_dan_van.contest.schemas import STATUS_LABELS as ENTRY_STATUS_LABELS
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import FilterText, SearchText
from guong_dan_van.core.permissions import Actor, Role, current_actor, logged_in
from guong_dan_van.publishing.rules import PUBLISHERS
from guong_dan_van.publishing.services import AwardedEntryIds, publishable_among
from guong_dan_van.registry.schemas import FIELD_LABELS, LEVEL_LABELS
from guong_dan_van.registry.schemas import STATUS_LABELS as MODEL_STATUS_LABELS
from guong_dan_van.search.dependencies import search_filters
from guong_dan_van.search.schemas import SearchFilters, SearchOut
from guong_dan_van.search.services import Indexer, search_items
from guong_dan_van.web.forms import problem_of
from guong_dan_van.web.pages import page_context

PAGE_FACETS = "type,field,level,year,media_type,status"
FILTER_NAMES = ("type", "field", "level", "year", "media_type", "status")
FORM_FIELDS = ("q", *FILTER_NAMES)
TYPE_LABELS = {"model": "Mô hình, điển hình", "entry": "Tác phẩm dự thi"}
FACET_TITLES = {
    "type": "Loại",
    "field": "Lĩnh vực",
    "level": "Cấp",
    "year": "Năm",
    "media_type": "Loại hình báo chí",
    "status": "Trạng thái",
}


def _labels() -> dict[str, dict[str, str]]:
    status: dict[str, str] = {str(k): v for k, v in MODEL_STATUS_LABELS.items()}
    status.update({str(k): v for k, v in ENTRY_STATUS_LABELS.items()})
    return {
        "type": TYPE_LABELS,
        "field": {str(k): v for k, v in FIELD_LABELS.items()},
        "level": {str(k): v for k, v in LEVEL_LABELS.items()},
        "media_type": {str(k): v for k, v in MEDIA_TYPE_LABELS.items()},
        "status": status,
    }


def item_href(actor: Actor, item_type: str, item_id: int) -> str:
    if item_type == "model":
        return f"/models/{item_id}"
    if actor.role is Role.judge:
        return "/judging/queue"
    return f"/contest/entries/{item_id}"


def queue_href(item_type: str, item_id: int) -> str:
    """The publishing form with this story chosen."""
    return "/publishing/new?" + urlencode({"item_type": item_type, "item_id": item_id})


async def _context(request: Request, search: Indexer, awarded: AwardedEntryIds, form: dict[str, str]) -> dict[str, Any]:
    actor = current_actor(request)
    result = SearchOut(items=[], total=0, facets={})
    problem: dict[str, Any] = {"message": None, "errors": {}, "notes": []}
    filters: SearchFilters | None = None
    try:
        filters = search_filters(
            form.get("q"),
            type=form.get("type"),
            field=form.get("field"),
            level=form.get("level"),
            year=form.get("year"),
            media_type=form.get("media_type"),
            status=form.get("status"),
            facets=PAGE_FACETS,
        )
        if filters.q or filters.engine_filters():
            result = await search_items(search, actor, filters)
    except DomainError as exc:
        problem = problem_of(exc, FORM_FIELDS).context()
    chosen = {k: v for k, v in form.items() if k in FORM_FIELDS and v}
    publishable: set[tuple[str, int]] = set()
    if actor.role in PUBLISHERS and result.items:
        publishable = await publishable_among(((i.type, i.id) for i in result.items), awarded)
    return page_context(
        request,
        form=form,
        result=result,
        searched=bool(filters and (filters.q or filters.engine_filters())),
        labels=_labels(),
        facet_titles=FACET_TITLES,
        href=lambda item: item_href(actor, item.type, item.id),
        queue_href=lambda item: queue_href(item.type, item.id) if (item.type, item.id) in publishable else None,
        with_filter=lambda name, value: urlencode({**chosen, name: value}),
        **problem,
    )


def _form(q: str | None, **filters: str | None) -> dict[str, str]:
    return {k: v.strip() for k, v in {"q": q, **filters}.items() if v is not None}


class SearchPages(Controller):
    path = "/search"
    include_in_schema = False
    guards = [logged_in]

    @get("/")
    async def search_page(
        self,
        request: Request,
        search: NamedDependency[Indexer],
        awarded_entry_ids: NamedDependency[AwardedEntryIds],
        q: SearchText = None,
        type: FilterText = None,
        field: FilterText = None,
        level: FilterText = None,
        year: FilterText = None,
        media_type: FilterText = None,
        status: FilterText = None,
    ) -> Template:
        form = _form(q, type=type, field=field, level=level, year=year, media_type=media_type, status=status)
        context = await _context(request, search, awarded_entry_ids, form)
        template = "search/results.html" if request.headers.get("HX-Request") else "search/page.html"
        return Template(template, context=context, status_code=422 if context["message"] else 200)


WEB_ROUTES = [SearchPages]
