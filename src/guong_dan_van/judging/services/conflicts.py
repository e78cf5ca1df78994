"""Conflicts of interest in a round: declared ones (stored) and those the data shows (found every time
they matter, so a conflict counts whatever order things happen in)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.tables import Entry, EntryAuthor, EntryModel
from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import FieldError, Forbidden, RuleViolation
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.core.repository import typed_all
from guong_dan_van.judging import conflicts as found_in_data
from guong_dan_van.judging.conflicts import REASON_LABELS
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import ConflictDeclared, ConflictIn, ConflictOut, ConflictSource
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.panels import panel_rows
from guong_dan_van.judging.services.rounds import (
    ensure_not_sealed,
    entries_in_scope,
    entries_needing_judges,
    get_round_row,
    lock_round,
)
from guong_dan_van.judging.tables import Assignment, Conflict, ConflictRow, Round, Score

Pair = tuple[int, int]  # (judge user id, entry id)


async def _judge_facts(judge_ids: Collection[int]) -> list[found_in_data.JudgeFacts]:
    if not judge_ids:
        return []
    rows = await User.select(User.id, User.full_name, User.unit).where(User.id.is_in(list(judge_ids))).run()
    return [found_in_data.JudgeFacts(r["id"], r["full_name"], r["unit"]) for r in rows]


async def _entry_facts(entry_ids: Collection[int]) -> list[found_in_data.EntryFacts]:
    if not entry_ids:
        return []
    ids = list(entry_ids)
    authors: dict[int, list[found_in_data.AuthorFacts]] = defaultdict(list)
    for a in (
        await EntryAuthor.select(EntryAuthor.entry, EntryAuthor.name, EntryAuthor.user)
        .where(EntryAuthor.entry.is_in(ids))
        .run()
    ):
        authors[a["entry"]].append(found_in_data.AuthorFacts(a["name"], a["user"]))
    model_units: dict[int, set[int]] = defaultdict(set)
    for m in (
        await EntryModel.select(EntryModel.entry, EntryModel.model.unit.as_alias("unit"))
        .where(EntryModel.entry.is_in(ids))
        .run()
    ):
        model_units[m["entry"]].add(m["unit"])
    rows = await Entry.select(Entry.id, Entry.submitted_by_unit).where(Entry.id.is_in(ids)).run()
    return [
        found_in_data.EntryFacts(
            r["id"], tuple(authors[r["id"]]), r["submitted_by_unit"], frozenset(model_units[r["id"]])
        )
        for r in rows
    ]


async def declared_conflicts(round_id: int) -> list[ConflictRow]:
    rows = await Conflict.select(*Conflict.all_columns()).where(Conflict.round == round_id).order_by(Conflict.id).run()
    return typed_all(rows, ConflictRow)


async def round_conflicts(
    round_id: int, judge_ids: Collection[int], entry_ids: Collection[int]
) -> dict[Pair, list[str]]:
    """(judge, entry) → why, for these judges and entries: declared, and found in the data now."""
    out: dict[Pair, list[str]] = defaultdict(list)
    judges, entries = set(judge_ids), set(entry_ids)
    for c in await declared_conflicts(round_id):
        if c.source == ConflictSource.declared.value and c.judge in judges and c.entry in entries:
            out[(c.judge, c.entry)].append(c.reason)
    found = found_in_data.detect(await _judge_facts(judge_ids), await _entry_facts(entry_ids))
    for pair, reasons in found.items():
        out[pair].extend(REASON_LABELS[r] for r in reasons)
    return dict(out)


async def in_conflict(round_id: int, judge_id: int, entry_id: int) -> bool:
    return bool(await round_conflicts(round_id, [judge_id], [entry_id]))


async def list_conflicts(round_id: int, judge_ids: Collection[int], entry_ids: Collection[int]) -> list[ConflictOut]:
    declared = [
        ConflictOut(
            round_id=round_id,
            judge_id=c.judge,
            entry_id=c.entry,
            reason=c.reason,
            source=ConflictSource.declared,
            declared_by=c.declared_by,
        )
        for c in await declared_conflicts(round_id)
        if c.source == ConflictSource.declared.value
    ]
    found = found_in_data.detect(await _judge_facts(judge_ids), await _entry_facts(entry_ids))
    from_data = [
        ConflictOut(
            round_id=round_id,
            judge_id=j,
            entry_id=e,
            reason="; ".join(REASON_LABELS[r] for r in reasons),
            source=ConflictSource.data,
        )
        for (j, e), reasons in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    return declared + from_data


async def withdraw(actor: Actor, round_id: int, judge_id: int, entry_id: int, reason: str) -> bool:
    """Take the entry away from the judge (and drop any score they gave it); in the caller's transaction."""
    had = (
        await Assignment.exists()
        .where((Assignment.round == round_id) & (Assignment.judge == judge_id) & (Assignment.entry == entry_id))
        .run()
    )
    if not had:
        return False
    pair = (Assignment.round == round_id) & (Assignment.judge == judge_id) & (Assignment.entry == entry_id)
    await Assignment.delete().where(pair).run()
    await Score.delete().where((Score.round == round_id) & (Score.judge == judge_id) & (Score.entry == entry_id)).run()
    await append_event(
        round_id,
        EventKind.assignment_withdraw,
        actor.id,
        {"judge_id": judge_id, "entry_id": entry_id, "reason": reason},
    )
    return True


async def declare_conflict(actor: Actor, round_id: int, data: ConflictIn) -> ConflictDeclared:
    """The committee declares a conflict for any judge, a judge for themself. If the judge held the entry,
    the assignment is withdrawn and the entry is reported as needing a judge."""
    round_ = await get_round_row(actor, round_id)
    ensure_not_sealed(round_)
    if not actor.is_admin and actor.id != data.judge_id:
        raise Forbidden("Giám khảo chỉ khai xung đột lợi ích của chính mình.")
    judge = await User.select(User.role).where(User.id == data.judge_id).first().run()
    if judge is None or judge["role"] != Role.judge.value:
        raise RuleViolation(
            "Chỉ khai xung đột lợi ích cho tài khoản giám khảo.",
            [FieldError("Không phải tài khoản giám khảo.", field="judge_id")],
        )
    entry = await Entry.select(Entry.edition).where(Entry.id == data.entry_id).first().run()
    if entry is None or entry["edition"] != round_.edition:
        raise RuleViolation(
            "Tác phẩm không thuộc đợt thi của vòng chấm.", [FieldError("Không có trong đợt thi.", field="entry_id")]
        )
    async with Round._meta.db.transaction():
        ensure_not_sealed(await lock_round(round_id))
        await Conflict.insert(
            Conflict(
                round=round_id,
                judge=data.judge_id,
                entry=data.entry_id,
                reason=data.reason.strip(),
                source=ConflictSource.declared.value,
                declared_by=actor.id,
                created_at=now(),
            )
        ).run()
        await audit.record(
            actor,
            "round.conflict",
            "round",
            round_id,
            {"judge_id": data.judge_id, "entry_id": data.entry_id, "reason": data.reason},
        )
        await append_event(
            round_id, "conflict.declare", actor.id, {"judge_id": data.judge_id, "entry_id": data.entry_id}
        )
        withdrawn = await withdraw(actor, round_id, data.judge_id, data.entry_id, "conflict")
    return ConflictDeclared(
        conflict=ConflictOut(
            round_id=round_id,
            judge_id=data.judge_id,
            entry_id=data.entry_id,
            reason=data.reason.strip(),
            source=ConflictSource.declared,
            declared_by=actor.id,
        ),
        withdrawn=withdrawn,
        entries_needing_judges=await entries_needing_judges(round_),
    )


async def round_conflicts_out(actor: Actor, round_id: int) -> list[ConflictOut]:
    """Every conflict of the round's judges with its entries: declared first, then those in the data."""
    round_ = await get_round_row(actor, round_id)
    judges = [seat.user for seat in await panel_rows(round_id)]
    return await list_conflicts(round_id, judges, [e for e, _ in await entries_in_scope(round_)])
