from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from guong_dan_van.search.health import search_status


@get("/health", summary="Tình trạng dịch vụ", tags=["health"], exclude_from_auth=True)
async def health(request: Request) -> Response[dict[str, Any]]:
    settings = request.app.state.settings
    engine = request.app.state.engine
    database = "ok"
    try:
        await engine.run_ddl("SELECT 1")
    except Exception:
        database = "down"
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "search": await search_status(settings),
    }
    return Response(body, status_code=200 if database == "ok" else 503)
