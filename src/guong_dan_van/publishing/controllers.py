"""Thin HTTP layer of publishing (API.md, "Search and publishing")."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.pagination import Paging
from guong_dan_van.core.permissions import current_actor
from guong_dan_van.core.schemas import Page
from guong_dan_van.media.services import Media
from guong_dan_van.publishing import services
from guong_dan_van.publishing.dependencies import (
    QUEUE_FILTERS,
    Awards,
    PublicChanges,
    QueueFilters,
    StoryType,
    publishes,
)
from guong_dan_van.publishing.schemas import PublicationCreate, PublicationOut, PublicationPatch, StoryOut

ZIP = "application/zip"


class PublishingController(Controller):
    path = "/api/publishing"
    tags = ["publishing"]
    guards = [publishes]
    dependencies = QUEUE_FILTERS

    @post("/", status_code=HTTP_201_CREATED, summary="Đưa tin bài vào hàng chờ đăng của một kênh")
    async def create_publication(
        self,
        request: Request,
        awarded_entry_ids: Awards,
        public_changes: PublicChanges,
        data: JSONBody[PublicationCreate],
    ) -> PublicationOut:
        return await services.create_publication(current_actor(request), data, awarded_entry_ids, public_changes.touch)

    @get("/", summary="Hàng chờ đăng (lọc theo kênh, trạng thái, tin bài)")
    async def list_publications(self, page: Paging, queue_filters: QueueFilters) -> Page[PublicationOut]:
        return await services.list_publications(page, queue_filters)

    @get(
        "/stories",
        summary="Tin bài cần đăng: mô hình được công nhận, tiêu biểu và tác phẩm đoạt giải chưa đăng, mới nhất trước",
    )
    async def list_stories(self, page: Paging, awarded_entry_ids: Awards, story_type: StoryType) -> Page[StoryOut]:
        return await services.list_stories(page, awarded_entry_ids, story_type)

    @get("/{publication_id:int}", summary="Xem một tin bài trong hàng chờ")
    async def get_publication(self, publication_id: FromPath[int]) -> PublicationOut:
        return await services.get_publication(publication_id)

    @patch("/{publication_id:int}", summary="Lên lịch, đánh dấu đã đăng hoặc gỡ (gửi kèm version)")
    async def patch_publication(
        self,
        request: Request,
        public_changes: PublicChanges,
        publication_id: FromPath[int],
        data: JSONBody[PublicationPatch],
    ) -> PublicationOut:
        return await services.patch_publication(current_actor(request), publication_id, data, public_changes.touch)

    @get("/{publication_id:int}/kit.zip", summary="Bộ tin bài: văn bản .docx, ảnh cỡ lớn, chú thích", media_type=ZIP)
    async def kit(self, media: NamedDependency[Media], publication_id: FromPath[int]) -> Response[bytes]:
        kit = await services.story_kit(media, publication_id)
        return Response(
            kit.data,
            media_type=ZIP,
            headers={"Content-Disposition": f'attachment; filename="{kit.filename}"', "Cache-Control": "no-store"},
        )


API_ROUTES: list[ControllerRouterHandler] = [PublishingController]
