"""The contest on the dashboard: the committee's screening queue, a unit's own entries."""

from __future__ import annotations

from guong_dan_van.contest.schemas import EntryStatus
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.cards import Card
from guong_dan_van.core.permissions import Actor, can_enter_works


async def editions_with_entries(status: EntryStatus) -> list[int]:
    rows = await Entry.select(Entry.edition).where(Entry.status == status.value).distinct().run()
    return [int(row["edition"]) for row in rows]


async def dashboard_cards(actor: Actor) -> list[Card]:
    """Each card leads to exactly the entries it counts."""
    if actor.is_admin:
        waiting = await Entry.count().where(Entry.status == EntryStatus.submitted.value).run()
        editions = await editions_with_entries(EntryStatus.submitted)
        # One edition waiting: straight to its screening page; otherwise the list across editions.
        href = (
            f"/contest/editions/{editions[0]}/screening" if len(editions) == 1 else "/contest/entries?status=submitted"
        )
        return [Card("Tác phẩm chờ sơ loại", waiting, href)]
    if can_enter_works(actor):
        own = await Entry.count().where(Entry.submitted_by_unit == actor.unit_id).run()
        return [Card("Tác phẩm dự thi của đơn vị", own, "/contest/entries")]
    return []
