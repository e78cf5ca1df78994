"""The shell's pages: logging in and out, and the dashboard frame (each domain gives its own cards)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from litestar.types import ControllerRouterHandler

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.dependencies import client_address, session_cookie
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import LoginIn
from guong_dan_van.accounts.services import LoginPolicy
from guong_dan_van.core.cards import CardSource
from guong_dan_van.core.errors import DomainError, NotFound
from guong_dan_van.core.permissions import current_actor, logged_in
from guong_dan_van.units import services as units
from guong_dan_van.web.dashboard import dashboard_context
from guong_dan_van.web.forms import FormData
from guong_dan_van.web.pages import page_context


def safe_next(target: str | None) -> str:
    """Only same-site paths (with their query): never let ?next= send a user to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc:
        return "/"
    return (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")


class AuthPages(Controller):
    include_in_schema = False

    @get("/login", exclude_from_auth=False)
    async def login_page(
        self,
        request: Request,
        next_: Annotated[str | None, QueryParameter(name="next", max_length=2000)] = None,
    ) -> Template:
        return Template("login.html", context=page_context(request, next=safe_next(next_), error=None, username=""))

    @post("/login")
    async def login_submit(
        self,
        request: Request,
        login_policy: NamedDependency[LoginPolicy],
        hasher: NamedDependency[Hasher],
        data: FormData,
    ) -> Response[Any]:
        username = data.get("username", "")
        target = safe_next(data.get("next"))
        try:
            result = await accounts.login(
                msgspec.convert({"username": username, "password": data.get("password", "")}, LoginIn),
                client_address(request),
                policy=login_policy,
                hasher=hasher,
            )
        except (DomainError, msgspec.ValidationError) as exc:
            message = exc.detail if isinstance(exc, DomainError) else "Tên đăng nhập hoặc mật khẩu không đúng."
            status = exc.status if isinstance(exc, DomainError) else 401
            return Template(
                "login.html",
                context=page_context(request, next=target, error=message, username=username),
                status_code=status,
            )
        return Redirect(target, cookies=[session_cookie(request, result.token, login_policy.session_hours * 3600)])

    @post("/logout", guards=[logged_in])
    async def logout(self, request: Request) -> Response[Any]:
        await accounts.logout(current_actor(request))
        response: Response[Any] = Response("", headers={"HX-Redirect": "/login"})
        response.set_cookie(session_cookie(request, "", 0))
        return response


class DashboardPage(Controller):
    include_in_schema = False
    guards = [logged_in]

    @get("/")
    async def dashboard(self, request: Request, dashboard_cards: NamedDependency[Sequence[CardSource]]) -> Template:
        actor = current_actor(request)
        unit_name = (await units.names_for({actor.unit_id})).get(actor.unit_id) if actor.unit_id else None
        context = await dashboard_context(actor, dashboard_cards, unit_name)
        return Template("dashboard.html", context=page_context(request, **context))


@get("/{path:path}", include_in_schema=False)
async def unknown_page(path: FromPath[Path]) -> None:
    """Any other address: the Vietnamese 404 page. Being a route, it passes the session check first, so
    the page still shows the logged-in user's navigation and the logout button."""
    raise NotFound("Không tìm thấy trang bạn cần.")


SHELL_ROUTES: list[ControllerRouterHandler] = [AuthPages, DashboardPage, unknown_page]
