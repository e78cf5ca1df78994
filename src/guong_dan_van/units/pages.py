"""The committee's units screen (the list with search, the form that adds a unit) and the unit picker's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging, SearchText
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UNIT_KIND_LABELS, UnitCreate, UnitOption
from guong_dan_van.web.forms import NO_PROBLEM, FormProblem, done, form_again, is_htmx, problem_of, read_form
from guong_dan_van.web.pages import page_context
from guong_dan_van.web.pickers import Choice, options, picked_ids

FORM_LABELS = {
    "name": "Tên đơn vị",
    "kind": "Loại",
    "code": "Mã",
    "parent_id": "Đơn vị cấp trên",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "successor_id": "Đơn vị kế thừa",
}


async def _units_context(
    request: Request[Any, Any, Any], page: PageParams, q: str | None, form: Mapping[str, Any]
) -> dict[str, Any]:
    result = await units.list_units(page, q=q)
    chosen = picked_ids(form.get("parent_id"), form.get("successor_id"))
    names = await units.names_for({u.successor_id for u in result.items if u.successor_id} | chosen)
    return page_context(
        request, page=result, q=q or "", unit_names=names, form=form, kind_labels=UNIT_KIND_LABELS, **NO_PROBLEM
    )


def unit_choice(option: UnitOption) -> Choice:
    """A unit as the picker lists it: its name, then its code, its parent and whether it has lapsed."""
    detail = [option.code or "", option.parent_name or "", "" if option.active else "hết hiệu lực"]
    return Choice(option.id, option.name, " · ".join(d for d in detail if d))


class UnitOptionPages(Controller):
    """The unit picker's answers, for every page with a unit field (the /models filter is everyone's)."""

    path = "/units/options"
    include_in_schema = False
    guards = [logged_in]

    @get("/")
    async def unit_options(self, request: Request, q: SearchText = None) -> Template:
        return options(request, map(unit_choice, await units.search_units(q)), q)


class UnitPages(Controller):
    path = "/units"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def units_page(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        return Template("units.html", context=await _units_context(request, page, q, {}))

    @post("/")
    async def units_create(self, request: Request, page: Paging) -> Response[Any]:
        form = await request.form()
        try:
            unit = await units.create_unit(current_actor(request), read_form(UnitCreate, form, FORM_LABELS))
        except (FormProblem, DomainError) as exc:
            context = await _units_context(request, page, None, form)
            return form_again(request, "units.html", "partials/unit_form.html", context, problem_of(exc, FORM_LABELS))
        if not is_htmx(request):
            return done(request, "/units")
        return Template(
            "partials/unit_form.html",
            context=page_context(
                request, form={}, created=unit, unit_names={}, kind_labels=UNIT_KIND_LABELS, **NO_PROBLEM
            ),
            headers={"HX-Trigger": "units-changed"},
        )

    @get("/rows")
    async def units_rows(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        return Template("partials/unit_rows.html", context=await _units_context(request, page, q, {}))
