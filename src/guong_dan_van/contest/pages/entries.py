"""Entries (tác phẩm dự thi) on pages: the lists, the entry form with the model picker, editing and
withdrawing a draft, files, submitting, and the committee's return to the unit.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK

from guong_dan_van.contest import services
from guong_dan_van.contest.dependencies import ENTRY_FILTERS, EntryFilter, enters_works
from guong_dan_van.contest.pages.common import (
    ENTRY_CLEARABLE,
    ENTRY_LABELS,
    contest_context,
    line_number,
    split_line,
    typed_lines,
)
from guong_dan_van.contest.schemas import (
    EntryCreate,
    EntryDetail,
    EntryPatch,
    ReturnIn,
)
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import Paging
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.media import services as media
from guong_dan_van.media.services import Media
from guong_dan_van.registry import services as registry
from guong_dan_van.web.forms import (
    FormProblem,
    done,
    form_again,
    problem_of,
    read_form,
)
from guong_dan_van.web.pages import page_context
from guong_dan_van.web.pickers import Choice, coded


def _model_ids(form: FormMultiDict) -> list[str]:
    """The models chosen in the picker (one `model_ids` each; a list "12, 15" is read too)."""
    parts = (
        p.strip().lstrip("#") for value in form.getall("model_ids", []) for p in value.replace(";", ",").split(",")
    )
    return [p for p in parts if p]


async def _chosen_models(request: Request[Any, Any, Any], form: FormMultiDict) -> list[Choice]:
    """The models the entry form shows chosen again after a refusal (those the user may see)."""
    ids = [int(i) for i in _model_ids(form) if i.isascii() and i.isdigit() and 0 < int(i) < 2**31]
    refs = await registry.model_refs(current_actor(request), set(ids))
    return [coded(i, *refs[i]) for i in dict.fromkeys(ids) if i in refs]


def _entry_lists(form: FormMultiDict) -> dict[str, Any]:
    """Authors one per line ("họ tên | bút danh"), the models chosen, the award declared."""
    authors = []
    for line in typed_lines(form.get("authors") or ""):
        parts = split_line(line)
        author = {"name": parts[0]}
        if len(parts) > 1 and parts[1]:
            author["pen_name"] = parts[1]
        authors.append(author)
    values: dict[str, Any] = {"authors": authors, "model_ids": [line_number(i) for i in _model_ids(form)]}
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


class EntryPages(Controller):
    path = "/contest"
    include_in_schema = False
    guards = [logged_in]
    dependencies = ENTRY_FILTERS

    @get("/entries", guards=[enters_works])
    async def all_entries(self, request: Request, page: Paging, entry_filters: EntryFilter) -> Template:
        """Entries of every edition (the committee's screening queue, a unit's own works)."""
        result = await services.list_entries(current_actor(request), None, page, status=entry_filters.status)
        status = entry_filters.status or ""
        return Template("contest/all_entries.html", context=contest_context(request, page=result, status=status))

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
        context = contest_context(
            request, edition=edition, page=result, status=f.status or "", media_type=f.media_type or ""
        )
        return Template(template, context=context)

    @get("/editions/{edition_id:int}/entries/new", guards=[enters_works])
    async def new_entry(self, request: Request, edition_id: FromPath[int]) -> Template:
        edition = await services.get_edition(edition_id)
        return Template("contest/entry_form.html", context=contest_context(request, edition=edition, entry=None))

    @post("/editions/{edition_id:int}/entries", guards=[enters_works], status_code=HTTP_200_OK)
    async def create_entry(self, request: Request, edition_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(EntryCreate, form, ENTRY_LABELS, values=_entry_lists(form))
            entry = await services.create_entry(current_actor(request), edition_id, data)
        except (FormProblem, DomainError) as exc:
            edition = await services.get_edition(edition_id)
            context = contest_context(
                request, edition=edition, entry=None, form=form, models=await _chosen_models(request, form)
            )
            problem = problem_of(exc, ENTRY_LABELS)
            return form_again(request, "contest/entry_form.html", "contest/partials/entry_form.html", context, problem)
        return done(request, f"/contest/entries/{entry.id}")

    @get("/entries/{entry_id:int}")
    async def entry(self, request: Request, entry_id: FromPath[int]) -> Template:
        actor = current_actor(request)
        entry = await services.get_entry(actor, entry_id)
        edition = await services.get_edition(entry.edition_id)
        return Template("contest/entry.html", context=contest_context(request, entry=entry, edition=edition, e=entry))

    @get("/entries/{entry_id:int}/edit", guards=[enters_works])
    async def edit_entry(self, request: Request, entry_id: FromPath[int]) -> Template:
        entry = await services.get_entry(current_actor(request), entry_id)
        edition = await services.get_edition(entry.edition_id)
        models = [coded(m.id, m.code, m.title) for m in entry.models]
        context = contest_context(request, edition=edition, entry=entry, form=_entry_form(entry), models=models)
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
            context = contest_context(
                request, edition=edition, entry=entry, form=form, models=await _chosen_models(request, form)
            )
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
            context=contest_context(
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
            context = contest_context(
                request, message=problem.summary, problems=[*problem.errors.values(), *problem.notes]
            )
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
            context = contest_context(request, entry=entry, edition=edition, e=entry, return_form=form)
            return form_again(request, "contest/entry.html", "contest/partials/return_form.html", context,
                              problem_of(exc, ENTRY_LABELS))  # fmt: skip
        return done(request, f"/contest/entries/{entry_id}")
