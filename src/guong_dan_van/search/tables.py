"""Tables of search: the outbox of records to (re)index, and the lease naming the one indexing process."""

from __future__ import annotations

import datetime as dt

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from guong_dan_van.core.repository import Row


class SearchOutbox(Table, tablename="search_outbox"):
    """A searchable record changed (written in the change's own transaction); the indexer deletes the row
    once the index holds the change."""

    id: Serial
    item_type = Varchar(length=10)  # model | entry
    item_id = Integer()
    created_at = Timestamptz()
    attempts = Integer(default=0)


class SearchOutboxRow(Row):
    id: int
    item_type: str
    item_id: int
    created_at: dt.datetime
    attempts: int


class SearchLease(Table, tablename="search_lease"):
    """Who writes the index now, until when: one writer across every app worker and `gdv reindex`."""

    id: Serial
    name = Varchar(length=40, unique=True)
    holder = Varchar(length=100, default="")
    until = Timestamptz()


class SearchLeaseRow(Row):
    id: int
    name: str
    holder: str
    until: dt.datetime
