"""The funnel of an edition: per media type, received (everything submitted) → eligible → shortlisted → awarded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from piccolo.query.functions.aggregate import Count

from guong_dan_van.contest.schemas import EntryStatus, FunnelOut, FunnelRow, MediaType
from guong_dan_van.contest.services.editions import get_edition
from guong_dan_van.contest.tables import Entry, EntryCountRow
from guong_dan_van.core.repository import typed_all

# Media type → (shortlisted, awarded) entries of an edition: judging lends it (create_app wires it).
JudgedCounts = Callable[[int], Awaitable[dict[str, tuple[int, int]]]]


async def nothing_judged(edition_id: int) -> dict[str, tuple[int, int]]:
    return {}


async def get_funnel(edition_id: int, judged_counts: JudgedCounts = nothing_judged) -> FunnelOut:
    """Shortlists and awards come from the judging rounds (`judged_counts`)."""
    edition = await get_edition(edition_id)
    judged = await judged_counts(edition_id)
    rows = (
        await Entry.select(Entry.media_type, Entry.status, Count(Entry.id).as_alias("n"))
        .where(Entry.edition == edition_id)
        .where(Entry.status != EntryStatus.draft.value)
        .group_by(Entry.media_type, Entry.status)
        .run()
    )
    counts = {(c.media_type, c.status): c.n for c in typed_all(rows, EntryCountRow)}
    kinds = list(dict.fromkeys([*edition.media_types, *(MediaType(m) for m, _ in counts), *map(MediaType, judged)]))

    def row_for(types: list[MediaType], label: MediaType | None) -> FunnelRow:
        def n(status: EntryStatus) -> int:
            return sum(counts.get((t.value, status.value), 0) for t in types)

        received = n(EntryStatus.submitted) + n(EntryStatus.eligible) + n(EntryStatus.ineligible)
        return FunnelRow(
            media_type=label,
            received=received,
            eligible=n(EntryStatus.eligible),
            ineligible=n(EntryStatus.ineligible),
            shortlisted=sum(judged.get(t.value, (0, 0))[0] for t in types),
            awarded=sum(judged.get(t.value, (0, 0))[1] for t in types),
        )

    return FunnelOut(
        edition_id=edition_id,
        items=[row_for([k], k) for k in kinds],
        total=row_for(kinds, None),
    )
