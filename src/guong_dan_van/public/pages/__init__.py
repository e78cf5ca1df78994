"""The chuyên trang's pages, open to everyone: home, model library, results index, sitemap and robots.

`stories` serves the published stories (`/chuyen-trang/bai-viet/{slug}`) and the Atom and RSS feeds.
The SEO controller comes last: its catch-all makes any other address under /chuyen-trang a public 404.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from guong_dan_van.public.pages.home import PublicHomePages
from guong_dan_van.public.pages.library import PublicLibraryPages
from guong_dan_van.public.pages.results import PublicResultPages
from guong_dan_van.public.pages.seo import PublicSeoPages
from guong_dan_van.public.pages.stories import PublicStoryPages

WEB_ROUTES: list[ControllerRouterHandler] = [
    PublicHomePages,
    PublicLibraryPages,
    PublicStoryPages,
    PublicResultPages,
    PublicSeoPages,
]
