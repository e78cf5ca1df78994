"""What the registry's API and pages share: the list filters, the year filter, the import size limit, guards."""

from __future__ import annotations

from litestar.di import NamedDependency, Provide

from guong_dan_van.core.pagination import FilterText, SearchText, filter_choice, filter_number
from guong_dan_van.core.permissions import Role, roles
from guong_dan_van.registry import excel
from guong_dan_van.registry.schemas import ModelField, ModelKind, ModelLevel, ModelStatus
from guong_dan_van.registry.services import ModelFilters

MIN_YEAR, MAX_YEAR = 2000, 2100


def year_filter(year: str | None) -> int | None:
    return filter_number(year, "year", "Năm", MIN_YEAR, MAX_YEAR)


async def provide_year(year: FilterText = None) -> int | None:
    """`?year=`: one year, or every year when empty."""
    return year_filter(year)


async def provide_model_filters(
    year: FilterText = None,
    field: FilterText = None,
    level: FilterText = None,
    kind: FilterText = None,
    unit_id: FilterText = None,
    status: FilterText = None,
    q: SearchText = None,
) -> ModelFilters:
    """The list filters, the same query parameters for the API list, the Excel export and the list page.
    An empty parameter (a select left at "Tất cả") filters nothing."""
    return ModelFilters(
        year=year_filter(year),
        field=filter_choice(field, ModelField, "field", "Lĩnh vực"),
        level=filter_choice(level, ModelLevel, "level", "Cấp"),
        kind=filter_choice(kind, ModelKind, "kind", "Loại"),
        unit_id=filter_number(unit_id, "unit_id", "Đơn vị"),
        status=filter_choice(status, ModelStatus, "status", "Trạng thái"),
        q=q.strip() if q and q.strip() else None,
    )


# Handlers declare `filters: Filters` / `year_filter: YearFilter`; controllers provide them with these.
Filters = NamedDependency[ModelFilters]
YearFilter = NamedDependency[int | None]
MODEL_FILTERS = {"filters": Provide(provide_model_filters)}
YEAR_FILTER = {"year_filter": Provide(provide_year)}
# Room for the multipart envelope around the spreadsheet itself.
IMPORT_BODY_LIMIT = excel.MAX_IMPORT_BYTES + 64 * 1024

# Who registers models (and imports lists of them): the committee and the units, not judges or the media center.
registers_models = roles(Role.admin, Role.unit)
