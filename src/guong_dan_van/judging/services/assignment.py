"""Assigning a round's entries to its judges (the plan: `judging.assignment`), and the committee's
adjustments of single assignments under the same rules."""

from __future__ import annotations

import hashlib

from guong_dan_van.core import audit
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_id
from guong_dan_van.judging import assignment as planner
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import AssignmentIn, AssignmentPair, AssignOut, RoundStatus
from guong_dan_van.judging.services.conflicts import round_conflicts
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.panels import panelists
from guong_dan_van.judging.services.rounds import ensure_not_sealed, entries_in_scope, lock_round, round_row
from guong_dan_van.judging.tables import Assignment, Round, Score


def _shortfall_error(s: planner.Shortfall) -> FieldError:
    return FieldError(
        f"Tác phẩm #{s.entry_id} cần {s.needed} giám khảo nhưng chỉ có {s.eligible} "
        f"({s.on_panels} trong tiểu ban đúng loại hình, {s.in_conflict} có xung đột lợi ích).",
        field=f"entries.{s.entry_id}",
        rule="not_enough_judges",
    )


def _positions(round_id: int, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Each judge's queue in its own order: by hash of (round, judge, entry), numbered from 1."""
    by_judge: dict[int, list[int]] = {}
    for judge_id, entry_id in pairs:
        by_judge.setdefault(judge_id, []).append(entry_id)
    out = {}
    for judge_id, entries in by_judge.items():
        ordered = sorted(entries, key=lambda e: planner.judge_order_key(round_id, judge_id, e))
        out.update({(judge_id, e): i for i, e in enumerate(ordered, start=1)})
    return out


async def assign_round(actor: Actor, round_id: int) -> AssignOut:
    """Replace the round's assignments with a new plan, or 409 naming every entry short of judges."""
    await round_row(round_id)
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        if round_.status != RoundStatus.setup.value:
            raise Conflict("Chỉ phân công khi vòng chấm đang chuẩn bị.", round_status=round_.status)
        scope = await entries_in_scope(round_)
        judges = await panelists(round_id)
        conflicts = await round_conflicts(round_id, [j.id for j in judges], [e for e, _ in scope])
        plan = planner.assign(
            [planner.EntrySlot(e, m) for e, m in scope], judges, set(conflicts), round_.judges_per_entry
        )
        if not plan.feasible:
            raise Conflict(
                "Không đủ giám khảo cho một số tác phẩm; chưa phân công tác phẩm nào.",
                [_shortfall_error(s) for s in plan.shortfalls],
                entry_ids=[s.entry_id for s in plan.shortfalls],
            )
        pairs = list(plan.pairs)
        positions = _positions(round_id, pairs)
        await Assignment.delete().where(Assignment.round == round_id).run()
        if pairs:
            await Assignment.insert(
                *(Assignment(round=round_id, judge=j, entry=e, position=positions[(j, e)]) for j, e in pairs)
            ).run()
        digest = hashlib.sha256(";".join(f"{j}:{e}" for j, e in pairs).encode("ascii")).hexdigest()
        await audit.record(actor, "round.assign", "round", round_id, {"assignments": len(pairs)})
        await append_event(round_id, EventKind.assign, actor.id, {"assignments": len(pairs), "pairs_sha256": digest})
    return AssignOut(assignments=[AssignmentPair(judge_id=j, entry_id=e) for j, e in pairs])


async def add_assignment(actor: Actor, round_id: int, data: AssignmentIn) -> AssignmentPair:
    """One more judge for an entry: on a panel covering its type, no conflict, not already on it, and
    the entry not yet at its number of judges."""
    await round_row(round_id)
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        ensure_not_sealed(round_)
        if round_.status == RoundStatus.closed.value:
            raise Conflict("Vòng chấm đã khóa.", round_status=round_.status)
        media_type = dict(await entries_in_scope(round_)).get(data.entry_id)
        judge = next((j for j in await panelists(round_id) if j.id == data.judge_id), None)
        problems = []
        if media_type is None:
            problems.append(FieldError("Tác phẩm không thuộc phạm vi vòng chấm.", field="entry_id"))
        if judge is None or (media_type is not None and not judge.covers(media_type)):
            problems.append(FieldError("Giám khảo không ở tiểu ban chấm loại hình này.", field="judge_id"))
        if not problems and await round_conflicts(round_id, [data.judge_id], [data.entry_id]):
            problems.append(
                FieldError("Giám khảo có xung đột lợi ích với tác phẩm.", field="judge_id", rule="conflict")
            )
        if problems:
            raise RuleViolation("Không phân công được giám khảo này.", problems)
        held = (
            await Assignment.select(Assignment.judge, Assignment.position)
            .where((Assignment.round == round_id) & (Assignment.entry == data.entry_id))
            .run()
        )
        if any(h["judge"] == data.judge_id for h in held):
            raise Conflict("Giám khảo đã được phân công tác phẩm này.")
        if len(held) >= round_.judges_per_entry:
            raise Conflict("Tác phẩm đã đủ số giám khảo.")
        last = (
            await Assignment.select(Assignment.position)
            .where((Assignment.round == round_id) & (Assignment.judge == data.judge_id))
            .order_by(Assignment.position, ascending=False)
            .first()
            .run()
        )
        position = 1 if last is None else last["position"] + 1
        await Assignment.insert(
            Assignment(round=round_id, judge=data.judge_id, entry=data.entry_id, position=position)
        ).run()
        await audit.record(
            actor, "round.assignment_add", "round", round_id, {"judge_id": data.judge_id, "entry_id": data.entry_id}
        )
        await append_event(
            round_id, EventKind.assignment_add, actor.id, {"judge_id": data.judge_id, "entry_id": data.entry_id}
        )
    return AssignmentPair(judge_id=data.judge_id, entry_id=data.entry_id)


async def remove_assignment(actor: Actor, round_id: int, judge_id: int, entry_id: int) -> None:
    """The committee takes an entry from a judge who has not scored it yet."""
    await round_row(round_id)
    ensure_id(judge_id, "Giám khảo")
    ensure_id(entry_id, "Tác phẩm")
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        ensure_not_sealed(round_)
        if round_.status == RoundStatus.closed.value:
            raise Conflict("Vòng chấm đã khóa.", round_status=round_.status)
        pair = (Assignment.round == round_id) & (Assignment.judge == judge_id) & (Assignment.entry == entry_id)
        if not await Assignment.exists().where(pair).run():
            raise RuleViolation("Không có phân công này.", [FieldError("Không có phân công này.", field="entry_id")])
        scored = (
            await Score.exists()
            .where((Score.round == round_id) & (Score.judge == judge_id) & (Score.entry == entry_id))
            .run()
        )
        if scored:
            raise Conflict("Giám khảo đã chấm tác phẩm này; không gỡ phân công được.")
        await Assignment.delete().where(pair).run()
        await audit.record(
            actor, "round.assignment_remove", "round", round_id, {"judge_id": judge_id, "entry_id": entry_id}
        )
        await append_event(
            round_id,
            EventKind.assignment_withdraw,
            actor.id,
            {"judge_id": judge_id, "entry_id": entry_id, "reason": "committee"},
        )
