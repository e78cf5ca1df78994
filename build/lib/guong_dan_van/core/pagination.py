"""`?limit=` and `?offset=` as one dependency, the same bounds on every list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from guong_dan_van.core.schemas import MAX_LIMIT


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


def provide_page_params(
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=10_000_000)] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


# Handlers declare `page: Paging` to receive the app-wide dependency.
Paging = NamedDependency[PageParams]

# Common query parameters.
SearchText = Annotated[str | None, QueryParameter(max_length=200)]
OptionalId = Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)]
