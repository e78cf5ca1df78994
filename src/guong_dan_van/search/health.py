"""Whether search works, said by the index itself: search being down degrades the app, never breaks it."""

from __future__ import annotations

from guong_dan_van.search.services.indexer import Indexer


async def search_status(indexer: Indexer) -> str:
    """ "ok" or "degraded": the live index answers a count, indexing works and the outbox is moving."""
    return await indexer.status()
