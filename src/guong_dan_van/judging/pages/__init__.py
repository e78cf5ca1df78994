"""The judging room's pages, one module per subject; each adds its controllers to WEB_ROUTES."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from guong_dan_van.judging.pages.results import ResultPages
from guong_dan_van.judging.pages.rounds import RoundPages
from guong_dan_van.judging.pages.scoring import JudgePages
from guong_dan_van.judging.pages.setup import JudgeConflictPages, RoundSetupPages

WEB_ROUTES: list[ControllerRouterHandler] = [
    RoundPages,
    JudgePages,
    RoundSetupPages,
    JudgeConflictPages,
    ResultPages,
]
