"""For search engines: `sitemap.xml` (every public page), `robots.txt` (only the chuyên trang), and a public
404 for any other address under /chuyen-trang."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from guong_dan_van.core.errors import NotFound
from guong_dan_van.public import services
from guong_dan_van.public.dependencies import site_url
from guong_dan_van.public.pages.common import HOME, LIBRARY, RESULTS, STORIES, public_error_response
from guong_dan_van.public.pages.home import PUBLIC_OPT
from guong_dan_van.public.schemas import SitemapEntry
from guong_dan_van.settings import Settings

ROBOTS = """User-agent: *
Allow: /chuyen-trang
Allow: /static/
Allow: /media/
Disallow: /
Sitemap: {site}/sitemap.xml
"""


async def sitemap_entries() -> list[SitemapEntry]:
    """Every public page: home, library, results index, each public model, each edition's public results,
    the latest published stories."""
    models = await services.public_model_entries()
    editions = await services.list_public_editions()
    latest = max((changed for _, _, changed in models), default=None)
    entries = [
        SitemapEntry(path=HOME, updated_at=latest),
        SitemapEntry(path=LIBRARY, updated_at=latest),
        SitemapEntry(path=RESULTS, updated_at=max((e.updated_at for e in editions), default=None)),
    ]
    entries += [SitemapEntry(path=f"{LIBRARY}/{slug}", updated_at=changed) for _, slug, changed in models]
    entries += [SitemapEntry(path=f"{RESULTS}/{e.id}", updated_at=e.updated_at) for e in editions if e.results_public]
    stories = await services.latest_stories(services.FEED_SIZE)
    entries += [SitemapEntry(path=f"{STORIES}/{s.slug}", updated_at=s.published_at) for s in stories]
    return entries


def _cache(request: Request[Any, Any, Any]) -> dict[str, str]:
    settings: Settings = request.app.state.settings
    return {"Cache-Control": f"public, max-age={settings.public_max_age}"}


class PublicSeoPages(Controller):
    include_in_schema = False
    opt = PUBLIC_OPT
    exception_handlers = {Exception: public_error_response}

    @get("/sitemap.xml")
    async def sitemap(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        site = site_url(request)
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for entry in await sitemap_entries():
            modified = f"<lastmod>{entry.updated_at.date().isoformat()}</lastmod>" if entry.updated_at else ""
            lines.append(f"<url><loc>{escape(site + entry.path)}</loc>{modified}</url>")
        lines.append("</urlset>")
        return Response("\n".join(lines).encode(), media_type="application/xml; charset=utf-8", headers=_cache(request))

    @get("/robots.txt")
    async def robots(self, request: Request[Any, Any, Any]) -> Response[str]:
        return Response(
            ROBOTS.format(site=site_url(request)), media_type="text/plain; charset=utf-8", headers=_cache(request)
        )

    @get(HOME + "/{rest:path}")
    async def unknown_public_page(self, rest: FromPath[Path]) -> None:
        """Any other address under the chuyên trang: the public 404 (not the staff one with its login)."""
        raise NotFound("Không tìm thấy trang bạn cần.")
