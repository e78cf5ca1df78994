"""The committee's view of a round being set up: each entry in scope with its judges, each judge's load,
the entries short of judges, and the judge accounts that can join a panel."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.judging.services.rounds import entries_in_scope, entries_needing_judges, get_round_row
from guong_dan_van.judging.tables import Assignment, Score

# Enough for any real edition; a longer list would not fit a select anyway.
MAX_JUDGE_ACCOUNTS = 500


class EntryLine(msgspec.Struct, frozen=True):
    """An entry in scope as the committee sees it (titles too: blind rounds hide makers from judges only)."""

    id: int
    title: str
    media_type: str
    judges: list[int]
    scored_by: list[int]


class JudgeAccount(msgspec.Struct, frozen=True):
    id: int
    full_name: str


class Workspace(msgspec.Struct, frozen=True):
    entries: list[EntryLine]
    loads: dict[int, int]  # judge id → entries assigned
    needing: list[int]
    judge_accounts: list[JudgeAccount]

    def title_of(self, entry_id: int) -> str:
        return next((e.title for e in self.entries if e.id == entry_id), f"#{entry_id}")


async def judge_accounts() -> list[JudgeAccount]:
    """Active judge accounts, by name: who can be added to a panel."""
    rows = (
        await User.select(User.id, User.full_name)
        .where((User.role == Role.judge.value) & (User.active == True))  # noqa: E712  (Piccolo's column comparison)
        .order_by(User.full_name)
        .limit(MAX_JUDGE_ACCOUNTS)
        .run()
    )
    return [JudgeAccount(id=r["id"], full_name=r["full_name"]) for r in rows]


async def entry_titles(entry_ids: list[int]) -> dict[int, str]:
    """Titles of entries, for the committee (who may see every entry)."""
    rows = await Entry.select(Entry.id, Entry.title).where(Entry.id.is_in(entry_ids or [-1])).run()
    return {r["id"]: r["title"] for r in rows}


async def round_workspace(actor: Actor, round_id: int) -> Workspace:
    round_ = await get_round_row(actor, round_id)
    scope = await entries_in_scope(round_)
    titles = await entry_titles([e for e, _ in scope])
    held: dict[int, list[int]] = defaultdict(list)
    loads: dict[int, int] = defaultdict(int)
    for a in (
        await Assignment.select(Assignment.judge, Assignment.entry)
        .where(Assignment.round == round_id)
        .order_by(Assignment.judge)
        .run()
    ):
        held[a["entry"]].append(a["judge"])
        loads[a["judge"]] += 1
    scored: dict[int, list[int]] = defaultdict(list)
    for s in await Score.select(Score.judge, Score.entry).where(Score.round == round_id).run():
        scored[s["entry"]].append(s["judge"])
    return Workspace(
        entries=[
            EntryLine(id=e, title=titles.get(e, f"#{e}"), media_type=m, judges=held[e], scored_by=scored[e])
            for e, m in scope
        ],
        loads=dict(loads),
        needing=await entries_needing_judges(round_),
        judge_accounts=await judge_accounts(),
    )
