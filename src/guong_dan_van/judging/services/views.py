"""What a judge may see of an entry, and when they see it blind (JUDGING.md, "Blind rounds").

A judge sees an entry only through judging: assigned to it in a round, with no conflict. In a blind round
the entry comes without authors, pen names, outlet, link or submitting unit, its photos without credits
and its files under generic names (and, downloaded, without their embedded metadata: see media).
"""

from __future__ import annotations

from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import AuthorOut, MediaType, ModelRef
from guong_dan_van.contest.tables import Entry, EntryModel, EntryRow
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, Role, ensure_found
from guong_dan_van.core.repository import typed, typed_all
from guong_dan_van.judging.schemas import AssignmentList, AssignmentOut, JudgeEntryView
from guong_dan_van.judging.services.conflicts import round_conflicts
from guong_dan_van.judging.services.rounds import entries_needing_judges, get_round_row
from guong_dan_van.judging.tables import Assignment, AssignmentRow, RoundJudge, Score
from guong_dan_van.media import services as media


async def _judge_rounds_of_entry(judge_id: int, entry_id: int) -> list[tuple[int, bool]]:
    """(round id, blind) of each round where this judge holds this entry."""
    rows = (
        await Assignment.select(Assignment.round, Assignment.round.blind.as_alias("blind"))
        .where((Assignment.judge == judge_id) & (Assignment.entry == entry_id))
        .run()
    )
    return [(r["round"], bool(r["blind"])) for r in rows]


async def ensure_judge_may_see(actor: Actor, entry_id: int) -> list[tuple[int, bool]]:
    """A judge's rounds holding the entry without a conflict; 404 when there are none."""
    held = [
        (round_id, blind)
        for round_id, blind in await _judge_rounds_of_entry(actor.id, entry_id)
        if not await round_conflicts(round_id, [actor.id], [entry_id])
    ]
    ensure_found(bool(held), "Tác phẩm")
    return held


async def ensure_can_view_entry(actor: Actor, entry_id: int) -> None:
    """Who may see an entry (and its photos and files): a judge through judging, anyone else as the contest says."""
    if actor.role is Role.judge:
        await ensure_judge_may_see(actor, entry_id)
        return
    await contest.ensure_can_view_entry(actor, entry_id)


async def blind_for(actor: Actor, entry_id: int) -> bool:
    """A judge sees an entry blind when any round of its edition they sit on is blind (the safe side)."""
    if actor.role is not Role.judge:
        return False
    found = await Entry.select(Entry.edition).where(Entry.id == entry_id).first().run()
    if found is None:
        return True
    edition = found["edition"]
    rows = (
        await RoundJudge.select(RoundJudge.round.blind.as_alias("blind"))
        .where((RoundJudge.user == actor.id) & (RoundJudge.round.edition == edition))
        .output(as_list=True)
        .run()
    )
    return any(rows) or not rows


async def entry_view(entry_id: int, *, blind: bool) -> JudgeEntryView:
    """The entry as a judge sees it; `blind` leaves out everything that says who made it."""
    row = await Entry.select(*Entry.all_columns()).where(Entry.id == entry_id).first().run()
    ensure_found(row is not None, "Tác phẩm")
    assert row is not None
    entry = typed(row, EntryRow)
    authors = (await contest.list_entry_authors([entry_id]))[entry_id]
    models = (
        await EntryModel.select(
            EntryModel.model.id.as_alias("id"),
            EntryModel.model.code.as_alias("code"),
            EntryModel.model.title.as_alias("title"),
        )
        .where(EntryModel.entry == entry_id)
        .order_by(EntryModel.id)
        .run()
    )
    return JudgeEntryView(
        id=entry.id,
        title=entry.title,
        media_type=MediaType(entry.media_type),
        genre=entry.genre,
        published_on=entry.published_on,
        body=entry.body,
        models=[ModelRef(id=m["id"], code=m["code"], title=m["title"]) for m in models],
        photos=await media.list_photos("entry", entry_id, blind=blind),
        attachments=await media.list_attachments("entry", entry_id, blind=blind),
        authors=None if blind else [AuthorOut(name=a.name, pen_name=a.pen_name, user_id=a.user) for a in authors],
        outlet=None if blind else entry.outlet,
        url=None if blind else entry.url,
    )


async def list_assignments(actor: Actor, round_id: int, page: PageParams) -> AssignmentList:
    """The committee: every assignment, by entry, and the entries still short of judges. A judge: their
    own queue in its own order, each with the entry as they may see it (never a conflicted one)."""
    round_ = await get_round_row(actor, round_id)
    query = Assignment.select(*Assignment.all_columns()).where(Assignment.round == round_id)
    count = Assignment.count().where(Assignment.round == round_id)
    if actor.is_admin:
        query = query.order_by(Assignment.entry).order_by(Assignment.judge)
    else:
        query = query.where(Assignment.judge == actor.id).order_by(Assignment.position)
        count = count.where(Assignment.judge == actor.id)
    rows = typed_all(await query.limit(page.limit).offset(page.offset).run(), AssignmentRow)
    scored = {
        (s["judge"], s["entry"])
        for s in await Score.select(Score.judge, Score.entry)
        .where((Score.round == round_id) & Score.entry.is_in([r.entry for r in rows] or [-1]))
        .run()
    }
    hidden: set[tuple[int, int]] = set()
    if not actor.is_admin:
        hidden = set(await round_conflicts(round_id, [actor.id], [r.entry for r in rows]))
    items = [
        AssignmentOut(
            round_id=round_id,
            judge_id=r.judge,
            entry_id=r.entry,
            position=r.position,
            scored=(r.judge, r.entry) in scored,
            entry=None if actor.is_admin else await entry_view(r.entry, blind=round_.blind),
        )
        for r in rows
        if (r.judge, r.entry) not in hidden
    ]
    needing = await entries_needing_judges(round_) if actor.is_admin else []
    return AssignmentList(
        items=items, total=await count.run(), limit=page.limit, offset=page.offset, entries_needing_judges=needing
    )
