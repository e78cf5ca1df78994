"""Vietnamese pages of the registry: list with filters, form, model page, committee review, statistics, import.

Pages call the same services as the API; writes go through HTMX (which sends the CSRF header) and
answer with `HX-Redirect`, or raise, which the app turns into a flash message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, MultipartBody
from litestar.response import Template

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in
from guong_dan_van.registry import excel, importer, services
from guong_dan_van.registry.controllers import IMPORT_BODY_LIMIT, MODEL_FILTERS, Filters, YearQuery
from guong_dan_van.registry.schemas import (
    FIELD_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    Decision,
    ModelCreate,
    ModelPatch,
    ModelStatus,
    ReplicationIn,
    ReviewIn,
    SubmitIn,
)
from guong_dan_van.registry.services import EntriesAboutModel, ModelFilters
from guong_dan_van.registry.stats import Rollup, model_stats
from guong_dan_van.units import services as units
from guong_dan_van.web.forms import FormData
from guong_dan_van.web.pages import hx_redirect, page_context

TEXT_FIELDS = ("title", "summary", "body", "address", "beneficiaries", "contact")


def _labels() -> dict[str, Any]:
    return {
        "field_labels": FIELD_LABELS,
        "level_labels": LEVEL_LABELS,
        "kind_labels_model": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "decisions": list(Decision),
        "this_year": today_vn().year,
    }


def _form_values(form: dict[str, str]) -> dict[str, Any]:
    """Form fields → API fields: empty means absent, numbers parsed, results written as in the sheet."""
    values: dict[str, Any] = {k: form[k] for k in (*TEXT_FIELDS, "kind", "field", "level") if form.get(k, "") != ""}
    for key in ("started_year", "budget_vnd", "unit_id"):
        if form.get(key, "").strip():
            number = excel.parse_int(form[key])
            if number is None:
                raise RuleViolation("Thông tin chưa hợp lệ.", [FieldError("Cần nhập số.", field=key)])
            values[key] = number
    if form.get("results", "").strip():
        results = excel.parse_results(form["results"])
        if results is None:
            raise RuleViolation(
                "Kết quả chưa đúng dạng.",
                [FieldError("Mỗi kết quả cần có số, ví dụ “Đèn chiếu sáng: 270 đèn”.", field="results")],
            )
        values["results"] = results
    return values


def _convert(struct: type[Any], values: dict[str, Any]) -> Any:
    try:
        return msgspec.convert(values, struct)
    except msgspec.ValidationError as exc:
        raise RuleViolation(f"Thông tin chưa hợp lệ: {exc}") from None


def _query_string(filters: ModelFilters) -> str:
    """The filters as a query string, for the export link and paging."""
    return urlencode({k: (v.value if hasattr(v, "value") else v) for k, v in vars(filters).items() if v})


@dataclass
class ImportForm:
    file: UploadFile
    dry_run: str | None = None


class RegistryPages(Controller):
    path = "/models"
    include_in_schema = False
    guards = [logged_in]
    dependencies = MODEL_FILTERS

    @get("/")
    async def list_page(self, request: Request, page: Paging, filters: Filters) -> Template:
        actor = current_actor(request)
        query = _query_string(filters)
        result = await services.list_models(actor, page, filters)
        all_units = await units.list_units(PageParams(limit=200, offset=0))
        return Template(
            "registry/list.html",
            context=page_context(
                request, page=result, filters=filters, query=query, all_units=all_units.items, **_labels()
            ),
        )

    @get("/new")
    async def new_page(self, request: Request) -> Template:
        all_units = await units.list_units(PageParams(limit=200, offset=0))
        return Template(
            "registry/form.html", context=page_context(request, model=None, all_units=all_units.items, **_labels())
        )

    @post("/new")
    async def create(self, request: Request, data: FormData) -> Response[str]:
        created = await services.create_model(current_actor(request), _convert(ModelCreate, _form_values(data)))
        return hx_redirect(f"/models/{created.id}")

    @get("/{model_id:int}")
    async def detail_page(
        self, request: Request, entries_about_model: NamedDependency[EntriesAboutModel], model_id: FromPath[int]
    ) -> Template:
        actor = current_actor(request)
        model = await services.get_model(actor, model_id, entries_about=entries_about_model)
        all_units = await units.list_units(PageParams(limit=200, offset=0))
        return Template(
            "registry/detail.html",
            context=page_context(request, model=model, all_units=all_units.items, **_labels()),
        )

    @get("/{model_id:int}/edit")
    async def edit_page(self, request: Request, model_id: FromPath[int]) -> Template:
        model = await services.get_model(current_actor(request), model_id)
        results = "; ".join(
            f"{r.label}: {int(r.value) if float(r.value).is_integer() else r.value}{' ' + r.unit if r.unit else ''}"
            for r in model.results
        )
        return Template(
            "registry/form.html",
            context=page_context(request, model=model, results_text=results, all_units=[], **_labels()),
        )

    @post("/{model_id:int}/edit")
    async def update(self, request: Request, model_id: FromPath[int], data: FormData) -> Response[str]:
        values = _form_values(data)
        values.pop("unit_id", None)
        values["version"] = excel.parse_int(data.get("version", "")) or 0
        for key in ("address", "beneficiaries", "contact", "body", "started_year", "budget_vnd", "results"):
            values.setdefault(key, None)
        await services.patch_model(current_actor(request), model_id, _convert(ModelPatch, values))
        return hx_redirect(f"/models/{model_id}")

    @post("/{model_id:int}/submit")
    async def submit(self, request: Request, model_id: FromPath[int], data: FormData) -> Response[str]:
        await services.submit_year(
            current_actor(request), model_id, _convert(SubmitIn, {"year": excel.parse_int(data.get("year", ""))})
        )
        return hx_redirect(f"/models/{model_id}")

    @post("/{model_id:int}/review", guards=[admin_only])
    async def review(self, request: Request, model_id: FromPath[int], data: FormData) -> Response[str]:
        values: dict[str, Any] = {"year": excel.parse_int(data.get("year", "")), "decision": data.get("decision")}
        for key in ("note", "decision_no", "decision_date"):
            if data.get(key, "").strip():
                values[key] = data[key].strip()
        await services.review_year(current_actor(request), model_id, _convert(ReviewIn, values))
        back = data.get("back", "")
        return hx_redirect(back if back.startswith("/models") else f"/models/{model_id}")

    @post("/{model_id:int}/replications")
    async def replicate(self, request: Request, model_id: FromPath[int], data: FormData) -> Response[str]:
        values: dict[str, Any] = {
            "unit_id": excel.parse_int(data.get("unit_id", "")),
            "year": excel.parse_int(data.get("year", "")),
        }
        if data.get("note", "").strip():
            values["note"] = data["note"]
        await services.add_replication(current_actor(request), model_id, _convert(ReplicationIn, values))
        return hx_redirect(f"/models/{model_id}")

    @get("/review", guards=[admin_only])
    async def review_page(
        self, request: Request, page: Paging, year: YearQuery = None, status: FromQuery[ModelStatus | None] = None
    ) -> Template:
        year = year or today_vn().year
        filters = ModelFilters(year=year, status=status or ModelStatus.submitted)
        result = await services.list_models(current_actor(request), page, filters)
        return Template(
            "registry/review.html",
            context=page_context(request, page=result, year=year, status=filters.status, **_labels()),
        )

    @get("/stats")
    async def stats_page(
        self, request: Request, year: YearQuery = None, rollup: FromQuery[Rollup] = Rollup.none
    ) -> Template:
        stats = await model_stats(current_actor(request), year, rollup)
        peak = max([*stats.by_field.values(), *stats.by_status.values(), 1])
        return Template(
            "registry/stats.html",
            context=page_context(request, stats=stats, year=year, rollup=rollup.value, peak=peak, **_labels()),
        )

    @get("/import")
    async def import_page(self, request: Request) -> Template:
        actor = current_actor(request)
        return Template(
            "registry/import.html",
            context=page_context(request, report=None, can_import=actor.is_admin or actor.role is Role.unit),
        )

    @post("/import", request_max_body_size=IMPORT_BODY_LIMIT)
    async def import_submit(self, request: Request, data: MultipartBody[ImportForm]) -> Template:
        report = await importer.import_models(
            current_actor(request), await data.file.read(), dry_run=bool(data.dry_run)
        )
        return Template("registry/import_report.html", context=page_context(request, report=report))


WEB_ROUTES = [RegistryPages]
