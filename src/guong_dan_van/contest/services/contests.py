"""Contests: a press contest over a period, the frame its editions hang from."""

from __future__ import annotations

import msgspec

from guong_dan_van.contest.schemas import ContestCreate, ContestOut
from guong_dan_van.contest.tables import Contest, ContestRow
from guong_dan_van.core.errors import FieldError, RuleViolation
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, ensure_found, ensure_id
from guong_dan_van.core.repository import insert_audited, list_page, typed
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line


def contest_out(contest: ContestRow) -> ContestOut:
    return msgspec.convert(contest, ContestOut, from_attributes=True)


async def create_contest(actor: Actor | None, data: ContestCreate) -> ContestOut:
    if data.period_to < data.period_from:
        raise RuleViolation(
            "Thời gian cuộc thi chưa hợp lệ.",
            [FieldError("Ngày kết thúc phải sau ngày bắt đầu.", field="period_to")],
        )
    name = clean_line(data.name)
    contest = await insert_audited(
        Contest,
        ContestRow,
        {"name": name, "period_from": data.period_from, "period_to": data.period_to},
        actor=actor,
        action="contest.create",
        changes={"name": name},
    )
    return contest_out(contest)


async def get_contest(contest_id: int) -> ContestOut:
    ensure_id(contest_id, "Cuộc thi")
    row = await Contest.select(*Contest.all_columns()).where(Contest.id == contest_id).first().run()
    ensure_found(row is not None, "Cuộc thi")
    assert row is not None
    return contest_out(typed(row, ContestRow))


async def list_contests(page: PageParams) -> Page[ContestOut]:
    contests = await list_page(Contest, ContestRow, page, [])
    return contests.map(contest_out)
