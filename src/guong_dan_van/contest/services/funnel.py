"""The funnel of an edition: per media type, received (everything submitted) → eligible → shortlisted → awarded."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Count

from guong_dan_van.contest.schemas import EntryStatus, FunnelOut, FunnelRow, MediaType
from guong_dan_van.contest.services.editions import get_edition
from guong_dan_van.contest.tables import Entry, EntryCountRow
from guong_dan_van.core.repository import typed_all


async def get_funnel(edition_id: int) -> FunnelOut:
    """Shortlists and awards come from the judging rounds; until they exist those steps are 0."""
    edition = await get_edition(edition_id)
    rows = (
        await Entry.select(Entry.media_type, Entry.status, Count(Entry.id).as_alias("n"))
        .where(Entry.edition == edition_id)
        .where(Entry.status != EntryStatus.draft.value)
        .group_by(Entry.media_type, Entry.status)
        .run()
    )
    counts = {(c.media_type, c.status): c.n for c in typed_all(rows, EntryCountRow)}
    kinds = list(dict.fromkeys([*edition.media_types, *(MediaType(m) for m, _ in counts)]))

    def row_for(types: list[MediaType], label: MediaType | None) -> FunnelRow:
        def n(status: EntryStatus) -> int:
            return sum(counts.get((t.value, status.value), 0) for t in types)

        received = n(EntryStatus.submitted) + n(EntryStatus.eligible) + n(EntryStatus.ineligible)
        return FunnelRow(
            media_type=label,
            received=received,
            eligible=n(EntryStatus.eligible),
            ineligible=n(EntryStatus.ineligible),
            shortlisted=0,
            awarded=0,
        )

    return FunnelOut(
        edition_id=edition_id,
        items=[row_for([k], k) for k in kinds],
        total=row_for(kinds, None),
    )
