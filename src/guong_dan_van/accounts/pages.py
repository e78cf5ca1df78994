"""The committee's accounts screen: the list, the form that adds an account, and edits from each row."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import UserCreate, UserPatch
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import Role, admin_only, current_actor
from guong_dan_van.units import services as units
from guong_dan_van.web.forms import FormData, decode_form, form_errors
from guong_dan_van.web.pages import page_context

# `?role=judge` (the dashboard's "Giám khảo" card, the list's filter) narrows the list; `role=` is every role.
RoleFilter = Annotated[str | None, QueryParameter(pattern=f"^({'|'.join(Role)})?$")]


def _role(value: str | None) -> Role | None:
    return Role(value) if value else None


async def _users_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    all_units = await units.list_units(PageParams(limit=200, offset=0))
    return page_context(request, all_units=all_units.items, roles=list(Role), **extra)


class UserPages(Controller):
    path = "/users"
    include_in_schema = False
    guards = [admin_only]

    @get("/")
    async def users_page(self, request: Request, page: Paging, role: RoleFilter = None) -> Template:
        result = await accounts.list_users(page, role=_role(role))
        context = await _users_context(request, page=result, role=_role(role), form={}, errors={})
        return Template("users.html", context=context)

    @post("/")
    async def users_create(self, request: Request, hasher: NamedDependency[Hasher], data: FormData) -> Template:
        try:
            user = await accounts.create_user(
                current_actor(request), decode_form(UserCreate, data, ("unit_id",)), hasher=hasher
            )
        except (DomainError, msgspec.ValidationError) as exc:
            message, errors = form_errors(exc)
            context = await _users_context(request, form=data, errors=errors, message=message)
            return Template("partials/user_form.html", context=context)
        context = await _users_context(request, form={}, errors={}, created=user)
        return Template("partials/user_form.html", context=context, headers={"HX-Trigger": "users-changed"})

    @post("/{user_id:int}")
    async def users_update(
        self, request: Request, hasher: NamedDependency[Hasher], user_id: FromPath[int], data: FormData
    ) -> Template:
        """Assign a role, a unit, or lock an account, from its row in the list."""
        actor = current_actor(request)
        form = {
            "version": data.get("version", ""),
            "role": data.get("role", ""),
            "unit_id": data.get("unit_id", ""),
            "active": "true" if data.get("active") == "true" else "false",
        }
        try:
            changes = decode_form(UserPatch, form, ("version", "unit_id"))
            if "unit_id" not in {k for k, v in form.items() if v != ""}:
                changes.unit_id = None
            user = await accounts.patch_user(actor, user_id, changes, hasher=hasher)
            message, kind = "Đã lưu.", "ok"
        except (DomainError, msgspec.ValidationError) as exc:
            message, _ = form_errors(exc)
            kind = "error"
            user = await accounts.get_user(actor, user_id)
        context = await _users_context(request, u=user, row_message=message, row_kind=kind)
        return Template("partials/user_row.html", context=context)

    @get("/rows")
    async def users_rows(self, request: Request, page: Paging, role: RoleFilter = None) -> Template:
        result = await accounts.list_users(page, role=_role(role))
        return Template("partials/user_rows.html", context=await _users_context(request, page=result))
