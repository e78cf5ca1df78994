"""The one place the chuyên trang searches its models as people type, accents optional.

For now a folded match over the public title in the database; the library calls only
`text_condition`, so moving it onto the search domain (tantivy / Meilisearch, public records only) means
changing this function and nothing else.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from guong_dan_van.core.text import contains_pattern, fold_vietnamese
from guong_dan_van.registry.tables import Model

# Longer queries are cut: nobody types more into a search box, and LIKE patterns stay cheap.
MAX_QUERY_CHARS = 100


def clean_query(q: str | None) -> str | None:
    """The query as searched: folded, at most 100 characters, or None when nothing is left."""
    if q is None:
        return None
    folded = fold_vietnamese(q.replace("\x00", ""))[:MAX_QUERY_CHARS].strip()
    return folded or None


def text_condition(q: str) -> Where:
    """Models whose title contains `q` (accents, tone marks and đ/d never matter); the caller adds visibility.

    As `id IN (…)`: the LIKE runs over the folded-title index alone, not row by row after the status index.
    """
    return Model.id.is_in(Model.select(Model.id).where(Model.title_folded.like(contains_pattern(q))))
