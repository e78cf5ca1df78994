"""The shape of the demo data files (`data/*.json`): one Struct per kind of record, checked as they are read.

Names of units, logins and models stand for their ids: the loader turns them into ids as it writes.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from guong_dan_van.contest.schemas import (
    AuthorIn,
    AwardedPolicy,
    DeclarationIn,
    EditionKind,
    EntryStatus,
    ExcludedRole,
    MediaType,
    Prize,
)
from guong_dan_van.core.permissions import Role
from guong_dan_van.registry.schemas import ModelField, ModelKind, ModelLevel, ResultItem, YearStatus
from guong_dan_van.units.schemas import UnitKind


class Data(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of the files' Structs: a misspelt key is an error, never silently ignored."""


class DemoUnit(Data):
    code: str
    name: str
    kind: UnitKind
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None  # the unit that carries the work on after valid_to


class DemoLogin(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    username: str
    password: str
    role: Role
    full_name: str
    unit: str | None
    note: str


class DemoYear(Data):
    year: int
    status: YearStatus
    decision_no: str | None = None
    decided_on: dt.date | None = None


class DemoReplication(Data):
    unit: str
    year: int


class DemoModel(Data):
    unit: str
    title: str
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    summary: str
    years: list[DemoYear]
    address: str | None = None
    started_year: int | None = None
    results: list[ResultItem] = []
    replications: list[DemoReplication] = []


class DemoModels(Data):
    body: str  # every model's write-up; "{summary}" becomes its summary
    replication_note: str
    models: list[DemoModel]


class DemoExcluded(Data):
    role: ExcludedRole
    login: str | None = None  # a username in logins.json
    name: str | None = None


class DemoEntry(Data):
    title: str
    media_type: MediaType
    authors: list[AuthorIn]
    outlet: str
    published_on: dt.date
    unit: str
    status: EntryStatus
    genre: str | None = None
    url: str | None = None
    models: list[str] = []  # titles in models.json
    previously_awarded: DeclarationIn | None = None
    submitted_on: dt.date | None = None  # at 09:00 in Việt Nam
    screened_on: dt.date | None = None
    reason: str | None = None  # why it was screened out

    def __post_init__(self) -> None:
        if (self.status is not EntryStatus.draft) != (self.submitted_on is not None):
            raise ValueError(f"{self.title}: submitted_on goes with every status but draft")


class DemoEdition(Data):
    name: str
    kind: EditionKind
    published_from: dt.date
    published_to: dt.date
    media_types: list[MediaType]
    max_entries_per_author: int
    max_authors_per_entry: int
    previously_awarded: AwardedPolicy
    year: int | None = None
    submit_from: dt.date | None = None
    submit_to: dt.date | None = None
    # Instead of fixed dates: open from the first to the second number of days around the day of seeding.
    submit_days_around_seed_day: tuple[int, int] | None = None
    genres: list[str] = []
    prizes: list[Prize] = []
    entries: list[DemoEntry] = []

    def __post_init__(self) -> None:
        if (self.submit_days_around_seed_day is None) != (self.submit_from is not None and self.submit_to is not None):
            raise ValueError(f"{self.name}: give submit_from and submit_to, or submit_days_around_seed_day")

    def submit_window(self, seed_day: dt.date) -> tuple[dt.date, dt.date]:
        if self.submit_days_around_seed_day is not None:
            before, after = self.submit_days_around_seed_day
            return seed_day + dt.timedelta(days=before), seed_day + dt.timedelta(days=after)
        assert self.submit_from is not None and self.submit_to is not None  # __post_init__
        return self.submit_from, self.submit_to


class DemoContest(Data):
    name: str
    period_from: dt.date
    period_to: dt.date
    excluded_people: list[DemoExcluded]  # barred from every edition
    entry_body: str  # every entry's text; "{title}" and "{outlet}" become its own
    editions: list[DemoEdition]
