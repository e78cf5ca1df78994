"""`enqueue`: the one call other domains make, inside their own transaction, when a searchable record changes."""

from __future__ import annotations

from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.clock import now
from guong_dan_van.registry.tables import Model
from guong_dan_van.search.tables import SearchOutbox

ITEM_TYPES = frozenset({"model", "entry"})


async def enqueue(item_type: str, item_id: int) -> None:
    """Note that a model or entry changed (or went away); call it inside the change's transaction."""
    if item_type not in ITEM_TYPES:
        return
    await SearchOutbox.insert(SearchOutbox(item_type=item_type, item_id=item_id, created_at=now())).run()


async def enqueue_unit(unit_id: int) -> None:
    """A unit's name changed: its name is in the documents of its models and of the entries it sent, so
    each of them is indexed again. Call it inside the change's transaction."""
    at = now()
    models = await Model.select(Model.id).where(Model.unit == unit_id).run()
    entries = await Entry.select(Entry.id).where(Entry.submitted_by_unit == unit_id).run()
    rows = [SearchOutbox(item_type="model", item_id=r["id"], created_at=at) for r in models]
    rows += [SearchOutbox(item_type="entry", item_id=r["id"], created_at=at) for r in entries]
    if rows:
        await SearchOutbox.insert(*rows).run()
