"""The committee's accounts screen: the list, the form that adds an account, and edits from each row."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import UserCreate, UserPatch
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import FilterText, Paging, filter_choice
from guong_dan_van.core.permissions import Role, admin_only, current_actor
from guong_dan_van.units import services as units
from guong_dan_van.web.forms import NO_PROBLEM, FormProblem, done, form_again, is_htmx, problem_of, read_form
from guong_dan_van.web.pages import page_context
from guong_dan_van.web.pickers import picked_ids

FORM_LABELS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "password": "Mật khẩu",
    "role": "Vai trò",
    "unit_id": "Đơn vị",
    "version": "Phiên bản",
    "active": "Hoạt động",
}


async def _users_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    """The page's context, with the names of the units its pickers show chosen (the rows', the form's)."""
    shown = [*(extra["page"].items if "page" in extra else []), *([extra["u"]] if "u" in extra else [])]
    chosen = picked_ids(*(u.unit_id for u in shown), (extra.get("form") or {}).get("unit_id"))
    names = await units.names_for(chosen)
    return page_context(request, unit_names=names, roles=list(Role), **{**NO_PROBLEM, **extra})


class UserPages(Controller):
    path = "/users"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def users_page(self, request: Request, page: Paging, role: FilterText = None) -> Template:
        """Every account, or one role's (the dashboard's "Giám khảo" card leads here)."""
        chosen = filter_choice(role, Role, "role", "Vai trò")
        result = await accounts.list_users(page, role=chosen)
        return Template("users.html", context=await _users_context(request, page=result, role=chosen, form={}))

    @post("/")
    async def users_create(self, request: Request, hasher: NamedDependency[Hasher], page: Paging) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(UserCreate, form, FORM_LABELS)
            user = await accounts.create_user(current_actor(request), data, hasher=hasher)
        except (FormProblem, DomainError) as exc:
            context = await _users_context(request, page=await accounts.list_users(page), form=form)
            return form_again(request, "users.html", "partials/user_form.html", context, problem_of(exc, FORM_LABELS))
        if not is_htmx(request):
            return done(request, "/users")
        context = await _users_context(request, form={}, created=user)
        return Template("partials/user_form.html", context=context, headers={"HX-Trigger": "users-changed"})

    @post("/{user_id:int}")
    async def users_update(self, request: Request, hasher: NamedDependency[Hasher], user_id: FromPath[int]) -> Template:
        """Assign a role, a unit, or lock an account, from its row in the list."""
        actor = current_actor(request)
        form = await request.form()
        # An unchecked box sends nothing: the row always says whether the account stays active.
        values = {"active": form.get("active") == "true"}
        try:
            changes = read_form(UserPatch, form, FORM_LABELS, values=values, blank_is_null=("unit_id",))
            user = await accounts.patch_user(actor, user_id, changes, hasher=hasher)
            message, kind = "Đã lưu.", "ok"
        except (FormProblem, DomainError) as exc:
            message, kind = problem_of(exc, FORM_LABELS).as_text(), "error"
            user = await accounts.get_user(actor, user_id)
        context = await _users_context(request, u=user, row_message=message, row_kind=kind)
        return Template("partials/user_row.html", context=context)

    @get("/rows")
    async def users_rows(self, request: Request, page: Paging, role: FilterText = None) -> Template:
        chosen = filter_choice(role, Role, "role", "Vai trò")
        result = await accounts.list_users(page, role=chosen)
        return Template("partials/user_rows.html", context=await _users_context(request, page=result, role=chosen))
