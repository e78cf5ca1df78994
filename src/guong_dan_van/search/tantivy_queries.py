"""Queries on the embedded index, built as tantivy query objects from folded words (no user text goes
through a query parser), and facet counts.

A word matches exactly (BM25, weighted per field), as a prefix when it is the last word (its commonest
completions in the index), or with Meilisearch's typo budget (one from 5 letters, two from 9) when the
index does not hold it as typed. All words must match. The caller's visibility is part of the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import tantivy

from guong_dan_van.search.documents import SearchQuery, Visibility, doc_key
from guong_dan_van.search.folding import typo_budget
from guong_dan_van.search.tantivy_layout import SHARED_AUDIENCES, WEIGHTS, combination_values, visibility_class

PREFIX_BOOST = 0.6
TYPO_BOOST = 0.3
# The last word stands for itself and for its commonest completions in the index, this many at most.
PREFIX_TERMS = 50


@dataclass(frozen=True)
class Sieve:
    """The caller's visibility told from a document's facet combination, so that a search may run without
    the exclusion of hidden documents (which costs tantivy a seek per match and its top-k pruning) and drop
    them afterwards: from the top hits as they are read, from the facet counts bucket by bucket."""

    shared: frozenset[str]
    own: frozenset[str]

    @classmethod
    def of(cls, visibility: Visibility) -> Sieve | None:
        """None when the exclusion must stay in the query: the committee needs none, and a judge's
        assigned entries are single documents a combination cannot name."""
        shared = frozenset(a for a in visibility.audiences if a in SHARED_AUDIENCES)
        if visibility.everything or visibility.entry_ids or "all" not in shared:
            return None
        return cls(shared=shared, own=frozenset(visibility.audiences) - shared)

    def shows(self, combination: str) -> bool:
        lacks, owners = visibility_class(combination)
        if not lacks >= self.shared:
            return True
        return owners is not None and not owners.isdisjoint(self.own)


def count_facets(
    searcher: Any,
    built: tantivy.Query,
    names: Sequence[str],
    sieve: Sieve | None = None,
    exact: tantivy.Query | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per value of each facet asked for, and of `type` (which gives the total), in one pass.

    With a `sieve`, `built` still holds documents hidden from the caller: their combinations are left out,
    and the unit's own column (which has no combination) is counted over the `exact` query."""
    spec: dict[str, Any] = {"facets": {"terms": {"field": "facets", "size": 1_000_000}}}
    by_unit = {"unit_id": {"terms": {"field": "unit_id", "size": 100_000}}}
    if "unit_id" in names and sieve is None:
        spec.update(by_unit)
    answer = searcher.aggregate(built, spec)
    if "unit_id" in names and sieve is not None:
        answer.update(searcher.aggregate(exact if exact is not None else built, by_unit))
    wanted = {*names, "type"}
    out: dict[str, dict[str, int]] = {name: {} for name in wanted}
    for bucket in answer["facets"]["buckets"]:
        key = str(bucket["key"])
        if sieve is not None and not sieve.shows(key):
            continue
        count = int(bucket["doc_count"])
        for name, value in combination_values(key):
            if name in wanted:
                counts = out[name]
                counts[value] = counts.get(value, 0) + count
    if "unit_id" in names:
        out["unit_id"] = {_bucket_key(b["key"]): int(b["doc_count"]) for b in answer["unit_id"]["buckets"]}
    return out


def _bucket_key(key: object) -> str:
    # Integer columns may come back as floats: "12", never "12.0".
    return str(int(key)) if isinstance(key, float) and key.is_integer() else str(key)


class Words:
    """What the index knows about the query's words, asked of the searcher of one search."""

    def __init__(self, searcher: Any, content_only: bool) -> None:
        self.searcher = searcher
        self.wide = ("content_all",) if content_only else ("content_all", "extra_all")

    def known(self, word: str) -> bool:
        return any(self.searcher.doc_freq(name, word) for name in self.wide)

    def completions(self, word: str, name: str) -> list[str]:
        """The commonest longer words of field `name` that begin with `word`."""
        found = self.searcher.terms_with_prefix(name, word, limit=PREFIX_TERMS + 1)
        return [term for term, _ in found if term != word][:PREFIX_TERMS]


Clause = tuple[tantivy.Occur, tantivy.Query]


def _filter(query: tantivy.Query) -> Clause:
    return tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)


def _word_options(schema: tantivy.Schema, word: str, words: Words, *, last: bool) -> list[Clause]:
    """A word as it matches, as alternatives: exactly (BM25, weighted by field), as a prefix when it is the
    last word, or, when the index does not hold it as typed, within Meilisearch's typo budget.

    A flat union of term queries, one per field, which tantivy evaluates fastest."""
    Q = tantivy.Query
    should = tantivy.Occur.Should
    options = [(should, Q.boost_query(Q.term_query(schema, name, word), WEIGHTS[name])) for name in words.wide]
    if last:
        for name in words.wide:
            options += [
                (should, Q.boost_query(Q.term_query(schema, name, term), PREFIX_BOOST))
                for term in words.completions(word, name)
            ]
    # Typos are forgiven where they are typos: a word the index holds as typed is not widened to its
    # neighbours ("thông" does not also find "thôn"); a word it does not hold gets Meilisearch's budget.
    budget = 0 if words.known(word) else typo_budget(word)
    if budget:
        for name in words.wide:
            fuzzy = Q.fuzzy_term_query(schema, name, word, budget, True, last)
            options.append((should, Q.boost_query(fuzzy, TYPO_BOOST)))
    return options


def _visibility(schema: tantivy.Schema, visibility: Visibility) -> Clause | None:
    """The caller's visibility as a clause: nothing for the committee; else, when the caller has a shared
    audience, the few documents hidden from them excluded (a small set, cheap to skip, and the words'
    union keeps tantivy's fastest path); else the documents they may see required."""
    Q = tantivy.Query
    if visibility.everything:
        return None
    shared = [a for a in visibility.audiences if a in SHARED_AUDIENCES]
    own = [a for a in visibility.audiences if a not in SHARED_AUDIENCES]
    keys = [doc_key("entry", i) for i in visibility.entry_ids]
    if shared:
        # Hidden: lacking every shared audience the caller has, and none of their own audiences or entries.
        hidden: list[Clause] = [(tantivy.Occur.Must, Q.term_query(schema, "lacks", a)) for a in shared]
        if own:
            hidden.append((tantivy.Occur.MustNot, Q.term_set_query(schema, "audience", own)))
        if keys:
            hidden.append((tantivy.Occur.MustNot, Q.term_set_query(schema, "key", keys)))
        return tantivy.Occur.MustNot, Q.boolean_query(hidden)
    allowed: list[Clause] = []
    if own:
        allowed.append((tantivy.Occur.Should, Q.term_set_query(schema, "audience", own)))
    if keys:
        allowed.append((tantivy.Occur.Should, Q.term_set_query(schema, "key", keys)))
    return _filter(Q.boolean_query(allowed) if allowed else Q.empty_query())


def build_query(schema: tantivy.Schema, query: SearchQuery, words: Words, *, hidden: bool = False) -> tantivy.Query:
    """The tantivy query of folded words, filters and the caller's visibility; never parsed from text.
    With `hidden`, documents hidden from the caller are left in (for a `Sieve` to drop afterwards)."""
    Q = tantivy.Query
    filters = [_filter(Q.term_query(schema, name, value)) for name, value in query.filters.items()]
    visibility = None if hidden else _visibility(schema, query.visibility)
    exclusions = [visibility] if visibility is not None and visibility[0] == tantivy.Occur.MustNot else []
    required = [visibility] if visibility is not None and not exclusions else []
    last = len(query.terms) - 1
    options = [_word_options(schema, word, words, last=k == last) for k, word in enumerate(query.terms)]
    if len(options) == 1 and not filters and not required:
        # One word and nothing required: its alternatives at the top, a plain union tantivy prunes best.
        return Q.boolean_query(options[0] + exclusions)
    clauses: list[Clause] = [(tantivy.Occur.Must, Q.boolean_query(o)) for o in options]
    if not options:
        clauses.append((tantivy.Occur.Must, Q.all_query()))
    return Q.boolean_query(clauses + filters + required + exclusions)
