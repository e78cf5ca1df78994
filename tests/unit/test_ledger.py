"""The ledger's chain is exactly JUDGING.md's and any change to a stored event shows."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from guong_dan_van.judging.ledger import GENESIS, canonical, chain, verify

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def build(payloads: list[dict]) -> list[dict]:
    events, prev = [], GENESIS
    for seq, payload in enumerate(payloads, start=1):
        stored = chain(prev, {**payload, "seq": seq, "at": "2025-01-01T00:00:00+00:00", "kind": "score", "actor_id": 1})
        events.append(stored)
        prev = stored["hash"]
    return events


def test_the_hash_is_the_documented_formula() -> None:
    event = {
        "seq": 1,
        "at": "2025-03-01T08:00:00+07:00",
        "kind": "score",
        "actor_id": 7,
        "judge_id": 7,
        "entry_id": 3,
        "scores": {"noi_dung": 8.5, "hình_thức": 9},
    }
    body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    expected = hashlib.sha256(("0" * 64 + "\n").encode("ascii") + body).hexdigest()
    stored = chain(GENESIS, event)
    assert stored["hash"] == expected and stored["prev"] == GENESIS
    assert canonical(stored) == body  # prev and hash never enter the hash


@settings(deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["judge_id", "entry_id", "scores", "note"]), values), max_size=6))
def test_a_built_chain_verifies_and_its_head_is_the_last_hash(payloads: list[dict]) -> None:
    events = build(payloads)
    check = verify(events)
    assert check.valid and check.head == (events[-1]["hash"] if events else GENESIS)


@settings(deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"scores": st.dictionaries(st.text(max_size=3), st.integers(0, 10))}),
        min_size=1,
        max_size=6,
    ),
    st.data(),
)
def test_any_edit_removal_or_reorder_breaks_the_chain(payloads: list[dict], data: st.DataObject) -> None:
    events = build(payloads)
    k = data.draw(st.integers(0, len(events) - 1))
    edited = [dict(e) for e in events]
    edited[k]["scores"] = {**edited[k]["scores"], "x": 11}
    assert not verify(edited).valid and verify(edited).broken_at == k + 1
    if len(events) > 1:
        assert not verify(events[:k] + events[k + 1 :]).valid or k == len(events) - 1
        swapped = list(events)
        swapped[0], swapped[-1] = swapped[-1], swapped[0]
        assert not verify(swapped).valid
