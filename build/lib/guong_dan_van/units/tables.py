from __future__ import annotations

import datetime as dt

from piccolo.columns import Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from guong_dan_van.core.repository import Row


class Unit(Table, tablename="unit"):
    """A body in the tree: province, district, commune, office, mass organisation, press, village.

    Units outlive themselves: after the 1 July 2025 reform a district keeps `valid_to` 2025-06-30 and
    names its `successor`, so old records keep their old name and reports can roll up.
    """

    id: Serial
    name = Varchar(length=300)
    name_folded = Varchar(length=300, index=True)
    kind = Varchar(length=20, index=True)
    code = Varchar(length=50, null=True, unique=True)
    parent: ForeignKey[Unit] = ForeignKey("self", null=True, on_delete=OnDelete.restrict, index=True)
    valid_from = Date(null=True, default=None)
    valid_to = Date(null=True, default=None)
    successor: ForeignKey[Unit] = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class UnitRow(Row):
    """A `unit` row as the services read it."""

    id: int
    name: str
    name_folded: str
    kind: str
    code: str | None
    parent: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
