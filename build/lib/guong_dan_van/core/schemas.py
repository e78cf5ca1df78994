"""Shared msgspec building blocks for the API: strict inputs with NFC text, pages of results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import msgspec

from guong_dan_van.core.text import nfc

T = TypeVar("T")
U = TypeVar("U")

MAX_LIMIT = 200

# Reused constrained types.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
ShortText = Annotated[str, msgspec.Meta(max_length=2000)]
LongText = Annotated[str, msgspec.Meta(max_length=200_000)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9._\-]+$")]
# Ids are 32-bit serials on PostgreSQL; anything larger cannot exist.
MAX_ID = 2**31 - 1
Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
Version = Annotated[int, msgspec.Meta(ge=1, le=2**53)]


def _nfc_value(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_value(v) for v in value]
    if isinstance(value, dict):
        return {_nfc_value(k): _nfc_value(v) for k, v in value.items()}
    return value


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: unknown fields are refused and every string becomes NFC."""

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if isinstance(value, str | list | dict):
                setattr(self, name, _nfc_value(value))


class Output(msgspec.Struct, kw_only=True):
    """Base of every response body."""


class Page(Output, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    def map(self, shape: Callable[[T], U]) -> Page[U]:
        """The same page with every item shaped (a row into its output, say)."""
        return Page(items=[shape(item) for item in self.items], total=self.total, limit=self.limit, offset=self.offset)


class Ok(Output):
    ok: bool = True
