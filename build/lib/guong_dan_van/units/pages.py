"""The committee's units screen: the list with search, and the form that adds a unit."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.response import Template

from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging, SearchText
from guong_dan_van.core.permissions import admin_only, current_actor
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UNIT_KIND_LABELS, UnitCreate
from guong_dan_van.web.forms import FormData, decode_form, form_errors
from guong_dan_van.web.pages import page_context


async def _list_context(
    request: Request[Any, Any, Any], page: PageParams, q: str | None, **extra: Any
) -> dict[str, Any]:
    result = await units.list_units(page, q=q)
    names = await units.names_for({u.successor_id for u in result.items if u.successor_id})
    return page_context(request, page=result, q=q or "", unit_names=names, kind_labels=UNIT_KIND_LABELS, **extra)


class UnitPages(Controller):
    path = "/units"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def units_page(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        return Template("units.html", context=await _list_context(request, page, q, form={}, errors={}))

    @post("/")
    async def units_create(self, request: Request, data: FormData) -> Template:
        try:
            unit = await units.create_unit(
                current_actor(request), decode_form(UnitCreate, data, ("parent_id", "successor_id"))
            )
        except (DomainError, msgspec.ValidationError) as exc:
            message, errors = form_errors(exc)
            return Template(
                "partials/unit_form.html",
                context=page_context(
                    request, form=data, errors=errors, message=message, all_units=[], kind_labels=UNIT_KIND_LABELS
                ),
            )
        return Template(
            "partials/unit_form.html",
            context=page_context(request, form={}, errors={}, created=unit, all_units=[], kind_labels=UNIT_KIND_LABELS),
            headers={"HX-Trigger": "units-changed"},
        )

    @get("/rows")
    async def units_rows(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        return Template("partials/unit_rows.html", context=await _list_context(request, page, q))
