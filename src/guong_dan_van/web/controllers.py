"""Pages: login, the per-role dashboard, and the committee's units and users screens.

Pages call the same services as the API, so rules and permissions are never written twice.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlparse

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.controllers import session_cookie
from guong_dan_van.accounts.middleware import client_address
from guong_dan_van.accounts.schemas import LoginIn, UserCreate, UserPatch
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging, SearchText
from guong_dan_van.core.permissions import ROLE_LABELS, Actor, Role, admin_only, current_actor, logged_in
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UNIT_KIND_LABELS, UnitCreate
from guong_dan_van.web.dashboard import dashboard_context

FormData = URLEncodedBody[dict[str, str]]


def page_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    actor = request.scope.get("user")
    return {
        "actor": actor if isinstance(actor, Actor) else None,
        "role_labels": ROLE_LABELS,
        "kind_labels": UNIT_KIND_LABELS,
        "path": request.url.path,
        **extra,
    }


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never let ?next= send a user to another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parsed = urlparse(target)
    return parsed.path or "/"


def _form_errors(exc: Exception) -> tuple[str, dict[str, str]]:
    if isinstance(exc, DomainError):
        return exc.detail, {e.field: e.message for e in exc.errors if e.field}
    if isinstance(exc, msgspec.ValidationError):
        message = str(exc)
        field = message.rsplit("$.", 1)[-1].rstrip("`") if "$." in message else ""
        return "Thông tin nhập chưa hợp lệ.", {field: "Giá trị không hợp lệ."} if field else {}
    raise exc


def _decode(struct: type[msgspec.Struct], form: dict[str, str], ints: tuple[str, ...] = ()) -> Any:
    data: dict[str, Any] = {k: v for k, v in form.items() if v != "" and k != "_csrf"}
    for key, value in data.items():
        if value in ("true", "false"):
            data[key] = value == "true"
    for key in ints:
        if key in data:
            try:
                data[key] = int(data[key])
            except ValueError:
                raise msgspec.ValidationError(f"Expected `int` - at `$.{key}`") from None
    return msgspec.convert(data, struct)


class AuthPages(Controller):
    include_in_schema = False

    @get("/login", exclude_from_auth=False)
    async def login_page(
        self,
        request: Request,
        next_: Annotated[str | None, QueryParameter(name="next", max_length=500)] = None,
    ) -> Template:
        return Template("login.html", context=page_context(request, next=_safe_next(next_), error=None, username=""))

    @post("/login")
    async def login_submit(self, request: Request, data: FormData) -> Response[Any]:
        username = data.get("username", "")
        target = _safe_next(data.get("next"))
        try:
            result = await accounts.login(
                msgspec.convert({"username": username, "password": data.get("password", "")}, LoginIn),
                client_address(request),
            )
        except (DomainError, msgspec.ValidationError) as exc:
            message = exc.detail if isinstance(exc, DomainError) else "Tên đăng nhập hoặc mật khẩu không đúng."
            status = exc.status if isinstance(exc, DomainError) else 401
            return Template(
                "login.html",
                context=page_context(request, next=target, error=message, username=username),
                status_code=status,
            )
        hours = request.app.state.settings.session_hours
        return Redirect(target, cookies=[session_cookie(request, result.token, hours * 3600)])

    @post("/logout", guards=[logged_in])
    async def logout(self, request: Request) -> Response[Any]:
        await accounts.logout(current_actor(request))
        response: Response[Any] = Response("", headers={"HX-Redirect": "/login"})
        response.set_cookie(session_cookie(request, "", 0))
        return response


class ShellPages(Controller):
    include_in_schema = False
    guards = [logged_in]

    @get("/")
    async def dashboard(self, request: Request) -> Template:
        actor = current_actor(request)
        return Template("dashboard.html", context=page_context(request, **await dashboard_context(actor)))

    @get("/units", guards=[admin_only])
    async def units_page(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        result = await units.list_units(page, q=q)
        names = await units.names_for({u.successor_id for u in result.items if u.successor_id})
        return Template(
            "units.html",
            context=page_context(request, page=result, q=q or "", unit_names=names, form={}, errors={}),
        )

    @post("/units", guards=[admin_only])
    async def units_create(self, request: Request, data: FormData) -> Template:
        try:
            unit = await units.create(current_actor(request), _decode(UnitCreate, data, ("parent_id", "successor_id")))
        except (DomainError, msgspec.ValidationError) as exc:
            message, errors = _form_errors(exc)
            return Template(
                "partials/unit_form.html",
                context=page_context(request, form=data, errors=errors, message=message, all_units=[]),
            )
        return Template(
            "partials/unit_form.html",
            context=page_context(request, form={}, errors={}, created=unit, all_units=[]),
            headers={"HX-Trigger": "units-changed"},
        )

    @get("/units/rows", guards=[admin_only])
    async def units_rows(self, request: Request, page: Paging, q: SearchText = None) -> Template:
        result = await units.list_units(page, q=q)
        names = await units.names_for({u.successor_id for u in result.items if u.successor_id})
        return Template(
            "partials/unit_rows.html", context=page_context(request, page=result, q=q or "", unit_names=names)
        )

    async def _users_context(self, request: Request, **extra: Any) -> dict[str, Any]:
        all_units = await units.list_units(PageParams(limit=200, offset=0))
        return page_context(request, all_units=all_units.items, roles=list(Role), **extra)

    @get("/users", guards=[admin_only])
    async def users_page(self, request: Request, page: Paging) -> Template:
        result = await accounts.list_users(page)
        return Template("users.html", context=await self._users_context(request, page=result, form={}, errors={}))

    @post("/users", guards=[admin_only])
    async def users_create(self, request: Request, data: FormData) -> Template:
        try:
            user = await accounts.create_user(current_actor(request), _decode(UserCreate, data, ("unit_id",)))
        except (DomainError, msgspec.ValidationError) as exc:
            message, errors = _form_errors(exc)
            context = await self._users_context(request, form=data, errors=errors, message=message)
            return Template("partials/user_form.html", context=context)
        context = await self._users_context(request, form={}, errors={}, created=user)
        return Template("partials/user_form.html", context=context, headers={"HX-Trigger": "users-changed"})

    @post("/users/{user_id:int}", guards=[admin_only])
    async def users_update(self, request: Request, user_id: FromPath[int], data: FormData) -> Template:
        """Assign a role, a unit, or lock an account, from its row in the list."""
        actor = current_actor(request)
        form = {
            "version": data.get("version", ""),
            "role": data.get("role", ""),
            "unit_id": data.get("unit_id", ""),
            "active": "true" if data.get("active") == "true" else "false",
        }
        try:
            changes = _decode(UserPatch, form, ("version", "unit_id"))
            if "unit_id" not in {k for k, v in form.items() if v != ""}:
                changes.unit_id = None
            user = await accounts.patch_user(actor, user_id, changes)
            message, kind = "Đã lưu.", "ok"
        except (DomainError, msgspec.ValidationError) as exc:
            message, _ = _form_errors(exc)
            kind = "error"
            user = await accounts.get_user(actor, user_id)
        context = await self._users_context(request, u=user, row_message=message, row_kind=kind)
        return Template("partials/user_row.html", context=context)

    @get("/users/rows", guards=[admin_only])
    async def users_rows(self, request: Request, page: Paging) -> Template:
        result = await accounts.list_users(page)
        return Template("partials/user_rows.html", context=await self._users_context(request, page=result))


WEB_ROUTES = [AuthPages, ShellPages]
