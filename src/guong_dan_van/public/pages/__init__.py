"""The chuyên trang's pages, open to everyone: home, model library, results index, sitemap and robots.

Phase 2 (issue #10, after publishing #8) adds a `stories` module here: `/chuyen-trang/bai-viet/{slug}`
and the Atom and RSS feeds, on the same `cached_page` and public layout.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from guong_dan_van.public.pages.home import PublicHomePages
from guong_dan_van.public.pages.library import PublicLibraryPages
from guong_dan_van.public.pages.seo import PublicSeoPages

WEB_ROUTES: list[ControllerRouterHandler] = [PublicHomePages, PublicLibraryPages, PublicSeoPages]
