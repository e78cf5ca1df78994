"""Contest editions on the chuyên trang: which have public results (their final round is finalised).

The results page itself (`/chuyen-trang/ket-qua/{edition_id}`) belongs to judging (issue #9); the public
side only lists the editions and links to those whose results are out, decided by `editions_with_public_results`.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.contest.tables import Edition
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.judging.tables import Round
from guong_dan_van.public.schemas import PublicEdition

# The round status that makes results public. Judging's `finalize` (issue #9) sets it: until then no
# round has it and the results index shows every edition as "not yet announced".
FINALIZED = "finalized"
FINAL_STAGE = "final"


class _EditionRow(Row):
    id: int
    name: str
    contest_name: str
    year: int | None
    updated_at: dt.datetime


class _EditionIdRow(Row):
    edition: int


async def editions_with_public_results(edition_ids: list[int] | None = None) -> set[int]:
    """Editions whose final (chung khảo) round is finalised: only those have a public results page."""
    query = Round.select(Round.edition).where((Round.stage == FINAL_STAGE) & (Round.status == FINALIZED))
    if edition_ids is not None:
        if not edition_ids:
            return set()
        query = query.where(Round.edition.is_in(edition_ids))
    return {row.edition for row in typed_all(await query.run(), _EditionIdRow)}


async def list_public_editions() -> list[PublicEdition]:
    """Every edition, newest first, each saying whether its results are public."""
    rows = typed_all(
        await Edition.select(
            Edition.id,
            Edition.name,
            Edition.contest.name.as_alias("contest_name"),
            Edition.year,
            Edition.updated_at,
        )
        .order_by(Edition.submit_from, ascending=False)
        .order_by(Edition.id, ascending=False)
        .run(),
        _EditionRow,
    )
    public = await editions_with_public_results([row.id for row in rows])
    return [
        PublicEdition(
            id=row.id,
            name=row.name,
            contest_name=row.contest_name,
            year=row.year,
            results_public=row.id in public,
            updated_at=row.updated_at,
        )
        for row in rows
    ]
