from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from guong_dan_van.contest import services
from guong_dan_van.contest.dependencies import ENTRY_FILTERS, EntryFilter, enters_works
from guong_dan_van.contest.schemas import (
    ContestCreate,
    ContestOut,
    EditionCreate,
    EditionOut,
    EditionPatch,
    EntryCreate,
    EntryDetail,
    EntryOut,
    EntryPatch,
    FunnelOut,
    ReturnIn,
    ScreenIn,
    StatusOut,
)
from guong_dan_van.core.pagination import Paging
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.core.schemas import Page
from guong_dan_van.media.services import Media


class ContestController(Controller):
    path = "/api/contests"
    tags = ["press contest"]
    guards = [logged_in]

    @post("/", guards=[admin_only], summary="Tạo cuộc thi")
    async def create_contest(self, request: Request, data: JSONBody[ContestCreate]) -> ContestOut:
        return await services.create_contest(current_actor(request), data)

    @get("/", summary="Danh sách cuộc thi")
    async def list_contests(self, page: Paging) -> Page[ContestOut]:
        return await services.list_contests(page)

    @get("/{contest_id:int}", summary="Xem cuộc thi")
    async def get_contest(self, contest_id: FromPath[int]) -> ContestOut:
        return await services.get_contest(contest_id)

    @post("/{contest_id:int}/editions", guards=[admin_only], summary="Tạo đợt thi (thể lệ là dữ liệu)")
    async def create_edition(
        self, request: Request, contest_id: FromPath[int], data: JSONBody[EditionCreate]
    ) -> EditionOut:
        return await services.create_edition(current_actor(request), contest_id, data)

    @get("/{contest_id:int}/editions", summary="Các đợt thi của cuộc thi")
    async def list_editions(self, contest_id: FromPath[int]) -> Page[EditionOut]:
        items = await services.list_editions(contest_id)
        return Page(items=items, total=len(items), limit=len(items), offset=0)


class EditionController(Controller):
    path = "/api/editions"
    tags = ["press contest"]
    guards = [logged_in]
    dependencies = ENTRY_FILTERS

    @get("/{edition_id:int}", summary="Xem đợt thi và thể lệ")
    async def get_edition(self, edition_id: FromPath[int]) -> EditionOut:
        return await services.get_edition(edition_id)

    @patch("/{edition_id:int}", guards=[admin_only], summary="Sửa thể lệ đợt thi (kèm version)")
    async def patch_edition(
        self, request: Request, edition_id: FromPath[int], data: JSONBody[EditionPatch]
    ) -> EditionOut:
        return await services.patch_edition(current_actor(request), edition_id, data)

    @post("/{edition_id:int}/entries", guards=[enters_works], summary="Gửi tác phẩm (bản nháp)")
    async def create_entry(self, request: Request, edition_id: FromPath[int], data: JSONBody[EntryCreate]) -> EntryOut:
        return await services.create_entry(current_actor(request), edition_id, data)

    @get("/{edition_id:int}/entries", guards=[enters_works], summary="Danh sách tác phẩm của đợt thi")
    async def list_entries(
        self, request: Request, edition_id: FromPath[int], page: Paging, entry_filters: EntryFilter
    ) -> Page[EntryOut]:
        f = entry_filters
        return await services.list_entries(
            current_actor(request), edition_id, page, status=f.status, media_type=f.media_type, q=f.q
        )

    @get("/{edition_id:int}/funnel", guards=[admin_only], summary="Phễu: nhận → hợp lệ → vào chung khảo → đoạt giải")
    async def funnel(
        self, edition_id: FromPath[int], judged_counts: NamedDependency[services.JudgedCounts]
    ) -> FunnelOut:
        return await services.get_funnel(edition_id, judged_counts)


class EntryController(Controller):
    path = "/api/entries"
    tags = ["press contest"]
    guards = [logged_in]

    @get("/{entry_id:int}", summary="Xem tác phẩm")
    async def get_entry(self, request: Request, entry_id: FromPath[int]) -> EntryDetail:
        return await services.get_entry(current_actor(request), entry_id)

    @patch("/{entry_id:int}", summary="Sửa tác phẩm (kèm version)")
    async def patch_entry(self, request: Request, entry_id: FromPath[int], data: JSONBody[EntryPatch]) -> EntryOut:
        return await services.patch_entry(current_actor(request), entry_id, data)

    @post("/{entry_id:int}/submit", status_code=HTTP_200_OK, summary="Gửi dự thi: kiểm tra mọi quy định")
    async def submit_entry(
        self,
        request: Request,
        judges_of_edition_rounds: NamedDependency[services.JudgesOfEdition],
        entry_id: FromPath[int],
    ) -> StatusOut:
        return await services.submit_entry(current_actor(request), entry_id, judges_of_edition_rounds)

    @post("/{entry_id:int}/screen", guards=[admin_only], status_code=HTTP_200_OK, summary="Sơ loại")
    async def screen_entry(self, request: Request, entry_id: FromPath[int], data: JSONBody[ScreenIn]) -> StatusOut:
        return await services.screen_entry(current_actor(request), entry_id, data)

    @delete("/{entry_id:int}", summary="Rút (xóa) tác phẩm còn là bản nháp, cùng tệp và ảnh")
    async def delete_entry(self, request: Request, media: NamedDependency[Media], entry_id: FromPath[int]) -> None:
        await services.delete_entry(current_actor(request), media, entry_id)

    @post("/{entry_id:int}/return", guards=[admin_only], status_code=HTTP_200_OK, summary="Trả về đơn vị để sửa")
    async def return_entry(self, request: Request, entry_id: FromPath[int], data: JSONBody[ReturnIn]) -> StatusOut:
        return await services.return_entry(current_actor(request), entry_id, data)


API_ROUTES = [ContestController, EditionController, EntryController]
