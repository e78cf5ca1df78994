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


def _spans(text: str, terms: tuple[str, ...]) -> tuple[list[tuple[int, int]], int]:
    """Spans of matching words, and how many distinct query words matched."""
    folded = fold_text(text)
    spans = [(m.start(), m.end()) for m in _pattern(terms).finditer(folded)]
    seen = {folded[s:e] for s, e in spans}
    last = len(terms) - 1
    matched = {k for k, t in enumerate(terms) if t in seen or (k == last and any(w.startswith(t) for w in seen))}
    missing = [k for k in range(len(terms)) if k not in matched and typo_budget(terms[k])]
    if missing:  # a misspelt query word: look for the words it stands for, one distance per distinct word
        typos: set[str] = set()
        for word in {w for _, _, w in words(folded)}:
            for k in missing:
                if word_matches(word, terms[k], k == last):
                    typos.add(word)
                    matched.add(k)
        spans = sorted(spans + [(s, e) for s, e, w in words(folded) if w in typos])
    return spans, len(matched)


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    if len(text) <= WINDOW:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans else start) else end
    return start, end


def make_snippet(texts: dict[str, str], terms: Sequence[str], fields: Sequence[str]) -> str:
    """HTML: the best-matching field's text around its first match, matches in `<mark>`."""
    best: tuple[int, str, list[tuple[int, int]]] | None = None
    for name in fields:
        text = texts.get(name) or ""
        if not text:
            continue
        spans, score = _spans(text, tuple(terms)) if terms else ([], 0)
        if best is None or score > best[0]:
            best = (score, text, spans)
        if score == len(terms):
            break  # every query word is in this field: no need to read the others
    if best is None:
        return ""
    _, text, spans = best
    start, end = _window(text, spans)
    out: list[str] = ["…" if start else ""]
    at = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)
