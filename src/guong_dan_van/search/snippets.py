"""Snippets: a window of the original accented text with the matching words marked. Pure, no I/O.

Matching runs on folded text, which in NFC has one character per original character, so the spans found
there mark the original: "dan van" marks "Dân vận". HTML is escaped; only `<mark>` is added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape

from guong_dan_van.search.folding import fold_text, typo_budget, words

WINDOW = 220
BEFORE = 60


@lru_cache(maxsize=65536)
def _distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (adjacent swaps cost one), stopping early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=65536)
def word_matches(word: str, term: str, last: bool) -> bool:
    """Whether a folded word of the text answers a folded query word, as the engines match them."""
    if word == term or (last and word.startswith(term)):
        return True
    budget = typo_budget(term)
    if not budget:
        return False
    if last and len(word) > len(term):
        return _distance(word[: len(term)], term, budget) <= budget
    return _distance(word, term, budget) <= budget


@lru_cache(maxsize=1024)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Words equal to a query word (or starting with the last one), found by one regex pass."""
    *exact, last = terms
    alternatives = [re.escape(t) for t in exact] + [re.escape(last) + r"[^\W_]*"]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


Span = tuple[int, int]


def _find_word(folded: str, term: str, prefix: bool) -> Span | None:
    """The first place `term` stands as a whole word (or, with `prefix`, begins one): str.find, then the
    word's edges checked, which is several times quicker than a regex with look-arounds."""
    at = folded.find(term)
    size = len(folded)
    while at >= 0:
        end = at + len(term)
        if prefix:
            while end < size and folded[end].isalnum():
                end += 1
        if (at == 0 or not folded[at - 1].isalnum()) and (end == size or not folded[end].isalnum()):
            return at, end
        at = folded.find(term, at + 1)
    return None


def _firsts(folded: str, terms: tuple[str, ...]) -> dict[int, Span]:
    """Where each query word first stands in the text as a word (the last also as a prefix), by position
    in the query. Each search stops at its first match, so common words cost little."""
    last = len(terms) - 1
    found = {}
    for k, term in enumerate(terms):
        if span := _find_word(folded, term, k == last):
            found[k] = span
    return found


def _typos(folded: str, terms: tuple[str, ...], missing: list[int]) -> tuple[list[Span], dict[int, Span]]:
    """Spans of the words misspelt query words stand for (one distance per distinct word of the text), and
    where each of those query words first matched."""
    last = len(terms) - 1
    every = words(folded)
    stands_for: dict[str, list[int]] = {}
    for word in {w for _, _, w in every}:
        hits = [k for k in missing if word_matches(word, terms[k], k == last)]
        if hits:
            stands_for[word] = hits
    spans: list[Span] = []
    firsts: dict[int, Span] = {}
    for s, e, w in every:
        for k in stands_for.get(w, ()):
            firsts.setdefault(k, (s, e))
        if w in stands_for:
            spans.append((s, e))
    return spans, firsts


def _window(text: str, first: Span | None) -> tuple[int, int]:
    if len(text) <= WINDOW:
        return 0, len(text)
    begin, finish = first if first is not None else (0, 0)
    start = max(0, begin - BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < begin else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (finish if first is not None else start) else end
    return start, end


class _Field:
    __slots__ = ("firsts", "folded", "text", "typo_spans")

    def __init__(self, text: str, folded: str, firsts: dict[int, Span]) -> None:
        self.text = text
        self.folded = folded
        self.firsts = firsts
        self.typo_spans: list[Span] = []


def make_snippet(
    texts: dict[str, str], terms: Sequence[str], fields: Sequence[str], folded: dict[str, str] | None = None
) -> str:
    """HTML: the best-matching field's text around its first match, matches in `<mark>`.

    The best field is the first that holds the most query words. Words are looked for as typed (the last
    also as a prefix) first; only a query word found that way in no field is looked for as a typo.
    `folded` may give each field's folded text (the embedded index stores it); else it is folded here."""
    wanted = tuple(terms)
    seen: list[_Field] = []
    anywhere: set[int] = set()
    for name in fields:
        text = texts.get(name) or ""
        if not text:
            continue
        low = folded.get(name) if folded else None
        if low is None or len(low) != len(text):
            low = fold_text(text)
        field = _Field(text, low, _firsts(low, wanted) if wanted else {})
        seen.append(field)
        anywhere |= field.firsts.keys()
        if len(field.firsts) == len(wanted):
            break  # every query word is in this field: no need to read the others
    if not seen:
        return ""
    missing = [k for k in range(len(wanted)) if k not in anywhere and typo_budget(wanted[k])]
    if missing:
        for field in seen:
            field.typo_spans, typo_firsts = _typos(field.folded, wanted, missing)
            field.firsts.update(typo_firsts)
    best = max(seen, key=lambda f: len(f.firsts))  # the first of the best
    text = best.text
    first = min(best.firsts.values()) if best.firsts else None
    start, end = _window(text, first)
    spans = sorted({*_spans_between(best.folded, wanted, start, end), *best.typo_spans})
    out: list[str] = ["…" if start else ""]
    at = start
    for s, e in spans:
        if s < at or e > end:
            continue
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


def _spans_between(folded: str, terms: tuple[str, ...], start: int, end: int) -> list[Span]:
    if not terms:
        return []
    spans = []
    for match in _pattern(terms).finditer(folded, start):
        if match.start() >= end:
            break
        spans.append(match.span())
    return spans
