"""`?limit=` and `?offset=` as one dependency, the same bounds on every list."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TypeVar

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from guong_dan_van.core.errors import BadRequest, FieldError
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


# --- list filters ----------------------------------------------------------------------------------
# A filter form sends every select as it stands: "Tất cả" arrives as an empty value (`?year=&field=`).
# Filters therefore take text and read an empty value as "all", for the pages and the API alike.

FilterText = Annotated[str | None, QueryParameter(max_length=100)]
E = TypeVar("E", bound=StrEnum)


def filter_choice(value: str | None, choices: type[E], param: str, what: str) -> E | None:
    """One of `choices`, or None (all) when left empty; anything else is a 400 in Vietnamese."""
    if value is None or not value.strip():
        return None
    try:
        return choices(value.strip())
    except ValueError:
        message = f"{what} “{value.strip()[:50]}” không có trong danh sách."
        raise BadRequest(message, [FieldError(message, field=param)]) from None


def filter_number(value: str | None, param: str, what: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    """A whole number between `low` and `high`, or None (all) when left empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        message = f"{what} phải là số từ {low} đến {high}."
        raise BadRequest(message, [FieldError(message, field=param)])
    return int(text)
