"""Thin HTTP layer of the media domain: uploads, edits, downloads, and serving renditions under /media/.

Upload routes sit in routers built by `upload_routes(settings)` so that they, and only they, accept
bodies up to the upload caps (the app default is 1 MB for JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, Router, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, MultipartBody
from litestar.response import File
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.errors import NotFound
from guong_dan_van.core.permissions import current_actor, logged_in
from guong_dan_van.media import filetypes, services
from guong_dan_van.media.owners import OwnerRegistry, OwnerType
from guong_dan_van.media.schemas import AttachmentOut, AttachmentUpload, PhotoOut, PhotoPatch, PhotoUpload
from guong_dan_van.media.services import Media
from guong_dan_van.media.storage import CONTENT_TYPES
from guong_dan_van.settings import Settings

# Room for the multipart envelope and the caption/credit fields around the file itself.
MULTIPART_OVERHEAD = 64 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"


UPLOAD_DESCRIPTION = "201 with the new item; 200 with the existing one when the same file is already there."


def _upload_route(owner: OwnerType, kind: str, summary: str, handler: Callable[..., Any]) -> HTTPRouteHandler:
    """POST /api/<owner path>/{owner_id}/<kind>s: 201 with a new item, 200 with the one already there."""
    return post(
        f"/api/{owner.path}/{{owner_id:int}}/{kind}s",
        status_code=HTTP_201_CREATED,
        summary=summary,
        description=UPLOAD_DESCRIPTION,
        operation_id=f"upload_{owner.name}_{kind}",
        tags=[f"{kind}s"],
        guards=[logged_in],
    )(handler)


def _stored(item: PhotoOut | AttachmentOut, created: bool) -> Response[Any]:
    return Response(item, status_code=HTTP_201_CREATED if created else HTTP_200_OK)


def _photo_upload_route(owner: OwnerType) -> HTTPRouteHandler:
    async def upload_photo(
        request: Request, media: NamedDependency[Media], owner_id: FromPath[int], data: MultipartBody[PhotoUpload]
    ) -> Response[PhotoOut]:
        content = await data.file.read()
        photo, created = await services.ingest_photo(
            media, current_actor(request), owner.name, owner_id, content, caption=data.caption, credit=data.credit
        )
        return _stored(photo, created)

    return _upload_route(owner, "photo", f"Tải ảnh lên cho {owner.label}", upload_photo)


def _attachment_upload_route(owner: OwnerType) -> HTTPRouteHandler:
    async def upload_attachment(
        request: Request, media: NamedDependency[Media], owner_id: FromPath[int], data: MultipartBody[AttachmentUpload]
    ) -> Response[AttachmentOut]:
        content = await data.file.read()
        attachment, created = await services.ingest_attachment(
            media, current_actor(request), owner.name, owner_id, content, data.file.filename
        )
        return _stored(attachment, created)

    return _upload_route(owner, "attachment", f"Tải tệp đính kèm (PDF, MP3, MP4) cho {owner.label}", upload_attachment)


class PhotoController(Controller):
    path = "/api/photos"
    tags = ["photos"]
    guards = [logged_in]

    @get("/{photo_id:int}", summary="Xem ảnh")
    async def get_photo(self, request: Request, media: NamedDependency[Media], photo_id: FromPath[int]) -> PhotoOut:
        return await services.get_photo(media, current_actor(request), photo_id)

    @patch("/{photo_id:int}", summary="Sửa chú thích, tác giả ảnh, thứ tự")
    async def patch_photo(
        self, request: Request, media: NamedDependency[Media], photo_id: FromPath[int], data: JSONBody[PhotoPatch]
    ) -> PhotoOut:
        return await services.patch_photo(media, current_actor(request), photo_id, data)

    @delete("/{photo_id:int}", summary="Xóa ảnh (và các tệp của nó)")
    async def delete_photo(self, request: Request, media: NamedDependency[Media], photo_id: FromPath[int]) -> None:
        await services.delete_photo(media, current_actor(request), photo_id)


class AttachmentController(Controller):
    path = "/api/attachments"
    tags = ["attachments"]
    guards = [logged_in]

    @get(
        "/{attachment_id:int}",
        summary="Tải tệp đính kèm về",
        description="Always a download (Content-Disposition: attachment), never shown inline.",
    )
    async def download_attachment(
        self, request: Request, media: NamedDependency[Media], attachment_id: FromPath[int]
    ) -> Response[bytes]:
        found = await services.download_attachment(media, current_actor(request), attachment_id)
        headers = {
            "Content-Disposition": filetypes.content_disposition(found.filename),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        }
        if found.content is not None:
            return Response(found.content, media_type=found.content_type, headers=headers)
        return File(
            path=found.path, media_type=found.content_type, content_disposition_type="attachment", headers=headers
        )

    @delete("/{attachment_id:int}", summary="Xóa tệp đính kèm")
    async def delete_attachment(
        self, request: Request, media: NamedDependency[Media], attachment_id: FromPath[int]
    ) -> None:
        await services.delete_attachment(media, current_actor(request), attachment_id)


@get(
    "/media/{name:path}",
    include_in_schema=False,
    exclude_from_auth=True,
    opt={"exclude_from_auth": True},
)
async def serve_media(media: NamedDependency[Media], name: FromPath[Path]) -> File:
    """Renditions by their unguessable, immutable names: cached for a year, no session needed."""
    path = media.storage.public_path(str(name).lstrip("/"))
    if path is None or not path.is_file():
        raise NotFound("Không tìm thấy tệp.")
    return File(
        path=path,
        media_type=CONTENT_TYPES[path.suffix.lstrip(".")],
        content_disposition_type="inline",
        headers={"Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"},
    )


# Routes whose bodies are small (JSON or none), registered in app.API_ROUTES.
MEDIA_ROUTES: list[ControllerRouterHandler] = [PhotoController, AttachmentController, serve_media]


def upload_routes(settings: Settings, owners: OwnerRegistry) -> list[ControllerRouterHandler]:
    """The upload routes of every owner type with a path, each with a body cap fitted to its file cap."""
    with_path = [owner for owner in owners.types() if owner.path]
    return [
        Router(
            path="/",
            route_handlers=[_photo_upload_route(owner) for owner in with_path],
            request_max_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD,
        ),
        Router(
            path="/",
            route_handlers=[_attachment_upload_route(owner) for owner in with_path if owner.attachments],
            request_max_body_size=settings.max_attachment_bytes + MULTIPART_OVERHEAD,
        ),
    ]
