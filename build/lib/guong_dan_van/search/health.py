"""Whether the configured search engine answers; search being down degrades the app, never breaks it."""

from __future__ import annotations

import anyio.to_thread

from guong_dan_van.settings import Settings


def _meili_ok(url: str, key: str) -> bool:
    import meilisearch

    try:
        client = meilisearch.Client(url, key or None, timeout=2)
        return bool(client.is_healthy())
    except Exception:
        return False


async def search_status(settings: Settings) -> str:
    if settings.search_backend == "meilisearch":
        ok = await anyio.to_thread.run_sync(_meili_ok, settings.meili_url, settings.meili_key)
        return "ok" if ok else "degraded"
    return "ok"
