"""Contest editions on the chuyên trang: which have public results (their deciding round is sealed).

The results page itself (`/chuyen-trang/ket-qua/{edition_id}`) belongs to judging (issue #9); the public
side only lists the editions and links to those whose results are out, decided by `editions_with_public_results`.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.contest.tables import Edition
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.judging import services as judging
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.public.schemas import PublicEdition


class _EditionRow(Row):
    id: int
    name: str
    contest_name: str
    year: int | None
    updated_at: dt.datetime


async def editions_with_public_results(edition_ids: list[int]) -> set[int]:
    """Editions whose deciding round is sealed: judging's rule (its final round, else its latest round),
    the same one that opens `/chuyen-trang/ket-qua/{edition_id}`."""
    public = set()
    for edition_id in edition_ids:
        deciding = await judging.deciding_round(edition_id)
        if deciding is not None and deciding.status == RoundStatus.finalized.value:
            public.add(edition_id)
    return public


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
