"""GET /health: whether the database answers and whether search does (search down degrades, never breaks)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get

# `create_app` gives each check: the database ("ok" or "down"), search ("ok" or "degraded").
HealthCheck = Callable[[], Awaitable[str]]


@get("/health", summary="Tình trạng dịch vụ", tags=["health"], exclude_from_auth=True)
async def health(request: Request) -> Response[dict[str, Any]]:
    checks: dict[str, HealthCheck] = request.app.state.health_checks
    body: dict[str, Any] = {"status": "ok"}
    for name, check in checks.items():
        body[name] = await check()
    if body.get("database") != "ok":
        body["status"] = "error"
    return Response(body, status_code=200 if body["status"] == "ok" else 503)
