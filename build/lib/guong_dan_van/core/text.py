"""Vietnamese text handling: NFC on input, accent folding for search and comparison."""

from __future__ import annotations

import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def clean_line(value: str) -> str:
    """One-line text (names, titles): NFC, collapsed white space, trimmed."""
    return " ".join(nfc(value).split())


def contains_pattern(query: str) -> str:
    """A LIKE pattern matching folded text that contains the folded query.

    Piccolo's LIKE has no ESCAPE clause, so wildcards a user types are dropped rather than honoured.
    """
    needle = fold_vietnamese(query).replace("%", "").replace("_", "")
    return f"%{needle}%"


def fold_vietnamese(value: str) -> str:
    """Lower-case and strip tone and vowel marks, with đ→d: "Dân vận KHÉO" → "dan van kheo"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
