"""What judging adds to an edition's funnel: per media type, the entries any of its rounds shortlisted and
the entries awarded a prize (the contest's funnel takes this from create_app, as it takes the judges)."""

from __future__ import annotations

from guong_dan_van.judging.services.awards import awarded_counts
from guong_dan_van.judging.tables import ShortlistEntry


async def judged_counts(edition_id: int) -> dict[str, tuple[int, int]]:
    """Media type → (shortlisted, awarded) entries of the edition, each entry counted once."""
    rows = (
        await ShortlistEntry.select(ShortlistEntry.entry, ShortlistEntry.media_type)
        .where(ShortlistEntry.round.edition == edition_id)
        .run()
    )
    shortlisted: dict[str, set[int]] = {}
    for r in rows:
        shortlisted.setdefault(r["media_type"], set()).add(r["entry"])
    awarded = await awarded_counts(edition_id)
    kinds = set(shortlisted) | set(awarded)
    return {k: (len(shortlisted.get(k, set())), awarded.get(k, 0)) for k in kinds}
