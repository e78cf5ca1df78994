"""Reading a round back from its ledger alone: the rubric, the scores standing at the end, the entries in
scope and the results recorded when it was finalised. Pure functions: the server, `gdv verify-round` and
`gdv verify-ledger` (no database) all recompute results the same way from the same events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guong_dan_van.judging import arithmetic, ledger
from guong_dan_van.judging.rubric import Criterion, review_scorer

FINALIZE = "round.finalize"


@dataclass
class Replayed:
    """The round as its events tell it. `scores[(judge, entry)] = (values, seq of the event that set them)`."""

    criteria: list[Criterion] = field(default_factory=list)
    scores: dict[tuple[int, int], tuple[dict[str, float], int]] = field(default_factory=dict)
    finalized: Mapping[str, Any] | None = None

    def reviews(self) -> list[arithmetic.Review]:
        score = review_scorer(self.criteria)
        return [
            arithmetic.Review(judge, entry, score(values))
            for (judge, entry), (values, _seq) in sorted(self.scores.items())
        ]


def replay(events: Sequence[Mapping[str, Any]]) -> Replayed:
    out = Replayed()
    for e in events:
        kind = e.get("kind")
        if kind == "round.create":
            out.criteria = [Criterion(**c) for c in e["criteria"]]
        elif kind == "score":
            out.scores[(int(e["judge_id"]), int(e["entry_id"]))] = (dict(e["scores"]), int(e["seq"]))
        elif kind == "assignment.withdraw":
            out.scores.pop((int(e["judge_id"]), int(e["entry_id"])), None)
        elif kind == FINALIZE:
            out.finalized = e
    return out


def recorded_results(results: Sequence[arithmetic.EntryResult]) -> list[dict[str, Any]]:
    """The results as the finalise event records them: place, entry and exact score."""
    return [{"rank": r.rank, "entry_id": r.entry_id, "score": r.score, "n_scores": r.n_scores} for r in results]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a ledger: `problem` names the first bad event (None when all holds)."""

    valid: bool
    head: str
    problem: str | None
    bad_seq: int | None
    method: str | None
    results: list[arithmetic.EntryResult]


def check(
    events: Sequence[Mapping[str, Any]], stored_scores: Mapping[tuple[int, int], Mapping[str, float]] | None = None
) -> Verdict:
    """Re-check the chain, compare the stored scores (when given) with the ledger's, and recompute the
    results from the events, comparing them with those recorded when the round was finalised."""
    chain = ledger.verify(events)
    if not chain.valid:
        seq = chain.broken_at
        return Verdict(False, chain.head, f"Sự kiện số {seq} không khớp chuỗi băm (đã bị sửa hoặc xóa).", seq, None, [])
    state = replay(events)
    if stored_scores is not None:
        for pair in sorted(set(stored_scores) | set(state.scores)):
            in_ledger = state.scores.get(pair)
            stored = stored_scores.get(pair)
            if in_ledger is None:
                return Verdict(
                    False,
                    chain.head,
                    f"Điểm của giám khảo #{pair[0]} cho tác phẩm #{pair[1]} không có trong sổ cái.",
                    None,
                    None,
                    [],
                )
            if stored is None or dict(stored) != in_ledger[0]:
                seq = in_ledger[1]
                return Verdict(
                    False,
                    chain.head,
                    f"Sự kiện số {seq}: điểm của giám khảo #{pair[0]} cho tác phẩm #{pair[1]} trong cơ sở dữ liệu "
                    "khác với sổ cái.",
                    seq,
                    None,
                    [],
                )
    final = state.finalized
    method = str(final["method"]) if final is not None else "mean"
    scope = [int(e) for e in final["entry_ids"]] if final is not None else [e for _j, e in state.scores]
    results = arithmetic.results(state.reviews(), scope, method)
    if final is not None and recorded_results(results) != list(final["results"]):
        seq = int(final["seq"])
        return Verdict(
            False,
            chain.head,
            f"Sự kiện số {seq} (niêm phong): kết quả ghi trong sổ cái khác kết quả tính lại từ điểm.",
            seq,
            method,
            results,
        )
    return Verdict(True, chain.head, None, None, method, results)
