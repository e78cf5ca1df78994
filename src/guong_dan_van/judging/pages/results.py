"""The committee's results pages (kết quả): the results with a method switch, the judges' statistics and
chart, the shortlist dialog, awards, finalising with confirmation and a printable result sheet; and the
public results of an edition (no login) once its deciding round is sealed."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS, TIER_LABELS, PrizeTier
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.permissions import admin_only, current_actor
from guong_dan_van.judging import services
from guong_dan_van.judging.arithmetic import mean
from guong_dan_van.judging.chart import judge_chart
from guong_dan_van.judging.pages.common import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.judging.schemas import AwardIn, FinalizeIn, Method, ShortlistIn
from guong_dan_van.judging.sheet import METHOD_LABELS
from guong_dan_van.units.tables import Unit
from guong_dan_van.web.forms import NO_PROBLEM, FormProblem, done, form_again, problem_of, read_form
from guong_dan_van.web.pages import page_context

SHORTLIST_LABELS = {
    "top": "Số tác phẩm đứng đầu",
    "min_score": "Điểm tối thiểu",
    "per_media_type": "Theo từng loại hình",
    "method": "Cách tính điểm",
}
AWARD_LABELS = {"tier": "Hạng giải", "entry_id": "Tác phẩm", "unit_id": "Đơn vị", "note": "Ghi chú"}
LABELS = {
    "method_labels": METHOD_LABELS,
    "status_labels": STATUS_LABELS,
    "stage_labels": STAGE_LABELS,
    "media_labels": {k.value: v for k, v in MEDIA_TYPE_LABELS.items()},
    "tier_labels": {k.value: v for k, v in TIER_LABELS.items()},
}


def _method(value: str | None) -> Method:
    try:
        return Method(value or Method.mean.value)
    except ValueError:
        return Method.mean


async def _results_context(request: Request, round_id: int, method: Method, **extra: Any) -> dict[str, Any]:
    actor = current_actor(request)
    round_ = await services.get_round(actor, round_id)
    results = await services.get_results(actor, round_id, method)
    edition = await contest.get_edition(round_.edition_id)
    by_type: dict[str, list[Any]] = {}
    for item in results.items:
        by_type.setdefault(item.media_type, []).append(item)
    for items in by_type.values():
        items.sort(key=lambda i: i.rank_in_media_type)
    return page_context(
        request,
        round=round_,
        edition=edition,
        results=results,
        by_type=by_type,
        method=method,
        methods=list(Method),
        **LABELS,
        **extra,
    )


async def _awards_context(request: Request, edition_id: int, **extra: Any) -> dict[str, Any]:
    edition = await contest.get_edition(edition_id)
    deciding = await services.deciding_round(edition_id)
    candidates: list[Any] = []
    if deciding is not None:
        candidates = (await services.compute_results(deciding, Method.mean)).items
    units = await Unit.select(Unit.id, Unit.name).order_by(Unit.name).run()
    tiers = [t for t in PrizeTier if any(p.tier == t for p in edition.prizes)]
    return page_context(
        request,
        edition=edition,
        deciding=deciding,
        awards=await services.list_awards(edition_id),
        candidates=candidates,
        units=units,
        tiers=tiers,
        form=extra.pop("form", {}),
        **{**NO_PROBLEM, **extra},
        **LABELS,
    )


class ResultPages(Controller):
    path = "/judging/results"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def index(self, request: Request) -> Template:
        rounds = await services.list_rounds(current_actor(request))
        editions = {e.id: e for e in await contest.list_all_editions()}
        return Template(
            "judging/results/index.html",
            context=page_context(request, rounds=rounds, editions=editions, **LABELS),
        )

    @get("/rounds/{round_id:int}")
    async def results(
        self, request: Request, round_id: FromPath[int], method: FromQuery[str | None] = None
    ) -> Template:
        context = await _results_context(request, round_id, _method(method), form={}, **NO_PROBLEM)
        return Template("judging/results/results.html", context=context)

    @get("/rounds/{round_id:int}/judges")
    async def judges(self, request: Request, round_id: FromPath[int]) -> Template:
        context = await _results_context(request, round_id, Method.mean)
        stats = context["results"].judges
        panel = mean([s.mean for s in stats]) if stats else None
        context["chart"] = judge_chart(stats, panel)
        return Template("judging/results/judges.html", context=context)

    @get("/rounds/{round_id:int}/print")
    async def printable(
        self, request: Request, round_id: FromPath[int], method: FromQuery[str | None] = None
    ) -> Template:
        context = await _results_context(request, round_id, _method(method))
        context["awards"] = await services.list_awards(context["round"].edition_id)
        return Template("judging/results/print.html", context=context)

    @post("/rounds/{round_id:int}/shortlist")
    async def shortlist(self, request: Request, round_id: FromPath[int]) -> Response[Any] | Template:
        form: FormMultiDict = await request.form()
        try:
            data = read_form(ShortlistIn, form, SHORTLIST_LABELS)
            await services.shortlist_round(current_actor(request), round_id, data)
        except (FormProblem, DomainError) as exc:
            problem = problem_of(exc, SHORTLIST_LABELS)
            context = await _results_context(request, round_id, _method(form.get("method")), form=dict(form))
            return form_again(
                request, "judging/results/results.html", "judging/results/shortlist_form.html", context, problem
            )
        return done(request, f"/judging/results/rounds/{round_id}?method={_method(form.get('method')).value}")

    @get("/rounds/{round_id:int}/finalize")
    async def finalize_page(self, request: Request, round_id: FromPath[int]) -> Template:
        context = await _results_context(request, round_id, Method.mean, form={}, **NO_PROBLEM)
        return Template("judging/results/finalize.html", context=context)

    @post("/rounds/{round_id:int}/finalize")
    async def finalize(self, request: Request, round_id: FromPath[int]) -> Response[Any] | Template:
        form: FormMultiDict = await request.form()
        try:
            data = read_form(FinalizeIn, form, {"method": "Cách tính điểm"})
            await services.finalize_round(current_actor(request), round_id, data)
        except (FormProblem, DomainError) as exc:
            problem = problem_of(exc, ["method"])
            context = await _results_context(request, round_id, Method.mean, form=dict(form))
            return form_again(
                request, "judging/results/finalize.html", "judging/results/finalize_form.html", context, problem
            )
        return done(request, f"/judging/results/rounds/{round_id}?method={data.method.value}")

    @get("/editions/{edition_id:int}/awards")
    async def awards(self, request: Request, edition_id: FromPath[int]) -> Template:
        return Template("judging/results/awards.html", context=await _awards_context(request, edition_id))

    @post("/editions/{edition_id:int}/awards")
    async def give_award(self, request: Request, edition_id: FromPath[int]) -> Response[Any] | Template:
        form: FormMultiDict = await request.form()
        try:
            data = read_form(AwardIn, form, AWARD_LABELS)
            await services.give_award(current_actor(request), edition_id, data)
        except (FormProblem, DomainError) as exc:
            problem = problem_of(exc, AWARD_LABELS)
            context = await _awards_context(request, edition_id, form=dict(form))
            return form_again(
                request, "judging/results/awards.html", "judging/results/award_form.html", context, problem
            )
        return done(request, f"/judging/results/editions/{edition_id}/awards")

    @post("/editions/{edition_id:int}/awards/{award_id:int}/delete")
    async def take_back(self, request: Request, edition_id: FromPath[int], award_id: FromPath[int]) -> Response[Any]:
        await services.take_back_award(current_actor(request), edition_id, award_id)
        return done(request, f"/judging/results/editions/{edition_id}/awards")

    @get("/rounds/{round_id:int}/ledger.json")
    async def ledger_file(self, request: Request, round_id: FromPath[int]) -> Response[bytes]:
        await services.get_round(current_actor(request), round_id)
        return _ledger_download(await services.get_ledger(round_id), round_id)


def _ledger_download(ledger: Any, round_id: int) -> Response[bytes]:
    return Response(
        msgspec.json.encode(ledger),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="so-cai-vong-{round_id}.json"'},
    )
