"""Progress of a round (per judge, per panel, entries still lacking scores) and the dashboard cards."""

from __future__ import annotations

from collections import defaultdict

from guong_dan_van.core.cards import Card
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.judging.schemas import JudgeProgress, PanelProgress, ProgressOut, RoundStatus
from guong_dan_van.judging.services.rounds import get_round_row
from guong_dan_van.judging.tables import Assignment, Round, RoundJudge, Score


async def round_progress(actor: Actor, round_id: int) -> ProgressOut:
    """The committee's view: scored / assigned per judge and per media type, and each judge's last save."""
    await get_round_row(actor, round_id)
    pairs = (
        await Assignment.select(Assignment.judge, Assignment.entry, Assignment.entry.media_type.as_alias("media_type"))
        .where(Assignment.round == round_id)
        .run()
    )
    scores = await Score.select(Score.judge, Score.entry, Score.updated_at).where(Score.round == round_id).run()
    scored = {(s["judge"], s["entry"]): s["updated_at"] for s in scores}
    seats = (
        await RoundJudge.select(RoundJudge.user, RoundJudge.user.full_name.as_alias("full_name"))
        .where(RoundJudge.round == round_id)
        .order_by(RoundJudge.user)
        .run()
    )
    judges = {
        s["user"]: JudgeProgress(judge_id=s["user"], full_name=s["full_name"], assigned=0, scored=0, last_activity=None)
        for s in seats
    }
    panels: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    lacking: set[int] = set()
    for p in pairs:
        done = (p["judge"], p["entry"]) in scored
        row = judges.get(p["judge"])
        if row is not None:
            row.assigned += 1
            row.scored += int(done)
            at = scored.get((p["judge"], p["entry"]))
            if at is not None and (row.last_activity is None or at > row.last_activity):
                row.last_activity = at
        panels[p["media_type"]][0] += 1
        panels[p["media_type"]][1] += int(done)
        if not done:
            lacking.add(p["entry"])
    return ProgressOut(
        round_id=round_id,
        judges=list(judges.values()),
        panels=[PanelProgress(media_type=m, assigned=a, scored=s) for m, (a, s) in sorted(panels.items())],
        entries_lacking_scores=sorted(lacking),
    )


async def to_score_count(judge_id: int) -> int:
    """Entries assigned to the judge in open rounds that they have not scored yet."""
    held = (
        await Assignment.select(Assignment.round, Assignment.entry)
        .where((Assignment.judge == judge_id) & (Assignment.round.status == RoundStatus.open.value))
        .run()
    )
    done = {
        (s["round"], s["entry"])
        for s in await Score.select(Score.round, Score.entry)
        .where((Score.judge == judge_id) & (Score.round.status == RoundStatus.open.value))
        .run()
    }
    return sum(1 for h in held if (h["round"], h["entry"]) not in done)


async def dashboard_cards(actor: Actor) -> list[Card]:
    if actor.role is Role.judge:
        return [Card("Tác phẩm cần chấm", await to_score_count(actor.id), "/judging/queue")]
    if actor.is_admin:
        running = (
            await Round.count()
            .where(Round.status.not_in([RoundStatus.closed.value, RoundStatus.finalized.value]))
            .run()
        )
        return [Card("Vòng chấm đang diễn ra", running, "/judging/rounds?status=running")]
    return []
