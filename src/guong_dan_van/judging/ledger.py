"""The round's ledger (sổ cái): every score and state change, chained by sha256 (JUDGING.md, "Ledger and seal").

An event is a JSON object with at least `seq` (1, 2, …), `at`, `kind`, `actor_id`; a score event adds
`judge_id`, `entry_id` and `scores`. Its hash chains to the previous one:

    canonical(e) = json.dumps(e without "hash" and "prev", sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8")
    hash_0 = "0" * 64
    hash_k = sha256_hex((hash_{k-1} + "\\n").encode("ascii") + canonical(e_k))

Pure functions: the services store what `chain` returns and `verify` re-checks a stored ledger.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
CHAIN_FIELDS = ("prev", "hash")


class EventKind:
    """The kinds of event a round records."""

    round_create = "round.create"
    round_open = "round.open"
    round_close = "round.close"
    assign = "assign"
    assignment_add = "assignment.add"
    assignment_withdraw = "assignment.withdraw"
    score = "score"
    shortlist = "shortlist"
    award_add = "award.add"
    award_remove = "award.remove"
    round_finalize = "round.finalize"


def canonical(event: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in event.items() if k not in CHAIN_FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(prev: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev + "\n").encode("ascii") + canonical(event)).hexdigest()


def chain(prev: str, event: Mapping[str, Any]) -> dict[str, Any]:
    """The event as stored: its fields with `prev` and `hash` added."""
    return {**event, "prev": prev, "hash": event_hash(prev, event)}


@dataclass(frozen=True)
class Check:
    """A ledger re-checked: its head and, if broken, the first event that does not fit."""

    valid: bool
    head: str
    broken_at: int | None = None  # seq of the first bad event


def verify(events: Sequence[Mapping[str, Any]]) -> Check:
    """Recompute the chain over the events in order: seq 1, 2, …, each `prev` the previous hash and each
    `hash` the event's own. `head` is the last recomputed hash (GENESIS for an empty ledger)."""
    prev = GENESIS
    for position, event in enumerate(events, start=1):
        expected = event_hash(prev, event)
        if event.get("seq") != position or event.get("prev") != prev or event.get("hash") != expected:
            return Check(valid=False, head=str(events[-1].get("hash", "")), broken_at=position)
        prev = expected
    return Check(valid=True, head=prev)
