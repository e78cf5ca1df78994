"""Thin HTTP layer of judging (API.md, "Judging")."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Response
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
    AwardIn,
    AwardOut,
    ConflictDeclared,
    ConflictIn,
    ConflictOut,
    FinalizeIn,
    JudgeIn,
    LedgerOut,
    Method,
    PanelSeatOut,
    ProgressOut,
    ResultsOut,
    RoundCreate,
    RoundOut,
    ScoreIn,
    ScoreOut,
    SealOut,
    ShortlistIn,
    ShortlistOut,
)

judges_and_committee = roles(Role.admin, Role.judge)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MethodParam = Annotated[Method, QueryParameter(description="mean | median | trimmed_mean | zscore")]
LineParam = Annotated[int | None, QueryParameter(ge=1, le=100_000, description="shortlist line for the flags")]


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

    @post("/{edition_id:int}/awards", guards=[admin_only], summary="Trao giải (trong số giải của thể lệ)")
    async def give_award(self, request: Request, edition_id: FromPath[int], data: JSONBody[AwardIn]) -> AwardOut:
        return await services.give_award(current_actor(request), edition_id, data)

    @get("/{edition_id:int}/awards", guards=[admin_only], summary="Các giải đã trao của đợt thi")
    async def list_awards(self, edition_id: FromPath[int]) -> list[AwardOut]:
        return await services.list_awards(edition_id)

    @delete(
        "/{edition_id:int}/awards/{award_id:int}",
        guards=[admin_only],
        summary="Rút lại một giải (trước khi niêm phong)",
    )
    async def take_back_award(self, request: Request, edition_id: FromPath[int], award_id: FromPath[int]) -> None:
        await services.take_back_award(current_actor(request), edition_id, award_id)


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


class ResultController(Controller):
    """Results, shortlist, finalising and the result sheet: the committee only."""

    path = "/api/rounds"
    tags = ["judging"]
    guards = [admin_only]

    @get("/{round_id:int}/results", summary="Kết quả theo cách tính điểm")
    async def results(
        self, request: Request, round_id: FromPath[int], method: MethodParam = Method.mean, line: LineParam = None
    ) -> ResultsOut:
        return await services.get_results(current_actor(request), round_id, method, line)

    @get("/{round_id:int}/results.xlsx", summary="Biên bản kết quả (.xlsx)")
    async def result_sheet(
        self, request: Request, round_id: FromPath[int], method: MethodParam = Method.mean
    ) -> Response[bytes]:
        name, content = await services.result_sheet(current_actor(request), round_id, method)
        return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @post("/{round_id:int}/shortlist", status_code=HTTP_200_OK, summary="Chọn tác phẩm vào vòng sau")
    async def shortlist(self, request: Request, round_id: FromPath[int], data: JSONBody[ShortlistIn]) -> ShortlistOut:
        return await services.shortlist_round(current_actor(request), round_id, data)

    @get("/{round_id:int}/shortlist", summary="Danh sách vào vòng sau")
    async def get_shortlist(self, request: Request, round_id: FromPath[int]) -> ShortlistOut:
        return await services.get_shortlist(current_actor(request), round_id)

    @post("/{round_id:int}/finalize", status_code=HTTP_200_OK, summary="Niêm phong kết quả vòng chấm")
    async def finalize(
        self, request: Request, round_id: FromPath[int], data: JSONBody[FinalizeIn | None] = None
    ) -> SealOut:
        return await services.finalize_round(current_actor(request), round_id, data or FinalizeIn())


API_ROUTES: list[ControllerRouterHandler] = [EditionRoundController, RoundController, ResultController]
