"""Vietnamese pages of the registry: list with filters, form, model page, committee review, statistics, import.

Pages call the same services as the API. Forms are read by `web.forms` into the API's own Structs; a
refusal shows the form again with a message beside each field at fault.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, MultipartBody
from litestar.response import Template

from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.errors import BadRequest, DomainError
from guong_dan_van.core.pagination import FilterText, Paging, SearchText, filter_choice
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in
from guong_dan_van.media.services import Media
from guong_dan_van.registry import excel, importer, markdown, rules, services
from guong_dan_van.registry.dependencies import (
    IMPORT_BODY_LIMIT,
    MODEL_FILTERS,
    YEAR_FILTER,
    Filters,
    YearFilter,
    registers_models,
)
from guong_dan_van.registry.schemas import (
    FIELD_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    Decision,
    ModelCreate,
    ModelOut,
    ModelPatch,
    ModelStatus,
    ReplicationIn,
    ReviewIn,
    SubmitIn,
)
from guong_dan_van.registry.services import EntriesAboutModel, ModelFilters
from guong_dan_van.registry.stats import Rollup, model_stats
from guong_dan_van.units import services as units
from guong_dan_van.web.forms import NO_PROBLEM, FormProblem, done, form_again, problem_of, read_form
from guong_dan_van.web.pages import page_context
from guong_dan_van.web.pickers import coded, options, picked_ids

# The form's fields by their labels, for the messages beside them.
FORM_LABELS = {
    "unit_id": "Đơn vị sở hữu",
    "title": "Tên mô hình",
    "kind": "Loại",
    "field": "Lĩnh vực",
    "level": "Cấp",
    "address": "Địa chỉ",
    "summary": "Tóm tắt",
    "body": "Bài viết chi tiết",
    "results": "Kết quả cụ thể",
    "started_year": "Năm bắt đầu",
    "budget_vnd": "Kinh phí",
    "beneficiaries": "Đối tượng hưởng lợi",
    "contact": "Người liên hệ",
    "version": "Phiên bản",
    "year": "Năm",
    "decision": "Quyết định",
    "decision_no": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "note": "Ghi chú",
}
# Left empty on the edit form, these are cleared.
CLEARABLE = ("address", "beneficiaries", "contact", "body", "started_year", "budget_vnd", "results")


def _labels() -> dict[str, Any]:
    return {
        "field_labels": FIELD_LABELS,
        "level_labels": LEVEL_LABELS,
        "kind_labels_model": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "decisions": list(Decision),
        "this_year": today_vn().year,
    }


def _results(form: FormMultiDict) -> dict[str, Any]:
    """The results line ("Đèn chiếu sáng: 270 đèn; …") as the API's list, or a message beside the field."""
    text = (form.get("results") or "").strip()
    if not text:
        return {}
    results = excel.parse_results(text)
    if results is None:
        raise FormProblem(
            "Chưa lưu được: một chỗ cần sửa.",
            {"results": "Mỗi kết quả cần có số, ví dụ “Đèn chiếu sáng: 270 đèn”."},
        )
    return {"results": results}


def _results_text(model: ModelOut) -> str:
    return "; ".join(
        f"{r.label}: {int(r.value) if float(r.value).is_integer() else r.value}{' ' + r.unit if r.unit else ''}"
        for r in model.results
    )


def _model_form(model: ModelOut) -> dict[str, Any]:
    """A stored model as the edit form shows it."""
    values = {name: getattr(model, name) for name in FORM_LABELS if hasattr(model, name)}
    values = {k: ("" if v is None else str(v)) for k, v in values.items()}
    return {**values, "results": _results_text(model), "version": str(model.version)}


async def _form_context(
    request: Request[Any, Any, Any], model: ModelOut | None, form: Mapping[str, Any]
) -> dict[str, Any]:
    level = model.level if model else None
    return page_context(
        request,
        model=model,
        form=form,
        unit_names=await units.names_for(picked_ids(form.get("unit_id"))),
        offer_district=rules.district_offered(level, today_vn().year),
        **NO_PROBLEM,
        **_labels(),
    )


def _query_string(filters: ModelFilters) -> str:
    """The filters as a query string, for the export link and paging."""
    return urlencode({k: (v.value if hasattr(v, "value") else v) for k, v in vars(filters).items() if v})


async def _model_action(
    request: Request[Any, Any, Any], model_id: int, write: Callable[[FormMultiDict], Awaitable[Any]]
) -> Response[Any]:
    """A small form on a model (submit, review, replicate): done, or its fault shown in the page's flash area."""
    form = await request.form()
    try:
        await write(form)
    except (FormProblem, DomainError) as exc:
        raise BadRequest(problem_of(exc, FORM_LABELS).as_text()) from None
    back = form.get("back") or ""
    return done(request, back if back.startswith("/models") else f"/models/{model_id}")


@dataclass
class ImportForm:
    file: UploadFile
    dry_run: str | None = None


class RegistryPages(Controller):
    path = "/models"
    include_in_schema = False
    guards = [logged_in]
    dependencies = {**MODEL_FILTERS, **YEAR_FILTER}

    @get("/")
    async def list_page(self, request: Request, page: Paging, filters: Filters) -> Template:
        actor = current_actor(request)
        query = _query_string(filters)
        result = await services.list_models(actor, page, filters)
        names = await units.names_for(picked_ids(filters.unit_id))
        return Template(
            "registry/list.html",
            context=page_context(request, page=result, filters=filters, query=query, unit_names=names, **_labels()),
        )

    @get("/options")
    async def model_options(self, request: Request, q: SearchText = None) -> Template:
        """The model picker's answers: models the user may see, by code or title."""
        found = await services.search_models(current_actor(request), q)
        return options(request, (coded(m.id, m.code, m.title, m.unit_name) for m in found), q)

    @post("/preview", guards=[registers_models], status_code=200)
    async def preview(self, request: Request) -> Response[str]:
        """The write-up as the model page will show it (the form's "Xem trước" button)."""
        form = await request.form()
        body = str(form.get("body") or "")[:200_000]
        html = markdown.render(body) or '<p class="muted">Chưa có nội dung để xem trước.</p>'
        return Response(html, media_type="text/html")

    @get("/new", guards=[registers_models])
    async def new_page(self, request: Request) -> Template:
        return Template("registry/form.html", context=await _form_context(request, None, {}))

    @post("/new", guards=[registers_models])
    async def create(self, request: Request) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(ModelCreate, form, FORM_LABELS, values=_results(form))
            created = await services.create_model(current_actor(request), data)
        except (FormProblem, DomainError) as exc:
            context = await _form_context(request, None, form)
            return form_again(request, "registry/form.html", "registry/partials/model_form.html", context,
                              problem_of(exc, FORM_LABELS))  # fmt: skip
        return done(request, f"/models/{created.id}")

    @get("/{model_id:int}")
    async def detail_page(
        self, request: Request, entries_about_model: NamedDependency[EntriesAboutModel], model_id: FromPath[int]
    ) -> Template:
        actor = current_actor(request)
        model = await services.get_model(actor, model_id, entries_about=entries_about_model)
        return Template(
            "registry/detail.html",
            context=page_context(request, model=model, unit_names={}, **NO_PROBLEM, **_labels()),
        )

    @get("/{model_id:int}/edit")
    async def edit_page(self, request: Request, model_id: FromPath[int]) -> Template:
        model = await services.get_model(current_actor(request), model_id)
        return Template("registry/form.html", context=await _form_context(request, model, _model_form(model)))

    @post("/{model_id:int}/edit")
    async def update(self, request: Request, model_id: FromPath[int]) -> Response[Any]:
        actor = current_actor(request)
        form = await request.form()
        try:
            values = {"results": None, **_results(form)}
            data = read_form(ModelPatch, form, FORM_LABELS, values=values, blank_is_null=CLEARABLE)
            await services.patch_model(actor, model_id, data)
        except (FormProblem, DomainError) as exc:
            context = await _form_context(request, await services.get_model(actor, model_id), form)
            return form_again(request, "registry/form.html", "registry/partials/model_form.html", context,
                              problem_of(exc, FORM_LABELS))  # fmt: skip
        return done(request, f"/models/{model_id}")

    @get("/{model_id:int}/delete")
    async def delete_page(self, request: Request, model_id: FromPath[int]) -> Template:
        model = await services.get_model(current_actor(request), model_id)
        context = page_context(
            request,
            heading=f"Xóa bản nháp “{model.title}”?",
            text=f"Mô hình {model.code} và ảnh của nó sẽ bị xóa, không thể hoàn tác.",
            action=f"/models/{model.id}/delete",
            button="Xóa bản nháp",
            back=f"/models/{model.id}",
        )
        return Template("confirm.html", context=context)

    @post("/{model_id:int}/delete")
    async def delete(
        self,
        request: Request,
        media: NamedDependency[Media],
        entries_about_model: NamedDependency[EntriesAboutModel],
        model_id: FromPath[int],
    ) -> Response[Any]:
        await services.delete_model(current_actor(request), media, model_id, entries_about=entries_about_model)
        return done(request, "/models")

    @post("/{model_id:int}/submit")
    async def submit(self, request: Request, model_id: FromPath[int]) -> Response[Any]:
        async def write(form: FormMultiDict) -> Any:
            data = read_form(SubmitIn, form, FORM_LABELS)
            return await services.submit_year(current_actor(request), model_id, data)

        return await _model_action(request, model_id, write)

    @post("/{model_id:int}/review", guards=[admin_only])
    async def review(self, request: Request, model_id: FromPath[int]) -> Response[Any]:
        async def write(form: FormMultiDict) -> Any:
            data = read_form(ReviewIn, form, FORM_LABELS)
            return await services.review_year(current_actor(request), model_id, data)

        return await _model_action(request, model_id, write)

    @post("/{model_id:int}/replications")
    async def replicate(self, request: Request, model_id: FromPath[int]) -> Response[Any]:
        async def write(form: FormMultiDict) -> Any:
            data = read_form(ReplicationIn, form, {**FORM_LABELS, "unit_id": "Đơn vị nhân rộng"})
            return await services.add_replication(current_actor(request), model_id, data)

        return await _model_action(request, model_id, write)

    @get("/review", guards=[admin_only])
    async def review_page(
        self, request: Request, page: Paging, year_filter: YearFilter, status: FilterText = None
    ) -> Template:
        """What awaits appraisal: every year's submitted models, or one year's, or another status."""
        chosen = filter_choice(status, ModelStatus, "status", "Trạng thái") or ModelStatus.submitted
        filters = ModelFilters(year=year_filter, status=chosen)
        result = await services.list_models(current_actor(request), page, filters)
        return Template(
            "registry/review.html",
            context=page_context(request, page=result, year=year_filter, status=chosen, **_labels()),
        )

    @get("/stats")
    async def stats_page(self, request: Request, year_filter: YearFilter, rollup: FilterText = None) -> Template:
        chosen = filter_choice(rollup, Rollup, "rollup", "Cách cộng đơn vị") or Rollup.none
        stats = await model_stats(current_actor(request), year_filter, chosen)
        peak = max([*stats.by_field.values(), *stats.by_status.values(), 1])
        return Template(
            "registry/stats.html",
            context=page_context(request, stats=stats, year=year_filter, rollup=chosen.value, peak=peak, **_labels()),
        )

    @get("/import", guards=[registers_models])
    async def import_page(self, request: Request) -> Template:
        actor = current_actor(request)
        return Template(
            "registry/import.html",
            context=page_context(request, report=None, can_import=actor.is_admin or actor.role is Role.unit),
        )

    @post("/import", guards=[registers_models], request_max_body_size=IMPORT_BODY_LIMIT)
    async def import_submit(self, request: Request, data: MultipartBody[ImportForm]) -> Template:
        report = await importer.import_models(
            current_actor(request), await data.file.read(), dry_run=bool(data.dry_run)
        )
        return Template("registry/import_report.html", context=page_context(request, report=report))


WEB_ROUTES = [RegistryPages]
