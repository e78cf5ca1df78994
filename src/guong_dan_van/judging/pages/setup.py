"""The committee sets a round up in Vietnamese pages: creates it with its rubric, forms the panels, declares
conflicts, assigns (all at once or one by one), opens and closes it; a judge declares their own conflict
from the scoring screen. Every form goes through the same services as the API and shows a refusal beside
the field at fault.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK

from guong_dan_van.contest import services as contest
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.permissions import Role, admin_only, current_actor, roles
from guong_dan_van.judging import services
from guong_dan_van.judging.pages.common import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.judging.pages.forms import (
    ASSIGNMENT_LABELS,
    CONFLICT_LABELS,
    JUDGE_LABELS,
    ROUND_LABELS,
    default_rows,
    read_round,
    round_form_values,
)
from guong_dan_van.judging.pages.workspace import progress_context, round_context
from guong_dan_van.judging.schemas import AssignmentIn, ConflictIn, JudgeIn, Stage
from guong_dan_van.web.forms import NO_PROBLEM, FormProblem, done, form_again, problem_of, read_form
from guong_dan_van.web.pages import page_context

ROUND_PAGE = "judging/round.html"


async def _new_round_context(request: Request[Any, Any, Any], edition_id: int, form: dict[str, Any]) -> dict[str, Any]:
    actor = current_actor(request)
    return page_context(
        request,
        edition=await contest.get_edition(edition_id),
        rounds=await services.list_rounds(actor, edition_id),
        stages=list(Stage),
        stage_labels=STAGE_LABELS,
        status_labels=STATUS_LABELS,
        form=form,
        **NO_PROBLEM,
    )


def _fields_of(form: Any) -> dict[str, Any]:
    """What was typed, with checkbox groups as lists."""
    return {key: (form.getall(key) if key == "media_types" else form.get(key)) for key in form}


class RoundSetupPages(Controller):
    """The committee's set-up of a round: every write of the round page."""

    path = "/judging"
    include_in_schema = False
    guards = [admin_only]

    @get("/editions/{edition_id:int}/rounds")
    async def new_round(self, request: Request, edition_id: FromPath[int]) -> Template:
        form = {"stage": Stage.preliminary.value, "judges_per_entry": "3", "rows": default_rows()}
        return Template("judging/round_new.html", context=await _new_round_context(request, edition_id, form))

    @post("/editions/{edition_id:int}/rounds", status_code=HTTP_200_OK)
    async def create_round(self, request: Request, edition_id: FromPath[int]) -> Response[Any]:
        form = await request.form()
        try:
            created = await services.create_round(current_actor(request), edition_id, read_round(form))
        except (FormProblem, DomainError) as exc:
            context = await _new_round_context(request, edition_id, round_form_values(form))
            problem = problem_of(exc, ROUND_LABELS)
            return form_again(request, "judging/round_new.html", "judging/partials/round_form.html", context, problem)
        return done(request, f"/judging/rounds/{created.id}")

    async def _again(
        self, request: Request[Any, Any, Any], round_id: int, part: str, failed: str, exc: Exception, labels: Any
    ) -> Template:
        form = await request.form()
        context = await round_context(request, round_id, failed=failed, form=_fields_of(form))
        return form_again(request, ROUND_PAGE, part, context, problem_of(exc, labels))

    @post("/rounds/{round_id:int}/judges", status_code=HTTP_200_OK)
    async def add_judge(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        try:
            data = read_form(JudgeIn, await request.form(), JUDGE_LABELS)
            await services.add_judge(current_actor(request), round_id, data)
        except (FormProblem, DomainError) as exc:
            return await self._again(request, round_id, "judging/partials/judge_form.html", "judge", exc, JUDGE_LABELS)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/judges/{user_id:int}/remove", status_code=HTTP_200_OK)
    async def remove_judge(self, request: Request, round_id: FromPath[int], user_id: FromPath[int]) -> Response[Any]:
        await services.remove_judge(current_actor(request), round_id, user_id)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/conflicts", status_code=HTTP_200_OK)
    async def declare_conflict(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        try:
            data = read_form(ConflictIn, await request.form(), CONFLICT_LABELS)
            if data.judge_id not in {s.user_id for s in await services.list_panel(round_id)}:
                raise FormProblem("Chưa lưu được: một chỗ cần sửa.", {"judge_id": "Hãy chọn một giám khảo của vòng."})
            await services.declare_conflict(current_actor(request), round_id, data)
        except (FormProblem, DomainError) as exc:
            part = "judging/partials/conflict_form.html"
            return await self._again(request, round_id, part, "conflict", exc, CONFLICT_LABELS)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/assign", status_code=HTTP_200_OK)
    async def assign(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        """Assign every entry; on refusal nothing is assigned and the form lists each entry short of judges."""
        try:
            await services.assign_round(current_actor(request), round_id)
        except DomainError as exc:
            context = await round_context(request, round_id, failed="assign")
            work = context["work"]
            context["shortfalls"] = [
                (int(e.field.split(".", 1)[1]), work.title_of(int(e.field.split(".", 1)[1])), e.message)
                for e in exc.errors
                if e.field and e.field.startswith("entries.")
            ]
            problem = FormProblem(exc.detail)
            return form_again(request, ROUND_PAGE, "judging/partials/assign_form.html", context, problem)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/assignments", status_code=HTTP_200_OK)
    async def add_assignment(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        try:
            data = read_form(AssignmentIn, await request.form(), ASSIGNMENT_LABELS)
            await services.add_assignment(current_actor(request), round_id, data)
        except (FormProblem, DomainError) as exc:
            part = "judging/partials/assignment_form.html"
            return await self._again(request, round_id, part, "assignment", exc, ASSIGNMENT_LABELS)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/assignments/{judge_id:int}/{entry_id:int}/remove", status_code=HTTP_200_OK)
    async def remove_assignment(
        self, request: Request, round_id: FromPath[int], judge_id: FromPath[int], entry_id: FromPath[int]
    ) -> Response[Any]:
        await services.remove_assignment(current_actor(request), round_id, judge_id, entry_id)
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/open", status_code=HTTP_200_OK)
    async def open_round(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        try:
            await services.open_round(current_actor(request), round_id)
        except DomainError as exc:
            return await self._again(request, round_id, "judging/partials/state_form.html", "state", exc, {})
        return done(request, f"/judging/rounds/{round_id}")

    @post("/rounds/{round_id:int}/close", status_code=HTTP_200_OK)
    async def close_round(self, request: Request, round_id: FromPath[int]) -> Response[Any]:
        try:
            await services.close_round(current_actor(request), round_id)
        except DomainError as exc:
            return await self._again(request, round_id, "judging/partials/state_form.html", "state", exc, {})
        return done(request, f"/judging/rounds/{round_id}")

    @get("/rounds/{round_id:int}/progress")
    async def progress(self, request: Request, round_id: FromPath[int]) -> Template:
        """The progress part alone: the round page asks for it every 10 s while the round is open."""
        return Template("judging/partials/progress.html", context=await progress_context(request, round_id))


class JudgeConflictPages(Controller):
    """A judge declares their own conflict with an entry of their queue; it leaves the queue."""

    path = "/judging/rounds"
    include_in_schema = False
    guards = [roles(Role.judge)]

    @post("/{round_id:int}/score/{entry_id:int}/conflict", status_code=HTTP_200_OK)
    async def declare_own_conflict(
        self, request: Request, round_id: FromPath[int], entry_id: FromPath[int]
    ) -> Response[Any]:
        actor = current_actor(request)
        form = await request.form()
        values = {"judge_id": actor.id, "entry_id": entry_id}
        try:
            data = read_form(ConflictIn, form, CONFLICT_LABELS, values=values)
            await services.declare_conflict(actor, round_id, data)
        except (FormProblem, DomainError) as exc:
            round_ = await services.get_round(actor, round_id)
            context = page_context(request, round=round_, entry_id=entry_id, form=dict(form))
            problem = problem_of(exc, CONFLICT_LABELS)
            return form_again(request, "judging/own_conflict.html", "judging/partials/own_conflict_form.html",
                              context, problem)  # fmt: skip
        return done(request, "/judging/queue")
