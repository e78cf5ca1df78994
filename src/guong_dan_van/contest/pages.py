"""Pages of the press contest: editions and their rules, the entry form with uploads, the entry lists,
screening (sơ loại) and the funnel. They call the same services as the API, so rules are never written twice;
forms are read by `web.forms` into the API's Structs and shown again with a message beside each field at fault.
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
from guong_dan_van.contest.dependencies import ENTRY_FILTERS, EntryFilter, enters_works
from guong_dan_van.contest.schemas import (
    EXCLUDED_ROLE_LABELS,
    MEDIA_TYPE_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    AwardedPolicy,
    ContestCreate,
    EditionCreate,
    EditionKind,
    EditionOut,
    EditionPatch,
    EntryCreate,
    EntryDetail,
    EntryPatch,
    EntryStatus,
    ExcludedRole,
    MediaType,
    PrizeTier,
    ReturnIn,
    ScreenIn,
)
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.media import services as media
from guong_dan_van.media.services import Media
from guong_dan_van.registry import services as registry
from guong_dan_van.web.forms import (
    NO_PROBLEM,
    FormProblem,
    done,
    form_again,
    parse_int,
    problem_of,
    read_form,
)
from guong_dan_van.web.pages import page_context
from guong_dan_van.web.pickers import Choice, coded

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
ENTRY_LABELS = {
    "title": "Tên tác phẩm",
    "media_type": "Loại hình",
    "genre": "Thể loại",
    "authors": "Tác giả",
    "outlet": "Cơ quan báo chí đăng, phát",
    "published_on": "Ngày đăng, phát",
    "url": "Đường dẫn",
    "body": "Nội dung",
    "model_ids": "Mô hình được viết về",
    "previously_awarded": "Giải đã đoạt",
    "unit_id": "Đơn vị",
    "version": "Phiên bản",
    "reason": "Lý do",
}
# Left empty on the entry's edit form, these are cleared.
ENTRY_CLEARABLE = ("genre", "url", "body", "previously_awarded")


def _ctx(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    return page_context(
        request,
        media_labels=MEDIA_TYPE_LABELS,
        status_labels=STATUS_LABELS,
        tier_labels=TIER_LABELS,
        excluded_labels=EXCLUDED_ROLE_LABELS,
        media_types=list(MediaType),
        statuses=list(EntryStatus),
        **{"form": {}, **NO_PROBLEM, **extra},
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.split("|")]


def _number(text: str) -> int | str:
    """A number typed in a line ("10.000.000"), or the text itself for the form to refuse by its label."""
    number = parse_int(text)
    return text if number is None else number


def _edition_lists(form: FormMultiDict) -> dict[str, Any]:
    """The set-up form's lists. Prizes: "loại hình | hạng | số giải | tiền" per line;
    excluded people: "vai trò | họ tên" per line."""
    prizes = []
    for line in _lines(form.get("prizes") or ""):
        parts = [*_split(line), "", "", "", ""]
        prize: dict[str, Any] = {"tier": parts[1], "count": _number(parts[2])}
        if parts[0]:
            prize["media_type"] = parts[0]
        if parts[3]:
            prize["amount_vnd"] = _number(parts[3])
        prizes.append(prize)
    people = [
        dict(zip(("role", "name"), [*_split(line), ""][:2], strict=True))
        for line in _lines(form.get("excluded_people") or "")
    ]
    genres = [g.strip() for g in (form.get("genres") or "").split(",") if g.strip()]
    return {
        "prizes": prizes,
        "excluded_people": people,
        "genres": genres,
        "media_types": form.getall("media_types", []),
    }


def _model_ids(form: FormMultiDict) -> list[str]:
    """The models chosen in the picker (one `model_ids` each; a list "12, 15" is read too)."""
    parts = (
        p.strip().lstrip("#") for value in form.getall("model_ids", []) for p in value.replace(";", ",").split(",")
    )
    return [p for p in parts if p]


async def _chosen_models(request: Request[Any, Any, Any], form: FormMultiDict) -> list[Choice]:
    """The models the entry form shows chosen again after a refusal (those the user may see)."""
    ids = [int(i) for i in _model_ids(form) if i.isdigit() and 0 < int(i) < 2**31]
    refs = await registry.model_refs(current_actor(request), set(ids))
    return [coded(i, *refs[i]) for i in dict.fromkeys(ids) if i in refs]


def _entry_lists(form: FormMultiDict) -> dict[str, Any]:
    """Authors one per line ("họ tên | bút danh"), the models chosen, the award declared."""
    authors = []
    for line in _lines(form.get("authors") or ""):
        parts = _split(line)
        author = {"name": parts[0]}
        if len(parts) > 1 and parts[1]:
            author["pen_name"] = parts[1]
        authors.append(author)
    values: dict[str, Any] = {"authors": authors, "model_ids": [_number(i) for i in _model_ids(form)]}
    if form.get("awarded_prize") or form.get("awarded_by") or form.get("awarded_date"):
        values["previously_awarded"] = {
            "prize": form.get("awarded_prize") or "",
            "date": form.get("awarded_date") or "",
            "awarded_by": form.get("awarded_by") or "",
        }
    return values


def _entry_form(entry: EntryDetail) -> dict[str, Any]:
    """A stored entry as its edit form shows it."""
    declared = entry.previously_awarded
    return {
        "title": entry.title,
        "media_type": entry.media_type.value,
        "genre": entry.genre or "",
        "authors": "\n".join(f"{a.name} | {a.pen_name}" if a.pen_name else a.name for a in entry.authors),
        "outlet": entry.outlet,
        "published_on": entry.published_on.isoformat(),
        "url": entry.url or "",
        "body": entry.body or "",
        "awarded_prize": declared.prize if declared else "",
        "awarded_date": declared.date.isoformat() if declared else "",
        "awarded_by": declared.awarded_by if declared else "",
        "version": str(entry.version),
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
    return _ctx(
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
        return Template("contest/index.html", context=_ctx(request, contests=contests.items, editions=editions))

    @post("/contests", guards=[admin_only], status_code=HTTP_200_OK)
    async def create_contest(self, request: Request) -> Response[Any]:
        form = await request.form()
        try:
            await services.create_contest(current_actor(request), read_form(ContestCreate, form, CONTEST_LABELS))
        except (FormProblem, DomainError) as exc:
            contests = await services.list_contests(PageParams(limit=200, offset=0))
            context = _ctx(request, contests=contests.items, editions=await services.list_all_editions(), form=form)
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
        return Template("contest/edition.html", context=_ctx(request, edition=edition, contest=contest))

    @get("/entries", guards=[enters_works])
    async def all_entries(self, request: Request, page: Paging, entry_filters: EntryFilter) -> Template:
        """Entries of every edition (the committee's screening queue, a unit's own works)."""
        result = await services.list_entries(current_actor(request), None, page, status=entry_filters.status)
        status = entry_filters.status or ""
        return Template("contest/all_entries.html", context=_ctx(request, page=result, status=status))

    @get("/editions/{edition_id:int}/entries", guards=[enters_works])
    async def entries(
        self, request: Request, edition_id: FromPath[int], page: Paging, entry_filters: EntryFilter
    ) -> Template:
        f = entry_filters
        edition = await services.get_edition(edition_id)
        result = await services.list_entries(
            current_actor(request), edition_id, page, status=f.status, media_type=f.media_type
        )
        template = "contest/partials/entry_rows.html" if request.headers.get("hx-request") else "contest/entries.html"
        context = _ctx(request, edition=edition, page=result, status=f.status or "", media_type=f.media_type or "")
        return Template(template, context=context)

    @get("/editions/{edition_id:int}/entries/new", guards=[enters_works])
    async def new_entry(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        return Template("contest/entry_form.html", context=_ctx(request, edition=edition, entry=None))

    @post("/editions/{edition_id:int}/entries", guards=[enters_works], status_code=HTTP_200_OK)
    async def create_entry(self, request: Request, edition_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(EntryCreate, form, ENTRY_LABELS, values=_entry_lists(form))
            entry = await services.create_entry(current_actor(request), edition_id, data)
        except (FormProblem, DomainError) as exc:
            edition = await services.get_edition(edition_id)
            context = _ctx(request, edition=edition, entry=None, form=form, models=await _chosen_models(request, form))
            problem = problem_of(exc, ENTRY_LABELS)
            return form_again(request, "contest/entry_form.html", "contest/partials/entry_form.html", context, problem)
        return done(request, f"/contest/entries/{entry.id}")

    @get("/entries/{entry_id:int}")
    async def entry(self, request: Request, entry_id: FromPath[int]) -> Template:
        actor = current_actor(request)
        entry = await services.get_entry(actor, entry_id)
        edition = await services.get_edition(entry.edition_id)
        return Template("contest/entry.html", context=_ctx(request, entry=entry, edition=edition, e=entry))

    @get("/entries/{entry_id:int}/edit", guards=[enters_works])
    async def edit_entry(self, request: Request, entry_id: FromPath[int]) -> Template:
        entry = await services.get_entry(current_actor(request), entry_id)
        edition = await services.get_edition(entry.edition_id)
        models = [coded(m.id, m.code, m.title) for m in entry.models]
        context = _ctx(request, edition=edition, entry=entry, form=_entry_form(entry), models=models)
        return Template("contest/entry_form.html", context=context)

    @post("/entries/{entry_id:int}/edit", guards=[enters_works], status_code=HTTP_200_OK)
    async def update_entry(self, request: Request, entry_id: FromPath[int]) -> Response[Any]:
        actor = current_actor(request)
        form = await request.form()
        try:
            values = {"previously_awarded": None, **_entry_lists(form)}
            data = read_form(EntryPatch, form, ENTRY_LABELS, values=values, blank_is_null=ENTRY_CLEARABLE)
            await services.patch_entry(actor, entry_id, data)
        except (FormProblem, DomainError) as exc:
            entry = await services.get_entry(actor, entry_id)
            edition = await services.get_edition(entry.edition_id)
            context = _ctx(request, edition=edition, entry=entry, form=form, models=await _chosen_models(request, form))
            problem = problem_of(exc, ENTRY_LABELS)
            return form_again(request, "contest/entry_form.html", "contest/partials/entry_form.html", context, problem)
        return done(request, f"/contest/entries/{entry_id}")

    @get("/entries/{entry_id:int}/delete", guards=[enters_works])
    async def delete_page(self, request: Request, entry_id: FromPath[int]) -> Template:
        entry = await services.get_entry(current_actor(request), entry_id)
        context = page_context(
            request,
            heading=f"Rút tác phẩm “{entry.title}”?",
            text="Bản nháp cùng tệp đính kèm và ảnh của nó sẽ bị xóa, không thể hoàn tác.",
            action=f"/contest/entries/{entry.id}/delete",
            button="Rút tác phẩm",
            back=f"/contest/entries/{entry.id}",
        )
        return Template("confirm.html", context=context)

    @post("/entries/{entry_id:int}/delete", guards=[enters_works], status_code=HTTP_200_OK)
    async def delete(self, request: Request, media: NamedDependency[Media], entry_id: FromPath[int]) -> Response[Any]:
        actor = current_actor(request)
        edition_id = (await services.get_entry(actor, entry_id)).edition_id
        await services.delete_entry(actor, media, entry_id)
        return done(request, f"/contest/editions/{edition_id}/entries")

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
    async def submit(
        self,
        request: Request,
        judges_of_edition_rounds: NamedDependency[services.JudgesOfEdition],
        entry_id: FromPath[int],
    ) -> Response[Any]:
        try:
            await services.submit_entry(current_actor(request), entry_id, judges_of_edition_rounds)
        except DomainError as exc:
            problem = problem_of(exc)
            context = _ctx(request, message=problem.summary, problems=[*problem.errors.values(), *problem.notes])
            return Template("contest/partials/problems.html", context=context)
        return done(request, f"/contest/entries/{entry_id}")

    @post("/entries/{entry_id:int}/return", guards=[admin_only], status_code=HTTP_200_OK)
    async def return_entry(self, request: Request, entry_id: FromPath[int]) -> Response[Any]:
        """The committee sends an entry back to its unit as a draft, saying why."""
        actor = current_actor(request)
        form = await request.form()
        try:
            await services.return_entry(actor, entry_id, read_form(ReturnIn, form, ENTRY_LABELS))
        except (FormProblem, DomainError) as exc:
            entry = await services.get_entry(actor, entry_id)
            edition = await services.get_edition(entry.edition_id)
            context = _ctx(request, entry=entry, edition=edition, e=entry, return_form=form)
            return form_again(request, "contest/entry.html", "contest/partials/return_form.html", context,
                              problem_of(exc, ENTRY_LABELS))  # fmt: skip
        return done(request, f"/contest/entries/{entry_id}")

    @get("/editions/{edition_id:int}/screening", guards=[admin_only])
    async def screening(self, request: Request, edition_id: FromPath[int], page: Paging) -> Template:
        edition = await services.get_edition(edition_id)
        result = await services.list_entries(current_actor(request), edition_id, page, status=EntryStatus.submitted)
        return Template("contest/screening.html", context=_ctx(request, edition=edition, page=result))

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
        context = _ctx(request, e=entry, form=form, waiting=await _waiting(request, entry.edition_id), **problem)
        return Template(template, context=context)

    @get("/editions/{edition_id:int}/funnel", guards=[admin_only])
    async def funnel(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        return Template(
            "contest/funnel.html", context=_ctx(request, edition=edition, funnel=await services.get_funnel(edition_id))
        )


WEB_ROUTES = [ContestPages]
