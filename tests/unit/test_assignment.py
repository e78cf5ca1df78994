"""Assignment: exact, conflict-free, as even as the constraints allow, all or nothing, deterministic."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from guong_dan_van.judging.assignment import EntrySlot, Panelist, Plan, assign, eligible_judges

TYPES = ("print", "online", "radio", "photo")


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[EntrySlot], list[Panelist], set[tuple[int, int]], int]:
    entries = [EntrySlot(i, draw(st.sampled_from(TYPES))) for i in range(1, draw(st.integers(1, 9)) + 1)]
    judges = []
    for j in range(101, 101 + draw(st.integers(1, 7))):
        panel = draw(st.none() | st.frozensets(st.sampled_from(TYPES), min_size=1))
        judges.append(Panelist(j, panel))
    pairs = [(j.id, e.id) for j in judges for e in entries]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3))) if pairs else set()
    return entries, judges, conflicts, draw(st.integers(1, 4))


def min_sum_of_squares(eligible: dict[int, list[int]], judges: list[int], n: int) -> int:
    """Reference: a min-cost flow (source → entry cap n → judge cap 1 → sink at cost 1, 3, 5, …), by
    successive shortest paths with Bellman–Ford; its cost is the least Σ load² of any feasible plan."""
    nodes = ["s", "t", *(("e", e) for e in eligible), *(("j", j) for j in judges)]
    index = {node: i for i, node in enumerate(nodes)}
    graph: list[list[list[int]]] = [[] for _ in nodes]  # edge: [to, cap, cost, reverse index]

    def edge(a: object, b: object, cap: int, cost: int) -> None:
        u, v = index[a], index[b]
        graph[u].append([v, cap, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])

    for e, js in eligible.items():
        edge("s", ("e", e), n, 0)
        for j in js:
            edge(("e", e), ("j", j), 1, 0)
    for j in judges:
        for k in range(len(eligible)):
            edge(("j", j), "t", 1, 2 * k + 1)
    total, flow = 0, 0
    s, t = index["s"], index["t"]
    while True:
        dist = [None] * len(nodes)
        dist[s] = 0
        back: list[tuple[int, int] | None] = [None] * len(nodes)
        for _ in nodes:
            changed = False
            for u, edges in enumerate(graph):
                if dist[u] is None:
                    continue
                for k, (v, cap, cost, _) in enumerate(edges):
                    if cap > 0 and (dist[v] is None or dist[u] + cost < dist[v]):
                        dist[v], back[v], changed = dist[u] + cost, (u, k), True
            if not changed:
                break
        if dist[t] is None:
            break
        v = t
        while v != s:
            u, k = back[v]  # type: ignore[misc]
            graph[u][k][1] -= 1
            graph[v][graph[u][k][3]][1] += 1
            v = u
        total += dist[t]
        flow += 1
    assert flow == n * len(eligible)
    return total


def check_plan(plan: Plan, entries: list[EntrySlot], judges: list[Panelist], conflicts: set[tuple[int, int]], n: int):
    eligible = eligible_judges(entries, judges, conflicts)
    by_entry: dict[int, list[int]] = {e.id: [] for e in entries}
    for judge_id, entry_id in plan.pairs:
        by_entry[entry_id].append(judge_id)
    for entry_id, js in by_entry.items():
        assert len(js) == n and len(set(js)) == n, "exactly n distinct judges"
        assert set(js) <= set(eligible[entry_id]), "only eligible judges, never a conflict"
    load = Counter(j for j, _ in plan.pairs)
    for j in judges:
        assert plan.loads[j.id] == load[j.id]
    for judge_id, entry_id in plan.pairs:
        for other in eligible[entry_id]:
            if other not in by_entry[entry_id]:
                assert load[judge_id] <= load[other] + 1, "a judge who could take the entry is not two lighter"
    return eligible, load


@settings(max_examples=300, deadline=None)
@given(instances())
def test_every_entry_gets_n_eligible_judges_as_evenly_as_possible_or_nothing(instance) -> None:
    entries, judges, conflicts, n = instance
    plan = assign(entries, judges, conflicts, n)
    eligible = eligible_judges(entries, judges, conflicts)
    short = {e for e, js in eligible.items() if len(js) < n}
    if short:
        assert not plan.feasible and plan.pairs == ()
        assert {s.entry_id for s in plan.shortfalls} == short
        for s in plan.shortfalls:
            assert s.eligible == len(eligible[s.entry_id]) and s.needed == n
        return
    assert plan.feasible and not plan.shortfalls
    _, load = check_plan(plan, entries, judges, conflicts, n)
    best = min_sum_of_squares(eligible, [j.id for j in judges], n)
    assert sum(v * v for v in load.values()) == best


@settings(max_examples=100, deadline=None)
@given(instances())
def test_the_same_input_gives_the_same_plan_in_any_order(instance) -> None:
    entries, judges, conflicts, n = instance
    assert assign(entries, judges, conflicts, n) == assign(entries[::-1], judges[::-1], conflicts, n)


def test_without_constraints_loads_differ_by_at_most_one() -> None:
    entries = [EntrySlot(i, "print") for i in range(1, 101)]
    judges = [Panelist(j) for j in range(1, 8)]
    plan = assign(entries, judges, set(), 3)
    assert sorted(plan.loads.values()) == [42, 43, 43, 43, 43, 43, 43]


def test_panels_split_the_load_by_media_type() -> None:
    entries = [EntrySlot(i, "print" if i <= 10 else "radio") for i in range(1, 31)]
    judges = [Panelist(1, frozenset({"print"})), Panelist(2, frozenset({"print"})), Panelist(3, None)]
    judges += [Panelist(4, frozenset({"radio"})), Panelist(5, frozenset({"radio"}))]
    plan = assign(entries, judges, set(), 2)
    assert plan.feasible
    # 20 print slots, 40 radio slots over 5 judges, the all-types judge taking from the heavier side.
    assert plan.loads[1] == plan.loads[2] == 10
    assert sorted(plan.loads[j] for j in (3, 4, 5)) == [13, 13, 14]


def test_an_infeasible_round_names_each_entry_and_why() -> None:
    entries = [EntrySlot(1, "print"), EntrySlot(2, "radio"), EntrySlot(3, "print")]
    judges = [Panelist(1, frozenset({"print"})), Panelist(2, frozenset({"print"}))]
    plan = assign(entries, judges, {(1, 3)}, 2)
    assert plan.pairs == ()
    assert [(s.entry_id, s.on_panels, s.in_conflict) for s in plan.shortfalls] == [(2, 0, 0), (3, 2, 1)]
