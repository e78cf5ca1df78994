"""What the index holds: one `SearchDoc` per model or contest entry, and the query an engine answers.

Both engines take the same documents and the same `SearchQuery`; the visibility of each caller is a
`Visibility` filter applied inside the engine's query (never by dropping hits after the top 20).
Pure data, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

# Searched text fields, best first, with their weight; `PEOPLE_FIELDS` say who made a work.
TEXT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "people": 2.0,
    "summary": 1.5,
    "outlet": 1.2,
    "unit_name": 1.0,
    "body": 1.0,
    "attachments": 0.8,
}
PEOPLE_FIELDS = ("people", "outlet", "unit_name")
# What a judge searches (blind rounds stay blind): no names, no outlet, no unit, and no attached files,
# whose text may carry a byline.
CONTENT_FIELDS = ("title", "summary", "body")
EXTRA_FIELDS = tuple(f for f in TEXT_FIELDS if f not in CONTENT_FIELDS)
# Fields a caller may filter and count by (facets).
FACET_FIELDS = ("type", "field", "level", "year", "media_type", "unit_id", "status")
ITEM_TYPES = ("model", "entry")


class SearchDoc(msgspec.Struct, kw_only=True):
    """A model or an entry as indexed. Text is the original (NFC); engines fold it themselves."""

    type: str
    id: int
    title: str
    summary: str = ""
    body: str = ""
    attachments: str = ""
    people: str = ""
    outlet: str = ""
    unit_name: str = ""
    field: str = ""
    level: str = ""
    years: list[int] = msgspec.field(default_factory=list)
    media_type: str = ""
    unit_id: int = 0
    status: str = ""
    published: bool = False
    # Who may find it, besides the committee: "all" (every logged-in user), "media", "unit:<id>".
    audience: list[str] = msgspec.field(default_factory=list)

    @property
    def key(self) -> str:
        return doc_key(self.type, self.id)


def doc_key(item_type: str, item_id: int) -> str:
    return f"{item_type}-{item_id}"


class Visibility(msgspec.Struct, frozen=True, kw_only=True):
    """What a caller may find: everything (the committee), or documents whose audience meets `audiences`,
    plus the entries in `entry_ids` (a judge's assignments), searched in `content_only` fields then."""

    everything: bool = False
    audiences: tuple[str, ...] = ()
    entry_ids: tuple[int, ...] = ()
    content_only: bool = False


class SearchQuery(msgspec.Struct, frozen=True, kw_only=True):
    terms: tuple[str, ...]
    visibility: Visibility
    filters: dict[str, str | int] = msgspec.field(default_factory=dict)
    facets: tuple[str, ...] = ()
    limit: int = 20
    offset: int = 0


class Hit(msgspec.Struct, kw_only=True):
    type: str
    id: int
    score: float
    # The stored original text of the fields a snippet may come from, and (when the engine keeps it) the
    # same text folded, which a snippet would otherwise fold again.
    texts: dict[str, str]
    folded: dict[str, str] = msgspec.field(default_factory=dict)
    # HTML, made by the caller's `Snippeter` while the engine still counts facets.
    snippet: str = ""


# What makes a hit's snippet; an engine calls it on each hit as soon as it has the hits.
Snippeter = Callable[[Hit], str]


class SearchResult(msgspec.Struct, kw_only=True):
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
