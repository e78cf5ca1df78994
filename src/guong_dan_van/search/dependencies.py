"""What the search API and page share: the query parameters, validated into `SearchFilters`."""

from __future__ import annotations

from typing import Annotated, Any

from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from guong_dan_van.contest.schemas import MediaType
from guong_dan_van.core.errors import BadRequest, FieldError
from guong_dan_van.core.pagination import FilterText, SearchText, filter_choice, filter_number
from guong_dan_van.registry.schemas import ModelField, ModelLevel
from guong_dan_van.search.documents import FACET_FIELDS
from guong_dan_van.search.schemas import ItemType, SearchFilters, SearchStatus

MAX_SEARCH_LIMIT = 100
MAX_SEARCH_OFFSET = 10_000


def facet_names(value: str | None) -> tuple[str, ...]:
    if value is None or not value.strip():
        return ()
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    unknown = [n for n in names if n not in FACET_FIELDS]
    if unknown:
        message = f"Không có nhóm đếm “{unknown[0][:30]}”; chọn trong: {', '.join(FACET_FIELDS)}."
        raise BadRequest(message, [FieldError(message, field="facets")])
    return names


def search_filters(
    q: str | None,
    type: str | None = None,
    field: str | None = None,
    level: str | None = None,
    year: str | None = None,
    media_type: str | None = None,
    unit_id: str | None = None,
    status: str | None = None,
    facets: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchFilters:
    def choice(value: str | None, enum: Any, param: str, what: str) -> str | None:
        found = filter_choice(value, enum, param, what)
        return found.value if found is not None else None

    return SearchFilters(
        q=(q or "").strip(),
        type=choice(type, ItemType, "type", "Loại"),
        field=choice(field, ModelField, "field", "Lĩnh vực"),
        level=choice(level, ModelLevel, "level", "Cấp"),
        year=filter_number(year, "year", "Năm", 1900, 2100),
        media_type=choice(media_type, MediaType, "media_type", "Loại hình báo chí"),
        unit_id=filter_number(unit_id, "unit_id", "Đơn vị"),
        status=choice(status, SearchStatus, "status", "Trạng thái"),
        facets=facet_names(facets),
        limit=limit,
        offset=offset,
    )


async def provide_search_filters(
    q: SearchText = None,
    type: FilterText = None,
    field: FilterText = None,
    level: FilterText = None,
    year: FilterText = None,
    media_type: FilterText = None,
    unit_id: FilterText = None,
    status: FilterText = None,
    facets: FilterText = None,
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_SEARCH_LIMIT)] = 20,
    offset: Annotated[int, QueryParameter(ge=0, le=MAX_SEARCH_OFFSET)] = 0,
) -> SearchFilters:
    return search_filters(q, type, field, level, year, media_type, unit_id, status, facets, limit, offset)


SearchParams = NamedDependency[SearchFilters]
SEARCH_FILTERS = {"filters": Provide(provide_search_filters)}
