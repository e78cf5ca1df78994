from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from guong_dan_van.accounts import services
from guong_dan_van.accounts.dependencies import client_address, session_cookie
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import LoginIn, LoginOut, UserCreate, UserOut, UserPatch
from guong_dan_van.accounts.services import LoginPolicy
from guong_dan_van.core.pagination import OptionalId, Paging, SearchText
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in
from guong_dan_van.core.schemas import Ok, Page


class AuthController(Controller):
    path = "/api"
    tags = ["auth"]

    @post("/auth/login", summary="Đăng nhập", status_code=200)
    async def login(
        self,
        request: Request,
        login_policy: NamedDependency[LoginPolicy],
        hasher: NamedDependency[Hasher],
        data: JSONBody[LoginIn],
    ) -> Response[LoginOut]:
        result = await services.login(data, client_address(request), policy=login_policy, hasher=hasher)
        return Response(result, cookies=[session_cookie(request, result.token, login_policy.session_hours * 3600)])

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
    async def create_user(
        self, request: Request, hasher: NamedDependency[Hasher], data: JSONBody[UserCreate]
    ) -> UserOut:
        return await services.create_user(current_actor(request), data, hasher=hasher)

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
    async def patch_user(
        self, request: Request, hasher: NamedDependency[Hasher], user_id: FromPath[int], data: JSONBody[UserPatch]
    ) -> UserOut:
        return await services.patch_user(current_actor(request), user_id, data, hasher=hasher)
