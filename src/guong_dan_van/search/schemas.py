"""What the search API answers, and the filters it takes (validated before any engine sees them)."""

from __future__ import annotations

from enum import StrEnum

import msgspec

from guong_dan_van.contest.schemas import EntryStatus
from guong_dan_van.core.schemas import Output
from guong_dan_van.registry.schemas import ModelStatus

SearchStatus = StrEnum(  # type: ignore[misc]
    "SearchStatus", {s.value: s.value for s in [*ModelStatus, *EntryStatus]}
)


class ItemType(StrEnum):
    model = "model"
    entry = "entry"


class SearchFilters(msgspec.Struct, frozen=True, kw_only=True):
    q: str = ""
    type: str | None = None
    field: str | None = None
    level: str | None = None
    year: int | None = None
    media_type: str | None = None
    unit_id: int | None = None
    status: str | None = None
    facets: tuple[str, ...] = ()
    limit: int = 20
    offset: int = 0

    def engine_filters(self) -> dict[str, str | int]:
        values: dict[str, str | int | None] = {
            "type": self.type,
            "field": self.field,
            "level": self.level,
            "year": self.year,
            "media_type": self.media_type,
            "unit_id": self.unit_id,
            "status": self.status,
        }
        return {k: v for k, v in values.items() if v is not None}


class SearchItem(Output):
    type: str
    id: int
    title: str
    snippet: str
    score: float


class SearchOut(Output):
    items: list[SearchItem]
    total: int
    facets: dict[str, dict[str, int]]
