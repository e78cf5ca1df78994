"""`GET /api/search`: what the caller may see, best first, with snippets and facet counts."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.di import NamedDependency

from guong_dan_van.core.permissions import current_actor, logged_in
from guong_dan_van.search.dependencies import SEARCH_FILTERS, SearchParams
from guong_dan_van.search.schemas import SearchOut
from guong_dan_van.search.services import Indexer, search_items


class SearchController(Controller):
    path = "/api/search"
    tags = ["search"]
    guards = [logged_in]
    dependencies = SEARCH_FILTERS

    @get("/", summary="Full-text search over models and entries the caller may see")
    async def search(self, request: Request, filters: SearchParams, search: NamedDependency[Indexer]) -> SearchOut:
        return await search_items(search, current_actor(request), filters)


API_ROUTES = [SearchController]
