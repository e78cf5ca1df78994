"""What the contest's API and pages share: the entry list filters and the guard of those who enter works."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.di import NamedDependency, Provide

from guong_dan_van.contest.schemas import EntryStatus, MediaType
from guong_dan_van.core.pagination import FilterText, SearchText, filter_choice
from guong_dan_van.core.permissions import Role, roles

# Unit editors and the media center enter works for their unit; the committee for any.
enters_works = roles(Role.admin, Role.unit, Role.media)


@dataclass(frozen=True)
class EntryFilters:
    status: EntryStatus | None = None
    media_type: MediaType | None = None
    q: str | None = None


async def provide_entry_filters(
    status: FilterText = None, media_type: FilterText = None, q: SearchText = None
) -> EntryFilters:
    """`?status=&media_type=&q=`: an empty parameter (a select left at "Tất cả") filters nothing."""
    return EntryFilters(
        status=filter_choice(status, EntryStatus, "status", "Trạng thái"),
        media_type=filter_choice(media_type, MediaType, "media_type", "Loại hình"),
        q=q.strip() if q and q.strip() else None,
    )


EntryFilter = NamedDependency[EntryFilters]
ENTRY_FILTERS = {"entry_filters": Provide(provide_entry_filters)}
