"""Who judges what (phân công chấm): a pure function of the entries, the panels, the conflicts and N.

The problem. Entry `e` may go to judge `j` when `j`'s panel covers `e`'s media type and `j` has no conflict
with `e`; call that set `eligible(e)`. Every entry needs exactly `n` distinct judges from its set. Judges
have no capacity, so entries do not compete for judges: the input is feasible exactly when every entry has
at least `n` eligible judges, and otherwise the entries short of judges are reported and nothing is assigned.

Balance. Among the feasible assignments we take one with the least Σ load(j)², found in two steps:
1. greedy: entries with the fewest eligible judges first, each to its `n` least-loaded eligible judges;
2. repair: while some judge `a` can pass one unit of load, along a chain a →(entry held by a, which b may
   take and does not hold) b → … → z, to a judge `z` with load(z) ≤ load(a) − 2, shift it along the chain.

Why it is right. Each shift keeps every entry at `n` distinct eligible judges and lowers Σ load² by at least
2, so the repair ends. When it ends no such chain exists, which for a flow with convex costs is the
optimality condition: the assignment is a min-cost flow of source → entry (capacity n) → judge (capacity 1
per eligible pair) → sink (cost 1, 3, 5, … for the 1st, 2nd, 3rd … unit: Σ load²). In particular, whenever
judge `b` could take an entry judge `a` holds, load(a) ≤ load(b) + 1: loads differ by at most one among
judges that could take the same entries. Everything is ordered by ids, so the answer is deterministic.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntrySlot:
    """An entry to be judged and its media type."""

    id: int
    media_type: str


@dataclass(frozen=True)
class Panelist:
    """A judge and the media types their panels cover (None: every type)."""

    id: int
    media_types: frozenset[str] | None = None

    def covers(self, media_type: str) -> bool:
        return self.media_types is None or media_type in self.media_types


@dataclass(frozen=True)
class Shortfall:
    """An entry that cannot get enough judges, and why (the numbers a committee needs to fix it)."""

    entry_id: int
    needed: int
    on_panels: int  # judges whose panel covers the entry's media type
    in_conflict: int  # of those, judges in conflict with the entry

    @property
    def eligible(self) -> int:
        return self.on_panels - self.in_conflict


@dataclass(frozen=True)
class Plan:
    """The outcome: either every pair, or the shortfalls and no pair at all."""

    pairs: tuple[tuple[int, int], ...] = ()  # (judge_id, entry_id), by entry then judge
    shortfalls: tuple[Shortfall, ...] = ()
    loads: Mapping[int, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return not self.shortfalls


def eligible_judges(
    entries: Iterable[EntrySlot], judges: Iterable[Panelist], conflicts: Collection[tuple[int, int]]
) -> dict[int, list[int]]:
    """For each entry, the ids of the judges who may take it, ascending."""
    ordered = sorted(judges, key=lambda j: j.id)
    return {
        e.id: [j.id for j in ordered if j.covers(e.media_type) and (j.id, e.id) not in conflicts]
        for e in sorted(entries, key=lambda e: e.id)
    }


def shortfalls(
    entries: Iterable[EntrySlot], judges: Iterable[Panelist], conflicts: Collection[tuple[int, int]], n: int
) -> list[Shortfall]:
    """The entries with fewer than `n` eligible judges, by id."""
    judges = list(judges)
    found = []
    for e in sorted(entries, key=lambda e: e.id):
        on_panels = [j.id for j in judges if j.covers(e.media_type)]
        in_conflict = sum(1 for j in on_panels if (j, e.id) in conflicts)
        if len(on_panels) - in_conflict < n:
            found.append(Shortfall(e.id, n, len(on_panels), in_conflict))
    return found


def assign(
    entries: Iterable[EntrySlot], judges: Iterable[Panelist], conflicts: Collection[tuple[int, int]], n: int
) -> Plan:
    """Every entry to exactly `n` distinct eligible judges with loads as even as the constraints allow,
    or the shortfalls and nothing assigned."""
    if n < 1:
        raise ValueError("judges per entry must be at least 1")
    entries, judges = list(entries), list(judges)
    conflict_set = set(conflicts)
    missing = shortfalls(entries, judges, conflict_set, n)
    if missing:
        return Plan(shortfalls=tuple(missing))
    eligible = eligible_judges(entries, judges, conflict_set)
    load = {j.id: 0 for j in judges}
    held: dict[int, set[int]] = {j.id: set() for j in judges}  # judge → entries
    for entry_id in sorted(eligible, key=lambda e: (len(eligible[e]), e)):
        for judge_id in sorted(eligible[entry_id], key=lambda j: (load[j], j))[:n]:
            load[judge_id] += 1
            held[judge_id].add(entry_id)
    _rebalance(eligible, load, held)
    pairs = tuple(sorted(((j, e) for j, es in held.items() for e in es), key=lambda p: (p[1], p[0])))
    return Plan(pairs=pairs, loads=dict(load))


class _Moves:
    """Who could pass which entry to whom, kept up to date as entries move: `witness[a][b]` holds the
    entries `a` holds that `b` may take and does not hold. Chains are searched over judges only."""

    def __init__(self, eligible: Mapping[int, list[int]], held: dict[int, set[int]]) -> None:
        self.eligible = eligible
        self.held = held
        self.holders: dict[int, set[int]] = {e: set() for e in eligible}
        for judge_id, entry_ids in held.items():
            for entry_id in entry_ids:
                self.holders[entry_id].add(judge_id)
        self.witness: dict[int, dict[int, set[int]]] = {a: {b: set() for b in held} for a in held}
        for entry_id in eligible:
            self._mark(entry_id, add=True)

    def _mark(self, entry_id: int, *, add: bool) -> None:
        holders = self.holders[entry_id]
        for giver in holders:
            row = self.witness[giver]
            for taker in self.eligible[entry_id]:
                if taker not in holders:
                    if add:
                        row[taker].add(entry_id)
                    else:
                        row[taker].discard(entry_id)

    def move(self, giver: int, entry_id: int, taker: int) -> None:
        self._mark(entry_id, add=False)
        self.holders[entry_id].remove(giver)
        self.holders[entry_id].add(taker)
        self.held[giver].remove(entry_id)
        self.held[taker].add(entry_id)
        self._mark(entry_id, add=True)

    def chain_to_lighter(self, source: int, load: Mapping[int, int]) -> list[tuple[int, int, int]] | None:
        """Breadth-first: the shortest chain of (giver, entry, taker) moves from `source` to the lightest
        reachable judge, if that judge carries at least two less than `source`."""
        came_from: dict[int, int | None] = {source: None}
        queue = deque([source])
        best: int | None = None
        while queue:
            judge = queue.popleft()
            if load[judge] <= load[source] - 2 and (best is None or (load[judge], judge) < (load[best], best)):
                best = judge
            row = self.witness[judge]
            for taker in sorted(row):
                if row[taker] and taker not in came_from:
                    came_from[taker] = judge
                    queue.append(taker)
        if best is None:
            return None
        chain = []
        node = best
        while (giver := came_from[node]) is not None:
            chain.append((giver, min(self.witness[giver][node]), node))
            node = giver
        return chain[::-1]


def _rebalance(eligible: Mapping[int, list[int]], load: dict[int, int], held: dict[int, set[int]]) -> None:
    """Shift load along chains from a judge to one at least two lighter until no chain is left."""
    moves = _Moves(eligible, held)
    while True:
        for source in sorted(load, key=lambda j: (-load[j], j)):
            chain = moves.chain_to_lighter(source, load)
            if chain is not None:
                for giver, entry_id, taker in chain:
                    moves.move(giver, entry_id, taker)
                load[source] -= 1
                load[chain[-1][2]] += 1
                break
        else:
            return


def judge_order_key(round_id: int, judge_id: int, entry_id: int) -> str:
    """Each judge's queue has its own order, the same every time (so no two judges read in lockstep)."""
    return hashlib.sha256(f"{round_id}:{judge_id}:{entry_id}".encode("ascii")).hexdigest()
