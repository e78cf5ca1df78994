"""The press contest's pages: editions, screening and the funnel (`editions`), entries (`entries`)."""

from litestar.types import ControllerRouterHandler

from guong_dan_van.contest.pages.editions import ContestPages
from guong_dan_van.contest.pages.entries import EntryPages

WEB_ROUTES: list[ControllerRouterHandler] = [ContestPages, EntryPages]

__all__ = ["WEB_ROUTES", "ContestPages", "EntryPages"]
