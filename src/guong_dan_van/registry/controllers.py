"""Thin HTTP layer of the registry: parse, call a service, shape the answer."""

from __future__ import annotations

from dataclasses import dataclass

import anyio.to_thread
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from guong_dan_van.core.pagination import Paging
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.core.schemas import Page
from guong_dan_van.media.services import Media
from guong_dan_van.registry import excel, importer, services
from guong_dan_van.registry.dependencies import IMPORT_BODY_LIMIT, MODEL_FILTERS, YEAR_FILTER, Filters, YearFilter
from guong_dan_van.registry.schemas import (
    ImportReport,
    ModelCreate,
    ModelOut,
    ModelPatch,
    ModelStats,
    ModelSummary,
    ModelYearOut,
    ReplicationIn,
    ReplicationOut,
    ReviewIn,
    SubmitIn,
)
from guong_dan_van.registry.services import EntriesAboutModel
from guong_dan_van.registry.stats import Rollup, model_stats


@dataclass
class ImportUpload:
    """multipart/form-data with the .xlsx as `file`."""

    file: UploadFile


def _xlsx(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=excel.XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


class ModelController(Controller):
    path = "/api/models"
    tags = ["models"]
    guards = [logged_in]
    dependencies = MODEL_FILTERS

    @post("/", status_code=HTTP_201_CREATED, summary="Đăng ký mô hình, điển hình (bản nháp)")
    async def create_model(self, request: Request, data: JSONBody[ModelCreate]) -> ModelOut:
        return await services.create_model(current_actor(request), data)

    @get("/", summary="Danh sách mô hình, điển hình")
    async def list_models(self, request: Request, page: Paging, filters: Filters) -> Page[ModelSummary]:
        return await services.list_models(current_actor(request), page, filters)

    @get("/export.xlsx", summary="Xuất danh sách đã lọc ra Excel", media_type=excel.XLSX_CONTENT_TYPE)
    async def export_models(self, request: Request, filters: Filters) -> Response[bytes]:
        models = await services.export_models(current_actor(request), filters)
        content = await anyio.to_thread.run_sync(excel.export_workbook, models, filters.year)
        return _xlsx(content, f"mo-hinh-{filters.year}.xlsx" if filters.year else "mo-hinh.xlsx")

    @get("/import/template.xlsx", summary="Mẫu bảng tính để nhập danh sách", media_type=excel.XLSX_CONTENT_TYPE)
    async def import_template(self) -> Response[bytes]:
        return _xlsx(await anyio.to_thread.run_sync(excel.template_workbook), "mau-nhap-mo-hinh.xlsx")

    @post(
        "/import",
        status_code=HTTP_200_OK,
        summary="Nhập danh sách mô hình từ Excel",
        description="`?dry_run=true` checks every row and writes nothing; otherwise all rows are written in one "
        "transaction, or none (422 listing every bad row with its row number).",
        request_max_body_size=IMPORT_BODY_LIMIT,
    )
    async def import_models(
        self, request: Request, data: MultipartBody[ImportUpload], dry_run: FromQuery[bool] = False
    ) -> ImportReport:
        content = await data.file.read()
        return await importer.import_models(current_actor(request), content, dry_run=dry_run)

    @get("/{model_id:int}", summary="Xem mô hình")
    async def get_model(
        self, request: Request, entries_about_model: NamedDependency[EntriesAboutModel], model_id: FromPath[int]
    ) -> ModelOut:
        return await services.get_model(current_actor(request), model_id, entries_about=entries_about_model)

    @delete("/{model_id:int}", summary="Xóa mô hình còn là bản nháp, cùng ảnh của nó")
    async def delete_model(
        self,
        request: Request,
        media: NamedDependency[Media],
        entries_about_model: NamedDependency[EntriesAboutModel],
        model_id: FromPath[int],
    ) -> None:
        await services.delete_model(current_actor(request), media, model_id, entries_about=entries_about_model)

    @patch("/{model_id:int}", summary="Sửa mô hình (gửi kèm version)")
    async def patch_model(self, request: Request, model_id: FromPath[int], data: JSONBody[ModelPatch]) -> ModelOut:
        return await services.patch_model(current_actor(request), model_id, data)

    @post("/{model_id:int}/submit", status_code=HTTP_200_OK, summary="Đăng ký mô hình cho một năm")
    async def submit_model(self, request: Request, model_id: FromPath[int], data: JSONBody[SubmitIn]) -> ModelYearOut:
        return await services.submit_year(current_actor(request), model_id, data)

    @post("/{model_id:int}/review", status_code=HTTP_200_OK, guards=[admin_only], summary="Thẩm định, công nhận")
    async def review_model(self, request: Request, model_id: FromPath[int], data: JSONBody[ReviewIn]) -> ModelYearOut:
        return await services.review_year(current_actor(request), model_id, data)

    @get("/{model_id:int}/years", summary="Lịch sử các năm của mô hình")
    async def model_years(self, request: Request, model_id: FromPath[int]) -> list[ModelYearOut]:
        return await services.list_years(current_actor(request), model_id)

    @post("/{model_id:int}/replications", status_code=HTTP_201_CREATED, summary="Ghi nhận nhân rộng mô hình")
    async def add_replication(
        self, request: Request, model_id: FromPath[int], data: JSONBody[ReplicationIn]
    ) -> ReplicationOut:
        return await services.add_replication(current_actor(request), model_id, data)

    @get("/{model_id:int}/replications", summary="Nơi đã nhân rộng mô hình")
    async def list_replications(self, request: Request, model_id: FromPath[int]) -> list[ReplicationOut]:
        return await services.list_replications(current_actor(request), model_id)


class ModelStatsController(Controller):
    path = "/api/stats/models"
    tags = ["models"]
    guards = [logged_in]
    dependencies = YEAR_FILTER

    @get("/", summary="Thống kê mô hình theo lĩnh vực, cấp, loại, đơn vị, trạng thái")
    async def stats(
        self, request: Request, year_filter: YearFilter, rollup: FromQuery[Rollup] = Rollup.none
    ) -> ModelStats:
        return await model_stats(current_actor(request), year_filter, rollup)


API_ROUTES = [ModelController, ModelStatsController]
