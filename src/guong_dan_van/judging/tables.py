"""Judging rounds (vòng chấm: sơ khảo, chung khảo), their panels, conflicts, assignments, scores and ledger.

The list-shaped values (criteria, a panel's media types, a score's values, an event's payload) are JSON text:
read and written whole. Unique pairs are unique indexes made in the migration (SQLite cannot add constraints).
"""

from __future__ import annotations

import datetime as dt

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Boolean
from piccolo.table import Table

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.tables import Edition, Entry
from guong_dan_van.core.repository import Row
from guong_dan_van.units.tables import Unit


class Round(Table, tablename="judging_round"):
    """A judging round of an edition; `criteria` is the rubric: [{key, label, weight, max}]."""

    id: Serial
    edition: ForeignKey[Edition] = ForeignKey(Edition, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=300)
    stage = Varchar(length=12)  # preliminary (sơ khảo) | final (chung khảo)
    blind = Boolean(default=False)
    judges_per_entry = Integer()
    criteria = Text(default="[]")
    source_round = Integer(null=True, default=None)
    status = Varchar(length=12, index=True)  # setup | open | closed | finalized
    seal = Varchar(length=64, null=True, default=None)  # the ledger head when finalised
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class RoundRow(Row):
    id: int
    edition: int
    name: str
    stage: str
    blind: bool
    judges_per_entry: int
    criteria: str
    source_round: int | None
    status: str
    seal: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class RoundJudge(Table, tablename="judging_round_judge"):
    """A judge on a round's panel; `media_types` is a JSON list, or null for every type. (round, user) unique."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    user: ForeignKey[User] = ForeignKey(User, on_delete=OnDelete.restrict, index=True)
    media_types = Text(null=True, default=None)
    created_at = Timestamptz()


class RoundJudgeRow(Row):
    id: int
    round: int
    user: int
    media_types: str | None
    created_at: dt.datetime


class Conflict(Table, tablename="judging_conflict"):
    """A judge who may not judge an entry: declared, or found in the data when the round was assigned."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    judge: ForeignKey[User] = ForeignKey(User, on_delete=OnDelete.restrict, index=True)
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    reason = Text()
    source = Varchar(length=10)  # declared | data
    declared_by: ForeignKey[User] = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class ConflictRow(Row):
    id: int
    round: int
    judge: int
    entry: int
    reason: str
    source: str
    declared_by: int | None
    created_at: dt.datetime


class Assignment(Table, tablename="judging_assignment"):
    """A judge is to score an entry; `position` orders each judge's own queue. (round, judge, entry) unique."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    judge: ForeignKey[User] = ForeignKey(User, on_delete=OnDelete.restrict, index=True)
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    position = Integer()


class AssignmentRow(Row):
    id: int
    round: int
    judge: int
    entry: int
    position: int


class Score(Table, tablename="judging_score"):
    """A judge's values for one entry, {criterion key: number}. (round, judge, entry) unique."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    judge: ForeignKey[User] = ForeignKey(User, on_delete=OnDelete.restrict, index=True)
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    values = Text()
    comment = Text(null=True, default=None)
    version = Integer(default=1)
    updated_at = Timestamptz()


class ScoreRow(Row):
    id: int
    round: int
    judge: int
    entry: int
    values: str
    comment: str | None
    version: int
    updated_at: dt.datetime


class LedgerEvent(Table, tablename="judging_ledger_event"):
    """One event of a round's ledger. `at` is kept as the exact text that was hashed, `payload` is the
    event's other fields as JSON; (round, seq) unique."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    seq = Integer()
    at = Varchar(length=40)
    kind = Varchar(length=40)
    actor_id = Integer(null=True, default=None)
    payload = Text(default="{}")
    prev = Varchar(length=64)
    hash = Varchar(length=64)


class LedgerEventRow(Row):
    id: int
    round: int
    seq: int
    at: str
    kind: str
    actor_id: int | None
    payload: str
    prev: str
    hash: str


class ShortlistEntry(Table, tablename="judging_shortlist_entry"):
    """An entry a round sends on to the next (vào chung khảo), with its place and score when chosen.
    (round, entry) unique; the whole list is replaced when the committee shortlists again."""

    id: Serial
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.cascade, index=True)
    entry: ForeignKey[Entry] = ForeignKey(Entry, on_delete=OnDelete.cascade, index=True)
    media_type = Varchar(length=12)
    rank = Integer()
    score = Text()  # the score as the method gave it, exact (repr of the float)
    method = Varchar(length=12)
    created_at = Timestamptz()


class ShortlistEntryRow(Row):
    id: int
    round: int
    entry: int
    media_type: str
    rank: int
    score: str
    method: str
    created_at: dt.datetime


class Award(Table, tablename="judging_award"):
    """A prize of an edition: to an entry (by tier, within the edition's prize counts for its media type) or
    to a unit (giải tập thể). Recorded in the ledger of the round that decides the edition."""

    id: Serial
    edition: ForeignKey[Edition] = ForeignKey(Edition, on_delete=OnDelete.restrict, index=True)
    round: ForeignKey[Round] = ForeignKey(Round, on_delete=OnDelete.restrict, index=True)
    entry: ForeignKey[Entry] = ForeignKey(Entry, null=True, on_delete=OnDelete.restrict, index=True)
    unit: ForeignKey[Unit] = ForeignKey(Unit, null=True, on_delete=OnDelete.restrict)
    tier = Varchar(length=12)
    media_type = Varchar(length=12, null=True, default=None)
    note = Text(null=True, default=None)
    awarded_by: ForeignKey[User] = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class AwardRow(Row):
    id: int
    edition: int
    round: int
    entry: int | None
    unit: int | None
    tier: str
    media_type: str | None
    note: str | None
    awarded_by: int | None
    created_at: dt.datetime
