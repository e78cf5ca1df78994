"""The model library: the list with filters and search, and each model's page at `/chuyen-trang/mo-hinh/{slug}-{id}`.

Query strings come from anyone: every value is read leniently from the raw query (a value that is not one
of the choices means "all"; the search text is folded and cut), so no query string is ever an error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Redirect

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.errors import NotFound
from guong_dan_van.public import rules, services
from guong_dan_van.public.pages.common import LIBRARY, Rendered, cached_page, public_error_response, render
from guong_dan_van.public.pages.home import PUBLIC_OPT
from guong_dan_van.public.schemas import Choice, LibraryFilters
from guong_dan_van.registry.schemas import FIELD_LABELS, LEVEL_LABELS, ModelField, ModelLevel

MAX_PAGE = 10_000
REDIRECT_CACHE = {"Cache-Control": "public, max-age=3600"}
MODEL_MISSING = "Không tìm thấy mô hình này. Có thể địa chỉ đã sai hoặc mô hình chưa được công bố."


def _number(value: str | None, high: int) -> int | None:
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= high else None


def read_filters(request: Request[Any, Any, Any]) -> LibraryFilters:
    """The library's filters from any query string: unknown or malformed values mean "all"."""
    params = request.query_params
    field = params.get("field") or ""
    level = params.get("level") or ""
    return LibraryFilters(
        q=services.clean_query(params.get("q")),
        field=ModelField(field) if field in ModelField.__members__ else None,
        level=ModelLevel(level) if level in ModelLevel.__members__ else None,
        year=_number(params.get("year"), 9999),
        unit_id=_number(params.get("unit_id"), rules.MAX_ID),
        page=_number(params.get("trang"), MAX_PAGE) or 1,
    )


def filters_query(filters: LibraryFilters, page: int | None = None) -> str:
    """The canonical query string of these filters (the memo key and every link use it)."""
    values: list[tuple[str, str]] = []
    for name in ("q", "field", "level", "year", "unit_id"):
        value = getattr(filters, name)
        if value is not None:
            values.append((name, str(value.value if hasattr(value, "value") else value)))
    number = filters.page if page is None else page
    if number > 1:
        values.append(("trang", str(number)))
    return urlencode(values)


def _address(filters: LibraryFilters, page: int | None = None) -> str:
    query = filters_query(filters, page)
    return f"{LIBRARY}?{query}" if query else LIBRARY


class PublicLibraryPages(Controller):
    include_in_schema = False
    opt = PUBLIC_OPT
    exception_handlers = {Exception: public_error_response}

    @get(LIBRARY)
    async def library(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        filters = read_filters(request)

        async def build() -> Rendered:
            found = await services.list_library(filters)
            years = await services.recognised_years()
            units = await services.units_with_public_models()
            body = render(
                request,
                "public/library.html",
                title="Thư viện mô hình",
                description="Tra cứu các mô hình, điển hình “Dân vận khéo” đã được công nhận, "
                "theo lĩnh vực, cấp, năm và đơn vị; gõ có dấu hay không dấu đều được.",
                canonical_path=_address(filters),
                found=found,
                filters=filters,
                fields=[Choice(value=f.value, label=FIELD_LABELS[f]) for f in ModelField],
                levels=[Choice(value=lv.value, label=LEVEL_LABELS[lv]) for lv in ModelLevel],
                years=years,
                units=units,
                page_address=lambda number: _address(filters, number),
                og_image=next((m.thumb for m in found.items if m.thumb), None),
            )
            return Rendered(body)

        return await cached_page(request, _address(filters), build)

    @get(LIBRARY + "/{address:str}")
    async def model_page(self, request: Request[Any, Any, Any], address: FromPath[str]) -> Response[Any]:
        model_id = rules.parse_slug(address)
        if model_id is None:
            raise NotFound(MODEL_MISSING)

        async def build() -> Rendered | Response[Any]:
            model = await services.get_public_model(model_id)
            if model is None:
                raise NotFound(MODEL_MISSING)
            if model.slug != address:
                # An old title's address (or the bare id): the current one, for good.
                return Redirect(f"{LIBRARY}/{model.slug}", status_code=301, headers=REDIRECT_CACHE)
            body = render(
                request,
                "public/model.html",
                title=model.title,
                description=model.summary,
                og_type="article",
                og_image=model.photos[0].large if model.photos else None,
                model=model,
                updated=model.updated_at.astimezone(VN_TZ),
            )
            return Rendered(body)

        return await cached_page(request, f"{LIBRARY}/{address}", build)
