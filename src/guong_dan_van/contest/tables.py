from __future__ import annotations

import datetime as dt

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from guong_dan_van.accounts.tables import User
from guong_dan_van.core.repository import Row
from guong_dan_van.registry.tables import Model
from guong_dan_van.units.tables import Unit


class Contest(Table, tablename="contest"):
    """A press contest over a period, e.g. "… giai đoạn 2021–2025"."""

    id: Serial
    name = Varchar(length=300)
    period_from = Date()
    period_to = Date()
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ContestRow(Row):
    """A `contest` row as the services read it."""

    id: int
    name: str
    period_from: dt.date
    period_to: dt.date
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class Edition(Table, tablename="contest_edition"):
    """A yearly round or the whole-period final, with its rules as data.

    The list-shaped rules (media types, genres, prizes, excluded people) are JSON text: they are read
    and written whole, never queried piece by piece.
    """

    id: Serial
    contest: ForeignKey[Contest] = ForeignKey(Contest, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=300)
    kind = Varchar(length=10)  # yearly | final
    year = Integer(null=True, default=None)
    published_from = Date()
    published_to = Date()
    submit_from = Date()
    submit_to = Date()
    media_types = Text(default="[]")
    genres = Text(default="[]")
    max_entries_per_author = Integer()
    max_authors_per_entry = Integer()
    previously_awarded = Varchar(length=10)  # forbidden | declare
    prizes = Text(default="[]")
    excluded_people = Text(default="[]")
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class EditionRow(Row):
    """A `contest_edition` row as the services read it; the list-shaped rules are still JSON text."""

    id: int
    contest: int
    name: str
    kind: str
    year: int | None
    published_from: dt.date
    published_to: dt.date
    submit_from: dt.date
    submit_to: dt.date
    media_types: str
    genres: str
    max_entries_per_author: int
    max_authors_per_entry: int
    previously_awarded: str
    prizes: str
    excluded_people: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class Entry(Table, tablename="contest_entry"):
    """A work entered in an edition (tác phẩm dự thi).

    `url_key` and `text_hash` identify the work across editions (duplicate detection);
    `submitted_by_unit` is kept for judging conflicts and blind rounds.
    """

    id: Serial
    edition: ForeignKey[Edition] = ForeignKey(Edition, on_delete=OnDelete.restrict, index=True)
    title = Varchar(length=300)
    title_folded = Varchar(length=300)
    media_type = Varchar(length=12, index=True)
    genre = Varchar(length=100, null=True, default=None)
    outlet = Varchar(length=300)
    published_on = Date()
    url = Varchar(length=2000, null=True, default=None)
    url_key = Varchar(length=2000, null=True, default=None, index=True)
    body = Text(null=True, default=None)
    text_hash = Varchar(length=64, null=True, default=None, index=True)
    previously_awarded = Text(null=True, default=None)
    status = Varchar(length=12, index=True)
    submitted_by_unit: ForeignKey[Unit] = ForeignKey(Unit, null=True, on_delete=OnDelete.restrict, index=True)
    created_by: ForeignKey[User] = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    submitted_at = Timestamptz(null=True, default=None)
    screened_at = Timestamptz(null=True, default=None)
    screening_reason = Text(null=True, default=None)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class EntryRow(Row):
    """A `contest_entry` row as the services read it; `previously_awarded` is the declaration as JSON text."""

    id: int
    edition: int
    title: str
    title_folded: str
    media_type: str
    genre: str | None
    outlet: str
    published_on: dt.date
    url: str | None
    url_key: str | None
    body: str | None
    text_hash: str | None
    previously_awarded: str | None
    status: str
    submitted_by_unit: int | None
    created_by: int | None
    submitted_at: dt.datetime | None
    screened_at: dt.datetime | None
    screening_reason: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PriorEntryRow(Row):
    """Another entry of the same work (same link key or text hash), with its edition's name."""

    id: int
    url_key: str | None
    text_hash: str | None
    edition_name: str


class EntryCountRow(Row):
    """How many of an edition's entries have one media type and one status."""

    media_type: str
    status: str
    n: int


class EntryAuthor(Table, tablename="contest_entry_author"):
    """An author of an entry, in order; may or may not have an account."""

    id: Serial
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    name = Varchar(length=200)
    name_folded = Varchar(length=200, index=True)
    pen_name = Varchar(length=200, null=True, default=None)
    user: ForeignKey[User] = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)


class EntryAuthorRow(Row):
    """A `contest_entry_author` row as the services read it."""

    id: int
    entry: int
    position: int
    name: str
    name_folded: str
    pen_name: str | None
    user: int | None


class EntryModel(Table, tablename="contest_entry_model"):
    """An entry writes about a registered model; shown on both sides.

    (entry, model) is unique: a unique index made in the migration, since SQLite cannot add constraints.
    """

    id: Serial
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    model: ForeignKey[Model] = ForeignKey(Model, on_delete=OnDelete.restrict, index=True)


class LinkedModelRow(Row):
    """A model an entry writes about, as the entry shows it."""

    entry: int
    id: int
    code: str
    title: str


class EntryAboutModelRow(Row):
    """An entry that writes about a model, as the model's page lists it (no authors)."""

    id: int
    edition_id: int
    edition_name: str
    title: str
    media_type: str
    outlet: str
    published_on: dt.date
    status: str
    submitted_by_unit_id: int | None
