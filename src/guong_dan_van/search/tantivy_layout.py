"""The layout of the embedded index: its tantivy schema and how a `SearchDoc` becomes a tantivy document.

Text is folded (search/folding.py) before tantivy's default tokenizer sees it, so "duong", "Đường" and
"ĐƯỜNG" are one term. Each document also keeps its original and folded text (for snippets), the audiences
it is shown to and those it lacks (for visibility), and its facet values as one combination (for counts).
"""

from __future__ import annotations

from functools import lru_cache

import msgspec
import tantivy

from guong_dan_van.search.documents import CONTENT_FIELDS, EXTRA_FIELDS, TEXT_FIELDS, SearchDoc
from guong_dan_van.search.folding import fold_text

KEYWORD_FIELDS = ("type", "field", "level", "media_type", "status")
INT_FIELDS = ("id", "unit_id", "year", "published")
# Facets are counted from one column holding each document's combination of these values (a district has a
# few hundred combinations): one aggregation instead of one per facet, summed up per value in Python. The
# unit, with many values, has a column of its own, read only when asked for.
COMBINED = ("type", "field", "level", "status", "media_type")
SEPARATOR = "\x1f"
# Audiences some documents lack; a document lacking every audience a caller has is hidden from them.
SHARED_AUDIENCES = ("all", "media")
INDEXED_TEXT = ("content_all", "extra_all")
WEIGHTS = {"content_all": 1.0, "extra_all": 1.5}
# The title weighs by being in `content_all` this many times (a field of its own would cost a scorer per word).
TITLE_COPIES = 3
# Bumped whenever the schema changes: an index of another layout is rebuilt, never read with this code.
LAYOUT = "5"


def make_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    for name in (*KEYWORD_FIELDS, "audience", "lacks"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in INT_FIELDS:
        sb.add_integer_field(name, indexed=True, fast=name == "unit_id")
    # Stored too: a hit's combination tells whether the caller may see it (`visibility_class`).
    sb.add_text_field("facets", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    # Text is indexed once in two wide fields: what anyone searches (the title several times over, for its
    # weight), and names, outlet, unit and files, which a judge does not search.
    for name in INDEXED_TEXT:
        sb.add_text_field(name)
    sb.add_bytes_field("texts", stored=True)
    sb.add_bytes_field("folded", stored=True)
    return sb.build()


def to_tantivy(doc: SearchDoc) -> tantivy.Document:
    folded = {name: fold_text(getattr(doc, name)) for name in TEXT_FIELDS}
    out = tantivy.Document(
        key=doc.key,
        id=doc.id,
        published=int(doc.published),
        texts=msgspec.json.encode({name: getattr(doc, name) for name in TEXT_FIELDS if getattr(doc, name)}),
        folded=msgspec.json.encode({name: text for name, text in folded.items() if text}),
        content_all=" \n ".join([*[folded["title"]] * (TITLE_COPIES - 1), *(folded[name] for name in CONTENT_FIELDS)]),
        extra_all=" \n ".join(folded[name] for name in EXTRA_FIELDS),
    )
    # Empty values are left out, so that no facet counts an empty bucket.
    for name in KEYWORD_FIELDS:
        if value := getattr(doc, name):
            out.add_text(name, value)
    if doc.unit_id:
        out.add_integer("unit_id", doc.unit_id)
    for audience in doc.audience:
        out.add_text("audience", audience)
    for audience in SHARED_AUDIENCES:
        if audience not in doc.audience:
            out.add_text("lacks", audience)
    for year in doc.years:
        out.add_integer("year", year)
    out.add_text("facets", combination(doc))
    return out


def combination(doc: SearchDoc) -> str:
    """The document's facet values in one string: the values of `COMBINED`, its years, then who it is
    hidden from: the shared audiences it lacks and, when it lacks "all", its own audiences (its unit).

    A caller with shared audiences is denied only documents lacking every one of them (every such caller
    has "all"), so counting by this column tells visible from hidden without an exclusion in the query."""
    lacks = [a for a in SHARED_AUDIENCES if a not in doc.audience]
    owners = [a for a in doc.audience if a not in SHARED_AUDIENCES] if "all" in lacks else []
    values = [*(getattr(doc, name) for name in COMBINED), ",".join(map(str, doc.years))]
    return SEPARATOR.join([*values, ",".join(lacks), ",".join(owners)])


@lru_cache(maxsize=65536)
def combination_values(key: str) -> list[tuple[str, str]]:
    *values, years, _lacks, _owners = key.split(SEPARATOR)
    pairs = [(name, value) for name, value in zip(COMBINED, values, strict=True) if value]
    return pairs + [("year", year) for year in years.split(",") if year]


@lru_cache(maxsize=65536)
def visibility_class(key: str) -> tuple[frozenset[str], frozenset[str] | None]:
    """The shared audiences a document of this combination lacks, and its own audiences when recorded
    (only for documents lacking "all"; None otherwise)."""
    *_, lacks, owners = key.split(SEPARATOR)
    lacked = frozenset(filter(None, lacks.split(",")))
    return lacked, (frozenset(filter(None, owners.split(","))) if "all" in lacked else None)
