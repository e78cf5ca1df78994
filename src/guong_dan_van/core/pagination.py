"""`?limit=` and `?offset=` as one dependency, the same bounds on every list."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.params import Parameter

from guong_dan_van.core.schemas import MAX_LIMIT


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


def provide_page_params(
    limit: int = Parameter(query="limit", default=50, ge=1, le=MAX_LIMIT),
    offset: int = Parameter(query="offset", default=0, ge=0, le=10_000_000),
) -> PageParams:
    return PageParams(limit=limit, offset=offset)
