"""What goes in and out of the judging API (msgspec Structs; never Table objects)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from guong_dan_van.contest.schemas import AuthorOut, MediaType, ModelRef, PrizeTier
from guong_dan_van.core.schemas import Id, Input, Name, Output
from guong_dan_van.judging.labels import STATUS_LABELS
from guong_dan_van.media.schemas import AttachmentOut, PhotoOut


class Stage(StrEnum):
    preliminary = "preliminary"  # sơ khảo
    final = "final"  # chung khảo


class RoundStatus(StrEnum):
    setup = "setup"  # đang chuẩn bị
    open = "open"  # đang chấm
    closed = "closed"  # đã khóa
    finalized = "finalized"  # đã niêm phong: kết quả chính thức, không đổi được nữa


# What a person reads for a round's stage and state (pages and refusals alike).
STAGE_LABELS = {Stage.preliminary: "Sơ khảo", Stage.final: "Chung khảo"}
ROUND_STATUS_LABELS = {RoundStatus(status): label for status, label in STATUS_LABELS.items()}


class ConflictSource(StrEnum):
    declared = "declared"
    data = "data"


CriterionKey = Annotated[str, msgspec.Meta(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
Positive = Annotated[float, msgspec.Meta(gt=0, le=1000)]
ScoreValue = Annotated[float, msgspec.Meta(ge=-1e9, le=1e9)]


class Criterion(Input):
    key: CriterionKey
    label: Name
    weight: Positive
    max: Positive


class CriterionOut(Output):
    key: str
    label: str
    weight: float
    max: float


class RoundCreate(Input):
    name: Name
    stage: Stage
    blind: bool = False
    judges_per_entry: Annotated[int, msgspec.Meta(ge=1, le=20)] = 3
    criteria: Annotated[list[Criterion], msgspec.Meta(min_length=1, max_length=20)] | None = None
    source_round_id: Id | None = None


class RoundOut(Output):
    id: int
    edition_id: int
    name: str
    stage: Stage
    blind: bool
    judges_per_entry: int
    criteria: list[CriterionOut]
    source_round_id: int | None
    status: RoundStatus
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    seal: str | None = None


class JudgeIn(Input):
    user_id: Id
    media_types: Annotated[list[MediaType], msgspec.Meta(min_length=1, max_length=5)] | None = None


class PanelSeatOut(Output):
    round_id: int
    user_id: int
    full_name: str
    media_types: list[MediaType] | None


class ConflictIn(Input):
    judge_id: Id
    entry_id: Id
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class ConflictOut(Output):
    round_id: int
    judge_id: int
    entry_id: int
    reason: str
    source: ConflictSource
    declared_by: int | None = None


class ConflictDeclared(Output):
    """A declared conflict; if the judge was assigned the entry, that assignment is withdrawn."""

    conflict: ConflictOut
    withdrawn: bool
    entries_needing_judges: list[int]


class AssignmentPair(Output):
    judge_id: int
    entry_id: int


class AssignOut(Output):
    assignments: list[AssignmentPair]


class AssignmentIn(Input):
    """The committee adds one assignment by hand (under the same rules as the whole plan)."""

    judge_id: Id
    entry_id: Id


class JudgeEntryView(Output):
    """An entry as a judge may see it: in a blind round nothing says who made it."""

    id: int
    title: str
    media_type: MediaType
    genre: str | None
    published_on: dt.date
    body: str | None
    models: list[ModelRef]
    photos: list[PhotoOut]
    attachments: list[AttachmentOut]
    authors: list[AuthorOut] | None = None
    outlet: str | None = None
    url: str | None = None


class AssignmentOut(Output):
    round_id: int
    judge_id: int
    entry_id: int
    position: int
    scored: bool
    entry: JudgeEntryView | None = None  # a judge's own queue carries the entry


class AssignmentList(Output):
    items: list[AssignmentOut]
    total: int
    limit: int
    offset: int
    entries_needing_judges: list[int] = []


class ScoreIn(Input):
    scores: dict[str, ScoreValue]
    comment: Annotated[str, msgspec.Meta(max_length=5000)] | None = None


class ScoreOut(Output):
    round_id: int
    judge_id: int
    entry_id: int
    scores: dict[str, float]
    comment: str | None
    version: int
    updated_at: dt.datetime


class LedgerOut(Output):
    events: list[dict[str, Any]]
    head: str
    valid: bool
    problem: str | None = None  # the first bad event, in words, when `valid` is false


class JudgeProgress(Output):
    judge_id: int
    full_name: str
    assigned: int
    scored: int
    last_activity: dt.datetime | None


class PanelProgress(Output):
    media_type: str
    assigned: int
    scored: int


class ProgressOut(Output):
    round_id: int
    judges: list[JudgeProgress]
    panels: list[PanelProgress]
    entries_lacking_scores: list[int]


# --- results, shortlist, finalising, awards -------------------------------------------------------


class Method(StrEnum):
    mean = "mean"  # trung bình cộng
    median = "median"  # trung vị
    trimmed_mean = "trimmed_mean"  # trung bình bỏ cao nhất, thấp nhất
    zscore = "zscore"  # chuẩn hóa theo từng giám khảo


class ResultItem(Output):
    entry_id: int
    rank: int
    score: float | None
    n_scores: int
    mean: float | None
    median: float | None
    stdev: float | None
    ranks_by_method: dict[str, int]
    tied: bool
    title: str
    media_type: str
    rank_in_media_type: int
    ranks_in_media_type_by_method: dict[str, int]
    crosses_line: bool  # another method puts it on the other side of the shortlist line
    tier_moves: bool  # another method gives it another prize tier
    shortlisted: bool
    award_tier: str | None = None


class JudgeStatOut(Output):
    judge_id: int
    full_name: str
    n_scores: int
    mean: float
    stdev: float
    distance_from_panel: float | None


class ResultsOut(Output):
    round_id: int
    method: Method
    status: RoundStatus
    seal: str | None
    line: int | None
    items: list[ResultItem]
    judges: list[JudgeStatOut]


class ShortlistIn(Input):
    top: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    min_score: Annotated[float, msgspec.Meta(ge=0, le=100)] | None = None
    per_media_type: bool = False
    method: Method = Method.mean


class ShortlistOut(Output):
    round_id: int
    method: Method
    entry_ids: list[int]


class FinalizeIn(Input):
    method: Method = Method.mean


class SealOut(Output):
    round_id: int
    method: Method
    seal: str


class AwardIn(Input):
    """A prize to an entry (`tier` within the edition's prize counts) or, `tier` = collective, to a unit."""

    tier: PrizeTier
    entry_id: Id | None = None
    unit_id: Id | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class AwardOut(Output):
    id: int
    edition_id: int
    round_id: int
    tier: PrizeTier
    tier_label: str
    entry_id: int | None
    unit_id: int | None
    media_type: str | None
    title: str | None
    authors: list[str]
    outlet: str | None
    unit_name: str | None
    amount_vnd: int | None
    note: str | None
