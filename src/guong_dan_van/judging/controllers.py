"""Thin HTTP layer of judging (API.md, "Judging")."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.pagination import Paging
from guong_dan_van.core.permissions import Role, admin_only, current_actor, logged_in, roles
from guong_dan_van.judging import services
from guong_dan_van.judging.schemas import (
    AssignmentIn,
    AssignmentList,
    AssignmentPair,
    AssignOut,
    ConflictDeclared,
    ConflictIn,
    ConflictOut,
    JudgeIn,
    LedgerOut,
    PanelSeatOut,
    ProgressOut,
    RoundCreate,
    RoundOut,
    ScoreIn,
    ScoreOut,
)

judges_and_committee = roles(Role.admin, Role.judge)


class EditionRoundController(Controller):
    path = "/api/editions"
    tags = ["judging"]
    guards = [logged_in]

    @post("/{edition_id:int}/rounds", guards=[admin_only], summary="Tạo vòng chấm (thang điểm mặc định nếu bỏ trống)")
    async def create_round(self, request: Request, edition_id: FromPath[int], data: JSONBody[RoundCreate]) -> RoundOut:
        return await services.create_round(current_actor(request), edition_id, data)

    @get("/{edition_id:int}/rounds", guards=[judges_and_committee], summary="Các vòng chấm của đợt thi")
    async def list_rounds(self, request: Request, edition_id: FromPath[int]) -> list[RoundOut]:
        return await services.list_rounds(current_actor(request), edition_id)


class RoundController(Controller):
    path = "/api/rounds"
    tags = ["judging"]
    guards = [judges_and_committee]

    @get("/{round_id:int}", summary="Xem vòng chấm")
    async def get_round(self, request: Request, round_id: FromPath[int]) -> RoundOut:
        return await services.get_round(current_actor(request), round_id)

    @post("/{round_id:int}/judges", guards=[admin_only], status_code=HTTP_200_OK, summary="Thêm giám khảo vào tiểu ban")
    async def add_judge(self, request: Request, round_id: FromPath[int], data: JSONBody[JudgeIn]) -> PanelSeatOut:
        return await services.add_judge(current_actor(request), round_id, data)

    @get("/{round_id:int}/judges", guards=[admin_only], summary="Tiểu ban giám khảo")
    async def list_judges(self, round_id: FromPath[int]) -> list[PanelSeatOut]:
        return await services.list_panel(round_id)

    @delete("/{round_id:int}/judges/{user_id:int}", guards=[admin_only], summary="Bớt giám khảo khỏi tiểu ban")
    async def remove_judge(self, request: Request, round_id: FromPath[int], user_id: FromPath[int]) -> None:
        await services.remove_judge(current_actor(request), round_id, user_id)

    @post("/{round_id:int}/conflicts", status_code=HTTP_200_OK, summary="Khai xung đột lợi ích")
    async def declare_conflict(
        self, request: Request, round_id: FromPath[int], data: JSONBody[ConflictIn]
    ) -> ConflictDeclared:
        return await services.declare_conflict(current_actor(request), round_id, data)

    @get("/{round_id:int}/conflicts", guards=[admin_only], summary="Xung đột lợi ích: khai báo và từ dữ liệu")
    async def list_conflicts(self, request: Request, round_id: FromPath[int]) -> list[ConflictOut]:
        return await services.round_conflicts_out(current_actor(request), round_id)

    @post("/{round_id:int}/assign", guards=[admin_only], status_code=HTTP_200_OK, summary="Phân công chấm")
    async def assign(self, request: Request, round_id: FromPath[int]) -> AssignOut:
        return await services.assign_round(current_actor(request), round_id)

    @post("/{round_id:int}/assignments", guards=[admin_only], summary="Thêm một phân công")
    async def add_assignment(
        self, request: Request, round_id: FromPath[int], data: JSONBody[AssignmentIn]
    ) -> AssignmentPair:
        return await services.add_assignment(current_actor(request), round_id, data)

    @delete(
        "/{round_id:int}/assignments/{judge_id:int}/{entry_id:int}", guards=[admin_only], summary="Gỡ một phân công"
    )
    async def remove_assignment(
        self, request: Request, round_id: FromPath[int], judge_id: FromPath[int], entry_id: FromPath[int]
    ) -> None:
        await services.remove_assignment(current_actor(request), round_id, judge_id, entry_id)

    @get("/{round_id:int}/assignments", summary="Phân công: ban tổ chức xem tất cả, giám khảo xem của mình")
    async def list_assignments(self, request: Request, round_id: FromPath[int], page: Paging) -> AssignmentList:
        return await services.list_assignments(current_actor(request), round_id, page)

    @post("/{round_id:int}/open", guards=[admin_only], status_code=HTTP_200_OK, summary="Mở vòng chấm")
    async def open_round(self, request: Request, round_id: FromPath[int]) -> RoundOut:
        return await services.open_round(current_actor(request), round_id)

    @post("/{round_id:int}/close", guards=[admin_only], status_code=HTTP_200_OK, summary="Khóa vòng chấm")
    async def close_round(self, request: Request, round_id: FromPath[int]) -> RoundOut:
        return await services.close_round(current_actor(request), round_id)

    @put("/{round_id:int}/scores/{entry_id:int}", summary="Lưu điểm của giám khảo")
    async def put_score(
        self, request: Request, round_id: FromPath[int], entry_id: FromPath[int], data: JSONBody[ScoreIn]
    ) -> ScoreOut:
        return await services.put_score(current_actor(request), round_id, entry_id, data)

    @get("/{round_id:int}/progress", guards=[admin_only], summary="Tiến độ chấm")
    async def progress(self, request: Request, round_id: FromPath[int]) -> ProgressOut:
        return await services.round_progress(current_actor(request), round_id)

    @get("/{round_id:int}/ledger", guards=[admin_only], summary="Sổ cái của vòng chấm")
    async def ledger(self, request: Request, round_id: FromPath[int]) -> LedgerOut:
        await services.get_round(current_actor(request), round_id)
        return await services.get_ledger(round_id)


API_ROUTES: list[ControllerRouterHandler] = [EditionRoundController, RoundController]
