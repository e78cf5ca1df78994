"""Vietnamese folding that keeps positions: one folded character for each character of the NFC text.

NFC → lowercase → strip tone and vowel marks → đ→d, character by character, so that "Đường" folds to
"duong" with every letter where it was: a match found in folded text marks the same span of the original.
(`core.text.fold_vietnamese` also collapses white space, for comparing names; it does not keep positions.)
Pure functions, no I/O; indexing and querying both go through `fold_text` and `query_terms`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word is a run of letters and digits (after folding); everything else separates words.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12
MAX_TERM_LENGTH = 40


# Punctuation that Word pastes, folded to ASCII (one character each, so positions hold).
_PUNCTUATION = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-"), ("…", "."), ("\u00a0", " "))
_ASCII_PUNCTUATION = dict(_PUNCTUATION)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded to exactly one character (unchanged when folding would not give one)."""
    if char in "đĐ":
        return "d"
    if char in _ASCII_PUNCTUATION:
        return _ASCII_PUNCTUATION[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    if len(base) != 1:
        # A lone combining mark (or something that decomposes oddly): keep the place with a space.
        return " " if not base else char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Latin text (with every Vietnamese letter) folds by C-speed steps: đ→d, the punctuation Word pastes made
# ASCII, decompose, drop what is not ASCII (the marks), lower-case. That keeps one character per character
# exactly when the length does not change (a canonical decomposition gives at most one ASCII letter).
# Anything else goes by the regex of marks, or character by character.
_NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")
_MARKS = re.compile("[\u0300-\u036f]")


def fold_text(text: str) -> str:
    """Fold text already in NFC; `len(fold_text(t)) == len(t)` always holds."""
    if text.isascii():
        return text.lower()
    plain = text.replace("đ", "d").replace("Đ", "D")
    for char, ascii_char in _PUNCTUATION:
        if char in plain:
            plain = plain.replace(char, ascii_char)
    ascii_only = unicodedata.normalize("NFD", plain).encode("ascii", "ignore")
    if len(ascii_only) == len(text):
        return ascii_only.decode("ascii").lower()
    if not _NOT_LATIN.search(plain):
        fast = _MARKS.sub("", unicodedata.normalize("NFD", plain)).lower()
        if len(fast) == len(text):
            return fast
    return "".join(fold_char(c) for c in text)


def words(folded: str) -> list[tuple[int, int, str]]:
    """The words of folded text with their spans (start, end), which are also spans of the original."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]


def query_terms(query: str) -> list[str]:
    """A user's query as plain folded words: every operator, quote or stray symbol is just a separator."""
    folded = fold_text(nfc(query))
    terms = [m.group()[:MAX_TERM_LENGTH] for m in _WORD.finditer(folded)]
    return terms[:MAX_TERMS]


def typo_budget(term: str) -> int:
    """Typos forgiven in a word, as Meilisearch counts them: one from 5 letters, two from 9."""
    if len(term) >= 9:
        return 2
    if len(term) >= 5:
        return 1
    return 0
