"""The contest's editions and their rules, screening (sơ loại) and the funnel, for the committee; the list of
editions for everyone. They call the same services as the API; forms are read by `web.forms` into the API's
Structs and shown again with a message beside each field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK

from guong_dan_van.contest import services
from guong_dan_van.contest.dependencies import ENTRY_FILTERS
from guong_dan_van.contest.pages.common import ENTRY_LABELS, contest_context, line_number, split_line, typed_lines
from guong_dan_van.contest.schemas import (
    AwardedPolicy,
    ContestCreate,
    EditionCreate,
    EditionKind,
    EditionOut,
    EditionPatch,
    EntryStatus,
    ExcludedRole,
    MediaType,
    PrizeTier,
    ScreenIn,
)
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.web.forms import (
    NO_PROBLEM,
    FormProblem,
    done,
    form_again,
    problem_of,
    read_form,
)

CONTEST_LABELS = {"name": "Tên cuộc thi", "period_from": "Ngày bắt đầu", "period_to": "Ngày kết thúc"}
EDITION_LABELS = {
    "name": "Tên đợt thi",
    "kind": "Loại đợt",
    "year": "Năm",
    "published_from": "Ngày bắt đầu đăng, phát",
    "published_to": "Ngày kết thúc đăng, phát",
    "submit_from": "Ngày bắt đầu nhận tác phẩm",
    "submit_to": "Ngày kết thúc nhận tác phẩm",
    "media_types": "Loại hình báo chí",
    "genres": "Thể loại",
    "max_entries_per_author": "Số tác phẩm tối đa mỗi tác giả",
    "max_authors_per_entry": "Số tác giả tối đa mỗi tác phẩm",
    "previously_awarded": "Quy định về tác phẩm đã đoạt giải",
    "prizes": "Cơ cấu giải",
    "excluded_people": "Người không được dự thi",
    "version": "Phiên bản",
}


def _edition_lists(form: FormMultiDict) -> dict[str, Any]:
    """The set-up form's lists. Prizes: "loại hình | hạng | số giải | tiền" per line;
    excluded people: "vai trò | họ tên" per line."""
    prizes = []
    for line in typed_lines(form.get("prizes") or ""):
        parts = [*split_line(line), "", "", "", ""]
        prize: dict[str, Any] = {"tier": parts[1], "count": line_number(parts[2])}
        if parts[0]:
            prize["media_type"] = parts[0]
        if parts[3]:
            prize["amount_vnd"] = line_number(parts[3])
        prizes.append(prize)
    people = [
        dict(zip(("role", "name"), [*split_line(line), ""][:2], strict=True))
        for line in typed_lines(form.get("excluded_people") or "")
    ]
    genres = [g.strip() for g in (form.get("genres") or "").split(",") if g.strip()]
    return {
        "prizes": prizes,
        "excluded_people": people,
        "genres": genres,
        "media_types": form.getall("media_types", []),
    }


def _edition_form(edition: EditionOut) -> dict[str, Any]:
    """An edition's rules as the amendment form shows them (the lists written one per line)."""
    prizes = [" | ".join([p.media_type or "", p.tier, str(p.count), str(p.amount_vnd or "")]) for p in edition.prizes]
    people = [f"{x.role} | {x.name or ''}" for x in edition.excluded_people]
    return {
        **{k: str(v) for k, v in {
            "name": edition.name, "year": edition.year or "", "published_from": edition.published_from,
            "published_to": edition.published_to, "submit_from": edition.submit_from, "submit_to": edition.submit_to,
            "max_entries_per_author": edition.max_entries_per_author,
            "max_authors_per_entry": edition.max_authors_per_entry,
            "previously_awarded": edition.previously_awarded.value, "version": edition.version,
        }.items()},
        "media_types": [m.value for m in edition.media_types],
        "genres": ", ".join(edition.genres),
        "prizes": "\n".join(prizes),
        "excluded_people": "\n".join(people),
    }  # fmt: skip


def _form_values(form: FormMultiDict) -> dict[str, Any]:
    """What was typed, as the form shows it again (checkbox groups as lists)."""
    return {key: (form.getall(key) if key == "media_types" else form.get(key)) for key in form}


async def _edition_form_context(
    request: Request[Any, Any, Any], contest_id: int, edition: EditionOut | None, form: Mapping[str, Any]
) -> dict[str, Any]:
    history = await services.edition_history(edition.id) if edition else []
    return contest_context(
        request,
        contest=await services.get_contest(contest_id),
        edition=edition,
        form=form,
        history=history,
        kinds=list(EditionKind),
        policies=list(AwardedPolicy),
        tiers=list(PrizeTier),
        excluded_roles=list(ExcludedRole),
    )


async def _waiting(request: Request[Any, Any, Any], edition_id: int) -> int:
    """How many entries of the edition still wait for screening."""
    one = PageParams(limit=1, offset=0)
    return (await services.list_entries(current_actor(request), edition_id, one, status=EntryStatus.submitted)).total


class ContestPages(Controller):
    path = "/contest"
    include_in_schema = False
    guards = [logged_in]
    dependencies = ENTRY_FILTERS

    @get("/")
    async def overview(self, request: Request) -> Template:
        contests = await services.list_contests(PageParams(limit=200, offset=0))
        editions = await services.list_all_editions()
        return Template(
            "contest/index.html", context=contest_context(request, contests=contests.items, editions=editions)
        )

    @post("/contests", guards=[admin_only], status_code=HTTP_200_OK)
    async def create_contest(self, request: Request) -> Response[Any]:
        form = await request.form()
        try:
            await services.create_contest(current_actor(request), read_form(ContestCreate, form, CONTEST_LABELS))
        except (FormProblem, DomainError) as exc:
            contests = await services.list_contests(PageParams(limit=200, offset=0))
            context = contest_context(
                request, contests=contests.items, editions=await services.list_all_editions(), form=form
            )
            problem = problem_of(exc, CONTEST_LABELS)
            return form_again(request, "contest/index.html", "contest/partials/contest_form.html", context, problem)
        return done(request, "/contest")

    @get("/editions/new", guards=[admin_only])
    async def new_edition(self, request: Request, contest_id: FromQuery[int]) -> Template:
        defaults = {"media_types": [m.value for m in MediaType if m is not MediaType.photo]}
        context = await _edition_form_context(request, contest_id, None, defaults)
        return Template("contest/edition_form.html", context=context)

    @post("/editions", guards=[admin_only], status_code=HTTP_200_OK)
    async def create_edition(self, request: Request, contest_id: FromQuery[int]) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(EditionCreate, form, EDITION_LABELS, values=_edition_lists(form))
            edition = await services.create_edition(current_actor(request), contest_id, data)
        except (FormProblem, DomainError) as exc:
            context = await _edition_form_context(request, contest_id, None, _form_values(form))
            problem = problem_of(exc, EDITION_LABELS)
            return form_again(request, "contest/edition_form.html", "contest/partials/edition_form.html", context,
                              problem)  # fmt: skip
        return done(request, f"/contest/editions/{edition.id}")

    @get("/editions/{edition_id:int}/edit", guards=[admin_only])
    async def edit_edition(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        context = await _edition_form_context(request, edition.contest_id, edition, _edition_form(edition))
        return Template("contest/edition_form.html", context=context)

    @post("/editions/{edition_id:int}/edit", guards=[admin_only], status_code=HTTP_200_OK)
    async def amend_edition(self, request: Request, edition_id: FromPath[int]) -> Response[Any]:
        """The committee amends the rules mid-period: the same checks as `PATCH /api/editions/{id}`."""
        form = await request.form()
        try:
            data = read_form(EditionPatch, form, EDITION_LABELS, values=_edition_lists(form), blank_is_null=("year",))
            await services.patch_edition(current_actor(request), edition_id, data)
        except (FormProblem, DomainError) as exc:
            edition = await services.get_edition(edition_id)
            context = await _edition_form_context(request, edition.contest_id, edition, _form_values(form))
            problem = problem_of(exc, EDITION_LABELS)
            return form_again(request, "contest/edition_form.html", "contest/partials/edition_form.html", context,
                              problem)  # fmt: skip
        return done(request, f"/contest/editions/{edition_id}")

    @get("/editions/{edition_id:int}")
    async def edition(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        contest = await services.get_contest(edition.contest_id)
        return Template("contest/edition.html", context=contest_context(request, edition=edition, contest=contest))

    @get("/editions/{edition_id:int}/screening", guards=[admin_only])
    async def screening(self, request: Request, edition_id: FromPath[int], page: Paging) -> Template:
        edition = await services.get_edition(edition_id)
        result = await services.list_entries(current_actor(request), edition_id, page, status=EntryStatus.submitted)
        return Template("contest/screening.html", context=contest_context(request, edition=edition, page=result))

    @post("/entries/{entry_id:int}/screen", guards=[admin_only], status_code=HTTP_200_OK)
    async def screen(self, request: Request, entry_id: FromPath[int]) -> Template:
        """A decision answers with the entry's card: screened, or again with the fault inside it; the
        count of entries still waiting follows each decision (swapped out of band)."""
        form = await request.form()
        actor = current_actor(request)
        try:
            await services.screen_entry(actor, entry_id, read_form(ScreenIn, form, ENTRY_LABELS))
            template, problem = "contest/partials/screened_row.html", NO_PROBLEM
        except (FormProblem, DomainError) as exc:
            template, problem = "contest/partials/screen_card.html", problem_of(exc, ENTRY_LABELS).context()
        entry = await services.get_entry(actor, entry_id)
        context = contest_context(
            request, e=entry, form=form, waiting=await _waiting(request, entry.edition_id), **problem
        )
        return Template(template, context=context)

    @get("/editions/{edition_id:int}/funnel", guards=[admin_only])
    async def funnel(
        self, request: Request, edition_id: FromPath[int], judged_counts: NamedDependency[services.JudgedCounts]
    ) -> Template:
        edition = await services.get_edition(edition_id)
        funnel = await services.get_funnel(edition_id, judged_counts)
        return Template("contest/funnel.html", context=contest_context(request, edition=edition, funnel=funnel))
