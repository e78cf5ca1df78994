"""Tables of the model registry.

A `Model` is nominated once and lives for years; each year it is registered and appraised again in a
`ModelYear`. The model keeps a copy of its latest year's status (`status`, `latest_year`), written in the
same transaction as the year record, so lists filter and show it without a query per row.
Unique pairs (model, year) and (model, unit, year) are unique indexes made in the migration.
"""

from __future__ import annotations

import datetime as dt

from piccolo.columns import JSONB, BigInt, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from guong_dan_van.core.repository import Row
from guong_dan_van.units.tables import Unit


class Model(Table, tablename="model"):
    """A mô hình (collective) or điển hình (individual) of a unit."""

    id: Serial
    code = Varchar(length=20, unique=True)
    title = Varchar(length=300)
    title_folded = Varchar(length=300, index=True)
    kind = Varchar(length=20, index=True)
    field = Varchar(length=30, index=True)
    level = Varchar(length=20, index=True)
    unit = ForeignKey(Unit, on_delete=OnDelete.restrict, index=True)
    address = Varchar(length=500, null=True, default=None)
    started_year = Integer(null=True, default=None)
    summary = Text()
    body = Text(default="")
    results = JSONB(default="[]")
    beneficiaries = Varchar(length=500, null=True, default=None)
    budget_vnd = BigInt(null=True, default=None)
    contact = Varchar(length=300, null=True, default=None)
    # Denormalised from the latest ModelYear: "draft" until the first submission.
    status = Varchar(length=30, default="draft", index=True)
    latest_year = Integer(null=True, default=None, index=True)
    created_by = Integer(null=True, default=None)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ModelRow(Row):
    """A `model` row as the services read it (`results` is the stored JSON text)."""

    id: int
    code: str
    title: str
    title_folded: str
    kind: str
    field: str
    level: str
    unit: int
    address: str | None
    started_year: int | None
    summary: str
    body: str
    results: str
    beneficiaries: str | None
    budget_vnd: int | None
    contact: str | None
    status: str
    latest_year: int | None
    created_by: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ModelWithUnitRow(ModelRow):
    """A model with its unit's name, as the model page and the export read it."""

    unit_name: str


class ModelSummaryRow(Row):
    """The columns of the model list: no write-up, with the unit's name."""

    id: int
    code: str
    title: str
    kind: str
    field: str
    level: str
    unit: int
    unit_name: str
    status: str
    latest_year: int | None
    version: int
    updated_at: dt.datetime


class ModelYear(Table, tablename="model_year"):
    """One year of a model: its registration for that year and the committee's decision."""

    id: Serial
    model = ForeignKey(Model, on_delete=OnDelete.cascade, index=True)
    year = Integer(index=True)
    status = Varchar(length=30, index=True)
    note = Text(null=True, default=None)
    decision_no = Varchar(length=100, null=True, default=None)
    decision_date = Date(null=True, default=None)
    submitted_at = Timestamptz()
    submitted_by = Integer(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)
    reviewed_by = Integer(null=True, default=None)


class ModelYearRow(Row):
    """A `model_year` row as the services read it."""

    id: int
    model: int
    year: int
    status: str
    note: str | None
    decision_no: str | None
    decision_date: dt.date | None
    submitted_at: dt.datetime
    submitted_by: int | None
    reviewed_at: dt.datetime | None
    reviewed_by: int | None


class Replication(Table, tablename="model_replication"):
    """Nhân rộng: another unit adopted the model in a given year."""

    id: Serial
    model = ForeignKey(Model, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(Unit, on_delete=OnDelete.restrict, index=True)
    year = Integer()
    note = Text(null=True, default=None)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()


class ReplicationRow(Row):
    """A `model_replication` row as the services read it."""

    id: int
    model: int
    unit: int
    year: int
    note: str | None
    created_by: int | None
    created_at: dt.datetime


class ReplicationWithUnitRow(ReplicationRow):
    """A replication with the adopting unit's name, as the model page lists it."""

    unit_name: str


class ModelCodeCounter(Table, tablename="model_code_counter"):
    """The last number handed out per code prefix (e.g. "MH-2024"); bumped atomically by one upsert."""

    id: Serial
    prefix = Varchar(length=20, unique=True)
    last = Integer(default=0)
