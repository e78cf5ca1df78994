"""The chuyên trang's home page and the contest results index."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get

from guong_dan_van.public import services
from guong_dan_van.public.pages.common import (
    HOME,
    LIBRARY,
    RESULTS,
    Rendered,
    cached_page,
    public_error_response,
    render,
)

PUBLIC_OPT = {"exclude_from_auth": True}
HOME_DESCRIPTION = (
    "Những mô hình, điển hình “Dân vận khéo” được công nhận, bài viết về các tấm gương Dân vận khéo "
    "và kết quả cuộc thi báo chí."
)


class PublicHomePages(Controller):
    """Open to everyone: no session is read (the auth middleware skips these handlers)."""

    include_in_schema = False
    opt = PUBLIC_OPT
    exception_handlers = {Exception: public_error_response}

    @get(HOME)
    async def home(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        async def build() -> Rendered:
            stories = await services.latest_stories()
            featured = await services.featured_models()
            body = render(
                request,
                "public/home.html",
                title="Trang chủ",
                description=HOME_DESCRIPTION,
                stories=stories,
                featured=featured,
                og_image=next((m.thumb for m in featured if m.thumb), None),
                library=LIBRARY,
                results=RESULTS,
            )
            return Rendered(body)

        return await cached_page(request, HOME, build)

    @get(RESULTS)
    async def results_index(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        async def build() -> Rendered:
            editions = await services.list_public_editions()
            body = render(
                request,
                "public/results.html",
                title="Kết quả cuộc thi",
                description="Kết quả các đợt Cuộc thi báo chí viết về tấm gương Dân vận khéo.",
                editions=editions,
            )
            return Rendered(body)

        return await cached_page(request, RESULTS, build)
