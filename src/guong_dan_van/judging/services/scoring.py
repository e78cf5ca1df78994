"""Scores (chấm điểm): a judge's values for an entry, checked against the rubric, each save in the ledger.

Checks, in order, before anything is stored: the judge holds the entry and has no conflict (403), the
round is open (409), every criterion has a value within 0..max and no unknown key (422). Saves to one
round are serialised by its lock, so two saves of one score leave one score and two ledger events.
"""

from __future__ import annotations

import msgspec
from piccolo.columns.combination import Combinable

from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import Conflict, Forbidden, RuleViolation
from guong_dan_van.core.permissions import Actor
from guong_dan_van.core.repository import typed
from guong_dan_van.judging import rubric
from guong_dan_van.judging.ledger import EventKind
from guong_dan_van.judging.schemas import RoundStatus, ScoreIn, ScoreOut
from guong_dan_van.judging.services.conflicts import in_conflict
from guong_dan_van.judging.services.ledger import append_event
from guong_dan_van.judging.services.rounds import criteria_of, ensure_not_sealed, get_round_row, lock_round
from guong_dan_van.judging.tables import Assignment, Round, RoundRow, Score, ScoreRow


def score_out(score: ScoreRow) -> ScoreOut:
    return ScoreOut(
        round_id=score.round,
        judge_id=score.judge,
        entry_id=score.entry,
        scores=msgspec.json.decode(score.values),
        comment=score.comment,
        version=score.version,
        updated_at=score.updated_at,
    )


async def _ensure_may_score(actor: Actor, round_: RoundRow, entry_id: int) -> None:
    held = (
        await Assignment.exists()
        .where((Assignment.round == round_.id) & (Assignment.judge == actor.id) & (Assignment.entry == entry_id))
        .run()
    )
    if not held or await in_conflict(round_.id, actor.id, entry_id):
        raise Forbidden("Bạn không được phân công chấm tác phẩm này.")
    ensure_not_sealed(round_)
    if round_.status != RoundStatus.open.value:
        raise Conflict("Vòng chấm không mở: không lưu được điểm.", round_status=round_.status)


def _pair(round_id: int, judge_id: int, entry_id: int) -> Combinable:
    return (Score.round == round_id) & (Score.judge == judge_id) & (Score.entry == entry_id)


async def put_score(actor: Actor, round_id: int, entry_id: int, data: ScoreIn) -> ScoreOut:
    round_ = await get_round_row(actor, round_id)
    await _ensure_may_score(actor, round_, entry_id)
    errors = rubric.check_scores(criteria_of(round_), data.scores)
    if errors:
        raise RuleViolation("Điểm chưa hợp lệ: chưa lưu.", errors)
    values = {c.key: data.scores[c.key] for c in criteria_of(round_)}
    comment = data.comment.strip() if data.comment else None
    encoded = msgspec.json.encode(values).decode()
    async with Round._meta.db.transaction():
        round_ = await lock_round(round_id)
        await _ensure_may_score(actor, round_, entry_id)  # again, under the lock
        existing = await Score.select(*Score.all_columns()).where(_pair(round_id, actor.id, entry_id)).first().run()
        stamp = now()
        if existing is None:
            rows = (
                await Score.insert(
                    Score(
                        round=round_id,
                        judge=actor.id,
                        entry=entry_id,
                        values=encoded,
                        comment=comment,
                        version=1,
                        updated_at=stamp,
                    )
                )
                .returning(*Score.all_columns())
                .run()
            )
        else:
            rows = (
                await Score.update(
                    {
                        Score.values: encoded,
                        Score.comment: comment,
                        Score.version: existing["version"] + 1,
                        Score.updated_at: stamp,
                    }
                )
                .where(Score.id == existing["id"])
                .returning(*Score.all_columns())
                .run()
            )
        saved = typed(rows[0], ScoreRow)
        await append_event(
            round_id,
            EventKind.score,
            actor.id,
            {"judge_id": actor.id, "entry_id": entry_id, "scores": values, "comment": comment},
        )
    return score_out(saved)


async def get_own_score(actor: Actor, round_id: int, entry_id: int) -> ScoreOut | None:
    """The judge's own score for an entry (never anyone else's)."""
    await get_round_row(actor, round_id)
    row = await Score.select(*Score.all_columns()).where(_pair(round_id, actor.id, entry_id)).first().run()
    return None if row is None else score_out(typed(row, ScoreRow))
