"""Pages of the press contest: editions and their rules, the entry form with uploads, the entry list,
screening (sơ loại) and the funnel. They call the same services as the API, so rules are never written twice.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK

from guong_dan_van.contest import services
from guong_dan_van.contest.schemas import (
    EXCLUDED_ROLE_LABELS,
    MEDIA_TYPE_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    AwardedPolicy,
    ContestCreate,
    EditionCreate,
    EditionKind,
    EntryCreate,
    EntryStatus,
    ExcludedRole,
    MediaType,
    PrizeTier,
    ScreenIn,
)
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in, roles
from guong_dan_van.media import services as media
from guong_dan_van.web.pages import hx_redirect, page_context

enters_works = roles(Role.admin, Role.unit, Role.media)


def _ctx(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    return page_context(
        request,
        media_labels=MEDIA_TYPE_LABELS,
        status_labels=STATUS_LABELS,
        tier_labels=TIER_LABELS,
        excluded_labels=EXCLUDED_ROLE_LABELS,
        media_types=list(MediaType),
        statuses=list(EntryStatus),
        **extra,
    )


def _problem(exc: Exception) -> tuple[str, list[str]]:
    """A refusal as a message and one line per broken rule or field, for a form to show."""
    if isinstance(exc, DomainError):
        return exc.detail, [e.message for e in exc.errors]
    if isinstance(exc, msgspec.ValidationError):
        return "Thông tin nhập chưa hợp lệ.", [str(exc)]
    raise exc


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.split("|")]


def _edition_payload(form: FormMultiDict) -> dict[str, Any]:
    """The set-up form → the API's edition body. Prizes: "loại hình | hạng | số giải | tiền" per line;
    excluded people: "vai trò | họ tên" per line."""
    data: dict[str, Any] = {
        key: form.get(key)
        for key in (
            "name",
            "kind",
            "published_from",
            "published_to",
            "submit_from",
            "submit_to",
            "previously_awarded",
        )
        if form.get(key)
    }
    for key in ("year", "max_entries_per_author", "max_authors_per_entry"):
        value = form.get(key)
        if value:
            data[key] = int(value) if value.isdigit() else value
    data["media_types"] = form.getall("media_types") if "media_types" in form else []
    data["genres"] = [g.strip() for g in (form.get("genres") or "").split(",") if g.strip()]
    prizes = []
    for line in _lines(form.get("prizes") or ""):
        parts = [*_split(line), "", "", "", ""]
        prize: dict[str, Any] = {"tier": parts[1], "count": int(parts[2]) if parts[2].isdigit() else parts[2]}
        if parts[0]:
            prize["media_type"] = parts[0]
        amount = parts[3].replace(".", "").replace(",", "")
        if amount:
            prize["amount_vnd"] = int(amount) if amount.isdigit() else amount
        prizes.append(prize)
    data["prizes"] = prizes
    people = []
    for line in _lines(form.get("excluded_people") or ""):
        parts = [*_split(line), ""]
        people.append({"role": parts[0], "name": parts[1]})
    data["excluded_people"] = people
    return data


def _entry_payload(form: FormMultiDict) -> dict[str, Any]:
    data: dict[str, Any] = {
        key: form.get(key)
        for key in ("title", "media_type", "genre", "outlet", "published_on", "url", "body")
        if form.get(key)
    }
    authors = []
    for line in _lines(form.get("authors") or ""):
        parts = _split(line)
        author = {"name": parts[0]}
        if len(parts) > 1 and parts[1]:
            author["pen_name"] = parts[1]
        authors.append(author)
    data["authors"] = authors
    ids = [p.strip().lstrip("#") for p in (form.get("model_ids") or "").replace(";", ",").split(",") if p.strip()]
    data["model_ids"] = [int(i) if i.isdigit() else i for i in ids]
    if form.get("awarded_prize") or form.get("awarded_by") or form.get("awarded_date"):
        data["previously_awarded"] = {
            "prize": form.get("awarded_prize") or "",
            "date": form.get("awarded_date") or "",
            "awarded_by": form.get("awarded_by") or "",
        }
    return data


class ContestPages(Controller):
    path = "/contest"
    include_in_schema = False
    guards = [logged_in]

    @get("/")
    async def overview(self, request: Request) -> Template:
        contests = await services.list_contests(PageParams(limit=200, offset=0))
        editions = await services.list_all_editions()
        return Template(
            "contest/index.html",
            context=_ctx(request, contests=contests.items, editions=editions, form={}, message=None, problems=[]),
        )

    @post("/contests", guards=[admin_only], status_code=HTTP_200_OK)
    async def create_contest(self, request: Request) -> Response[Any]:
        form = await request.form()
        try:
            data = msgspec.convert({k: v for k, v in form.items() if v}, ContestCreate)
            await services.create_contest(current_actor(request), data)
        except (DomainError, msgspec.ValidationError) as exc:
            message, problems = _problem(exc)
            return Template("contest/partials/problems.html", context=_ctx(request, message=message, problems=problems))
        return hx_redirect("/contest")

    @get("/editions/new", guards=[admin_only])
    async def new_edition(self, request: Request, contest_id: FromQuery[int]) -> Template:
        contest = await services.get_contest(contest_id)
        return Template(
            "contest/edition_form.html",
            context=_ctx(
                request,
                contest=contest,
                kinds=list(EditionKind),
                policies=list(AwardedPolicy),
                tiers=list(PrizeTier),
                excluded_roles=list(ExcludedRole),
            ),
        )

    @post("/editions", guards=[admin_only], status_code=HTTP_200_OK)
    async def create_edition(self, request: Request, contest_id: FromQuery[int]) -> Response[Any]:
        form = await request.form()
        try:
            data = msgspec.convert(_edition_payload(form), EditionCreate)
            edition = await services.create_edition(current_actor(request), contest_id, data)
        except (DomainError, msgspec.ValidationError) as exc:
            message, problems = _problem(exc)
            return Template("contest/partials/problems.html", context=_ctx(request, message=message, problems=problems))
        return hx_redirect(f"/contest/editions/{edition.id}")

    @get("/editions/{edition_id:int}")
    async def edition(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        contest = await services.get_contest(edition.contest_id)
        return Template("contest/edition.html", context=_ctx(request, edition=edition, contest=contest))

    @get("/editions/{edition_id:int}/entries", guards=[enters_works])
    async def entries(
        self,
        request: Request,
        edition_id: FromPath[int],
        page: Paging,
        status: FromQuery[EntryStatus | None] = None,
        media_type: FromQuery[MediaType | None] = None,
    ) -> Template:
        actor = current_actor(request)
        edition = await services.get_edition(edition_id)
        result = await services.list_entries(actor, edition_id, page, status=status, media_type=media_type)
        template = "contest/partials/entry_rows.html" if request.headers.get("hx-request") else "contest/entries.html"
        return Template(
            template,
            context=_ctx(request, edition=edition, page=result, status=status or "", media_type=media_type or ""),
        )

    @get("/editions/{edition_id:int}/entries/new", guards=[enters_works])
    async def new_entry(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        return Template("contest/entry_form.html", context=_ctx(request, edition=edition))

    @post("/editions/{edition_id:int}/entries", guards=[enters_works], status_code=HTTP_200_OK)
    async def create_entry(self, request: Request, edition_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        try:
            data = msgspec.convert(_entry_payload(form), EntryCreate)
            entry = await services.create_entry(current_actor(request), edition_id, data)
        except (DomainError, msgspec.ValidationError) as exc:
            message, problems = _problem(exc)
            return Template("contest/partials/problems.html", context=_ctx(request, message=message, problems=problems))
        return hx_redirect(f"/contest/entries/{entry.id}")

    @get("/entries/{entry_id:int}")
    async def entry(self, request: Request, entry_id: FromPath[int]) -> Template:
        actor = current_actor(request)
        entry = await services.get_entry(actor, entry_id)
        edition = await services.get_edition(entry.edition_id)
        return Template("contest/entry.html", context=_ctx(request, entry=entry, edition=edition))

    @get("/entries/{entry_id:int}/files")
    async def files(self, request: Request, entry_id: FromPath[int]) -> Template:
        await services.ensure_can_view_entry(current_actor(request), entry_id)
        return Template(
            "contest/partials/files.html",
            context=_ctx(
                request,
                photos=await media.list_photos("entry", entry_id),
                attachments=await media.list_attachments("entry", entry_id),
            ),
        )

    @post("/entries/{entry_id:int}/submit", status_code=HTTP_200_OK)
    async def submit(self, request: Request, entry_id: FromPath[int]) -> Response[Any]:
        try:
            await services.submit_entry(current_actor(request), entry_id)
        except DomainError as exc:
            message, problems = _problem(exc)
            return Template("contest/partials/problems.html", context=_ctx(request, message=message, problems=problems))
        return hx_redirect(f"/contest/entries/{entry_id}")

    @get("/editions/{edition_id:int}/screening", guards=[admin_only])
    async def screening(self, request: Request, edition_id: FromPath[int], page: Paging) -> Template:
        edition = await services.get_edition(edition_id)
        result = await services.list_entries(current_actor(request), edition_id, page, status=EntryStatus.submitted)
        return Template("contest/screening.html", context=_ctx(request, edition=edition, page=result))

    @post("/entries/{entry_id:int}/screen", guards=[admin_only], status_code=HTTP_200_OK)
    async def screen(self, request: Request, entry_id: FromPath[int]) -> Template:
        form = await request.form()
        actor = current_actor(request)
        try:
            data = ScreenIn(eligible=form.get("eligible") == "true", reason=form.get("reason") or None)
            await services.screen_entry(actor, entry_id, data)
        except DomainError as exc:
            message, problems = _problem(exc)
            return Template("contest/partials/problems.html", context=_ctx(request, message=message, problems=problems))
        entry = await services.get_entry(actor, entry_id)
        return Template("contest/partials/screened_row.html", context=_ctx(request, e=entry))

    @get("/editions/{edition_id:int}/funnel", guards=[admin_only])
    async def funnel(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        return Template(
            "contest/funnel.html", context=_ctx(request, edition=edition, funnel=await services.get_funnel(edition_id))
        )


WEB_ROUTES = [ContestPages]
