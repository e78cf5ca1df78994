"""Appending to a round's ledger and reading it back (the chain itself: `judging.ledger`)."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from guong_dan_van.core.clock import now
from guong_dan_van.core.repository import typed_all
from guong_dan_van.judging import ledger, replay
from guong_dan_van.judging.schemas import LedgerOut
from guong_dan_van.judging.tables import LedgerEvent, LedgerEventRow, Score


async def append_event(round_id: int, kind: str, actor_id: int | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Add the next event to the round's chain. Call it inside the change's transaction, with the round
    locked (`rounds.lock_round`), so appends to one round never interleave."""
    last = (
        await LedgerEvent.select(LedgerEvent.seq, LedgerEvent.hash)
        .where(LedgerEvent.round == round_id)
        .order_by(LedgerEvent.seq, ascending=False)
        .first()
        .run()
    )
    seq, prev = (1, ledger.GENESIS) if last is None else (last["seq"] + 1, last["hash"])
    at = now().isoformat(timespec="microseconds")
    payload = {"round_id": round_id, **fields}
    stored = ledger.chain(prev, {**payload, "seq": seq, "at": at, "kind": kind, "actor_id": actor_id})
    await LedgerEvent.insert(
        LedgerEvent(
            round=round_id,
            seq=seq,
            at=at,
            kind=kind,
            actor_id=actor_id,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            prev=prev,
            hash=stored["hash"],
        )
    ).run()
    return stored


def event_out(row: LedgerEventRow) -> dict[str, Any]:
    """The event as it was hashed, with its `prev` and `hash`."""
    return {
        **json.loads(row.payload),
        "seq": row.seq,
        "at": row.at,
        "kind": row.kind,
        "actor_id": row.actor_id,
        "prev": row.prev,
        "hash": row.hash,
    }


async def round_events(round_id: int) -> list[dict[str, Any]]:
    rows = (
        await LedgerEvent.select(*LedgerEvent.all_columns())
        .where(LedgerEvent.round == round_id)
        .order_by(LedgerEvent.seq)
        .run()
    )
    return [event_out(r) for r in typed_all(rows, LedgerEventRow)]


async def stored_values(round_id: int) -> dict[tuple[int, int], dict[str, float]]:
    """(judge, entry) → the values the score table holds now."""
    rows = await Score.select(Score.judge, Score.entry, Score.values).where(Score.round == round_id).run()
    return {(r["judge"], r["entry"]): msgspec.json.decode(r["values"]) for r in rows}


async def verify_round(round_id: int) -> tuple[list[dict[str, Any]], replay.Verdict]:
    """The round's events and their check: the chain, the score table against the ledger, and the results
    recomputed from the events against those sealed in it."""
    events = await round_events(round_id)
    return events, replay.check(events, await stored_values(round_id))


async def get_ledger(round_id: int) -> LedgerOut:
    """Every event with its `prev` and `hash`, the head, and the server's own re-check (`valid`)."""
    events, verdict = await verify_round(round_id)
    return LedgerOut(events=events, head=verdict.head, valid=verdict.valid, problem=verdict.problem)
