from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery, JSONBody

from guong_dan_van.accounts import services
from guong_dan_van.accounts.middleware import SESSION_COOKIE, client_address
from guong_dan_van.accounts.schemas import LoginIn, LoginOut, UserCreate, UserOut, UserPatch
from guong_dan_van.core.pagination import OptionalId, Paging, SearchText
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in
from guong_dan_van.core.schemas import Ok, Page


def session_cookie(request: Request, token: str, max_age: int | None) -> Cookie:
    settings = request.app.state.settings
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
        max_age=max_age,
    )


class AuthController(Controller):
    path = "/api"
    tags = ["auth"]

    @post("/auth/login", summary="Đăng nhập", status_code=200)
    async def login(self, request: Request, data: JSONBody[LoginIn]) -> Response[LoginOut]:
        result = await services.login(data, client_address(request))
        hours = request.app.state.settings.session_hours
        return Response(result, cookies=[session_cookie(request, result.token, hours * 3600)])

    @post("/auth/logout", guards=[logged_in], summary="Đăng xuất", status_code=200)
    async def logout(self, request: Request) -> Response[Ok]:
        await services.logout(current_actor(request))
        return Response(Ok(), cookies=[session_cookie(request, "", 0)])

    @get("/me", guards=[logged_in], summary="Người dùng hiện tại")
    async def me(self, request: Request) -> UserOut:
        actor = current_actor(request)
        return await services.get_user(actor, actor.id)


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]
    guards = [logged_in]

    @post("/", guards=[admin_only], summary="Tạo tài khoản")
    async def create_user(self, request: Request, data: JSONBody[UserCreate]) -> UserOut:
        return await services.create_user(current_actor(request), data)

    @get("/", guards=[admin_only], summary="Danh sách tài khoản")
    async def list_users(
        self,
        page: Paging,
        role: FromQuery[Role | None] = None,
        unit_id: OptionalId = None,
        q: SearchText = None,
    ) -> Page[UserOut]:
        return await services.list_users(page, role=role, unit_id=unit_id, q=q)

    @get("/{user_id:int}", summary="Xem tài khoản")
    async def get_user(self, request: Request, user_id: FromPath[int]) -> UserOut:
        return await services.get_user(current_actor(request), user_id)

    @patch("/{user_id:int}", summary="Sửa tài khoản")
    async def patch_user(self, request: Request, user_id: FromPath[int], data: JSONBody[UserPatch]) -> UserOut:
        return await services.patch_user(current_actor(request), user_id, data)
