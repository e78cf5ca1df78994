"""`enqueue`: the one call other domains make, inside their own transaction, when a searchable record changes."""

from __future__ import annotations

from guong_dan_van.core.clock import now
from guong_dan_van.search.tables import SearchOutbox

ITEM_TYPES = frozenset({"model", "entry"})


async def enqueue(item_type: str, item_id: int) -> None:
    """Note that a model or entry changed (or went away); call it inside the change's transaction."""
    if item_type not in ITEM_TYPES:
        return
    await SearchOutbox.insert(SearchOutbox(item_type=item_type, item_id=item_id, created_at=now())).run()
