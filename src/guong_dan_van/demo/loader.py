"""The demo loader: reads the JSON files in `demo/data/` (shipped in the package), decodes them into the Structs
of `demo/schemas.py` and writes them through the domain services. Every call the demo makes into the domains
is in this file.

- units.json: the unit tree before and after the 1 July 2025 reform, and who carries on the work of whom;
- logins.json: one account per role (the README lists them; keep both in step);
- models.json: models 2021–2025 with each year's status and decision, and where they were replicated;
- contest.json: the press contest 2021–2025, its editions with their rules, and their entries.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TypeVar

import msgspec

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import UserCreate
from guong_dan_van.accounts.tables import User
from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import ContestCreate, EditionCreate, EntryCreate, EntryStatus, ExcludedPersonIn
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.clock import VN_TZ, now, today_vn
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.demo.schemas import DemoContest, DemoLogin, DemoModels, DemoUnit
from guong_dan_van.registry import services as registry
from guong_dan_van.registry.schemas import ModelCreate
from guong_dan_van.registry.tables import Model, Replication
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UnitCreate, UnitPatch
from guong_dan_van.units.tables import Unit

DATA: Traversable = resources.files("guong_dan_van.demo").joinpath("data")
T = TypeVar("T")


def read(name: str, kind: type[T]) -> T:
    """One data file of the package, decoded and checked against its Struct."""
    return msgspec.json.decode(DATA.joinpath(name).read_bytes(), type=kind)


DEMO_LOGINS = read("logins.json", list[DemoLogin])


async def seed_demo(*, hasher: Hasher, only_if_empty: bool = True) -> bool:
    """Load the demo district. Units and logins already there (same code, same username) are reused;
    models and the contest are written again each time (`gdv seed-demo --force`)."""
    if only_if_empty and await User.count().run() > 0:
        return False
    unit_ids = await _seed_units(read("units.json", list[DemoUnit]))
    user_ids = await _seed_logins(DEMO_LOGINS, unit_ids, hasher)
    committee = Actor(id=user_ids["admin"], username="admin", full_name="Ban tổ chức", role=Role.admin, unit_id=None)
    model_ids = await _seed_models(read("models.json", DemoModels), committee, unit_ids)
    await _seed_contest(read("contest.json", DemoContest), committee, unit_ids, user_ids, model_ids)
    return True


async def _seed_units(demo: list[DemoUnit]) -> dict[str, int]:
    codes = [u.code for u in demo]
    ids = {row["code"]: row["id"] for row in await Unit.select(Unit.id, Unit.code).where(Unit.code.is_in(codes)).run()}
    for u in demo:
        if u.code not in ids:
            parent_id = ids[u.parent] if u.parent else None
            data = UnitCreate(
                name=u.name, kind=u.kind, code=u.code, parent_id=parent_id, valid_from=u.valid_from, valid_to=u.valid_to
            )
            ids[u.code] = (await units.create_unit(None, data)).id
    for u in demo:
        if u.successor is not None:
            current = await units.get_unit(ids[u.code])
            if current.successor_id is None:
                await units.patch_unit(
                    None, ids[u.code], UnitPatch(version=current.version, successor_id=ids[u.successor])
                )
    return ids


async def _seed_logins(logins: list[DemoLogin], unit_ids: dict[str, int], hasher: Hasher) -> dict[str, int]:
    ids: dict[str, int] = {}
    for login in logins:
        row = await User.select(User.id).where(User.username == login.username).first().run()
        if row is not None:
            ids[login.username] = row["id"]
            continue
        data = UserCreate(
            username=login.username,
            password=login.password,
            full_name=login.full_name,
            role=login.role,
            unit_id=unit_ids[login.unit] if login.unit else None,
        )
        ids[login.username] = (await accounts.create_user(None, data, hasher=hasher)).id
    return ids


async def _seed_models(demo: DemoModels, committee: Actor, unit_ids: dict[str, int]) -> dict[str, int]:
    """Every model with its years as decided then, and its replications, in one transaction; ids by title."""
    ids: dict[str, int] = {}
    today = today_vn()
    async with Model._meta.db.transaction():
        for m in demo.models:
            data = ModelCreate(
                title=m.title,
                kind=m.kind,
                field=m.field,
                level=m.level,
                summary=m.summary,
                address=m.address,
                started_year=m.started_year,
                results=m.results,
                body=demo.body.format(summary=m.summary),
            )
            model_id, _ = await registry.insert_model(committee, unit_ids[m.unit], data, code_year=m.years[0].year)
            for y in m.years:
                decided_on = min(y.decided_on, today) if y.decided_on else None
                await registry.record_past_year(committee, model_id, y.year, y.status, y.decision_no, decided_on)
            ids[m.title] = model_id
        for m in demo.models:
            for r in m.replications:
                replication = Replication(
                    model=ids[m.title],
                    unit=unit_ids[r.unit],
                    year=r.year,
                    note=demo.replication_note,
                    created_by=committee.id,
                    created_at=now(),
                )
                await Replication.insert(replication).run()
    return ids


def _at_nine(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(9), VN_TZ) if day else None


async def _seed_contest(
    demo: DemoContest, admin: Actor, unit_ids: dict[str, int], user_ids: dict[str, int], model_ids: dict[str, int]
) -> None:
    """The contest, its editions and entries; past entries are written straight into their final state."""
    period = ContestCreate(name=demo.name, period_from=demo.period_from, period_to=demo.period_to)
    contest_id = (await contest.create_contest(admin, period)).id
    excluded = [
        ExcludedPersonIn(role=x.role, user_id=user_ids[x.login] if x.login else None, name=x.name)
        for x in demo.excluded_people
    ]
    today = today_vn()
    for e in demo.editions:
        submit_from, submit_to = e.submit_window(today)
        rules = EditionCreate(
            name=e.name,
            kind=e.kind,
            year=e.year,
            published_from=e.published_from,
            published_to=e.published_to,
            submit_from=submit_from,
            submit_to=submit_to,
            media_types=e.media_types,
            genres=e.genres,
            max_entries_per_author=e.max_entries_per_author,
            max_authors_per_entry=e.max_authors_per_entry,
            previously_awarded=e.previously_awarded,
            prizes=e.prizes,
            excluded_people=excluded,
        )
        edition_id = (await contest.create_edition(admin, contest_id, rules)).id
        for x in e.entries:
            data = EntryCreate(
                title=x.title,
                media_type=x.media_type,
                genre=x.genre,
                authors=x.authors,
                outlet=x.outlet,
                published_on=x.published_on,
                unit_id=unit_ids[x.unit],
                url=x.url,
                body=demo.entry_body.format(title=x.title, outlet=x.outlet),
                model_ids=[model_ids[title] for title in x.models],
                previously_awarded=x.previously_awarded,
            )
            entry_id = (await contest.create_entry(admin, edition_id, data)).id
            if x.status is EntryStatus.draft:
                continue
            submitted_at = _at_nine(x.submitted_on)
            assert submitted_at is not None  # DemoEntry.__post_init__
            await (
                Entry.update(
                    {
                        Entry.status: x.status.value,
                        Entry.submitted_at: min(submitted_at, dt.datetime.now(VN_TZ)),
                        Entry.screened_at: _at_nine(x.screened_on),
                        Entry.screening_reason: x.reason,
                    }
                )
                .where(Entry.id == entry_id)
                .run()
            )
