"""The indexing lease: one row naming the process that writes the index, renewed while it works.

Any app worker (or `gdv reindex`) takes the lease when it is free or expired; the others only read.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.core.clock import now
from guong_dan_van.search.tables import SearchLease

LEASE = "indexer"
LEASE_SECONDS = 10


async def take_lease(holder: str, seconds: int = LEASE_SECONDS) -> bool:
    """Take or renew the lease for `holder`; False when another holder's lease still runs."""
    at = now()
    until = at + dt.timedelta(seconds=seconds)
    taken = (
        await SearchLease.update({SearchLease.holder: holder, SearchLease.until: until})
        .where((SearchLease.name == LEASE) & ((SearchLease.holder == holder) | (SearchLease.until < at)))
        .returning(SearchLease.id)
        .run()
    )
    if taken:
        return True
    if await SearchLease.exists().where(SearchLease.name == LEASE).run():
        return False
    try:
        await SearchLease.insert(SearchLease(name=LEASE, holder=holder, until=until)).run()
    except Exception:
        return False  # another process inserted it first
    return True


async def release_lease(holder: str) -> None:
    await (
        SearchLease.update({SearchLease.until: now() - dt.timedelta(seconds=1)})
        .where((SearchLease.name == LEASE) & (SearchLease.holder == holder))
        .run()
    )
