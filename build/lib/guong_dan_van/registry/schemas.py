"""What goes in and out of the registry API. Field names follow API.md ("Exemplary models")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from guong_dan_van.core.schemas import Id, Input, LongText, Name, Output, Version
from guong_dan_van.media.schemas import PhotoOut

# Years the movement can plausibly concern; the service also refuses years after next year.
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]
Line = Annotated[str, msgspec.Meta(max_length=500)]
Summary = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
Note = Annotated[str, msgspec.Meta(max_length=5000)]
DecisionNo = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Budget = Annotated[int, msgspec.Meta(ge=0, le=10**15)]
ResultValue = Annotated[float, msgspec.Meta(ge=-(10**15), le=10**15)]


class ModelKind(StrEnum):
    collective = "collective"  # mô hình (tập thể)
    individual = "individual"  # điển hình (cá nhân)


class ModelField(StrEnum):
    economy = "economy"
    culture_society = "culture_society"
    defense_security = "defense_security"
    political_system = "political_system"


class ModelLevel(StrEnum):
    grassroots = "grassroots"
    district = "district"
    province = "province"


class YearStatus(StrEnum):
    """The status of one year of a model (see rules.py for the transitions)."""

    submitted = "submitted"
    returned = "returned"
    rejected = "rejected"
    recognized = "recognized"
    exemplary = "exemplary"
    proposed_for_award = "proposed_for_award"
    discontinued = "discontinued"


class ModelStatus(StrEnum):
    """A model's status in lists: its latest year's status, or `draft` before its first submission."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    rejected = "rejected"
    recognized = "recognized"
    exemplary = "exemplary"
    proposed_for_award = "proposed_for_award"
    discontinued = "discontinued"


class Decision(StrEnum):
    returned = "returned"
    rejected = "rejected"
    recognized = "recognized"
    exemplary = "exemplary"
    proposed_for_award = "proposed_for_award"
    discontinued = "discontinued"


KIND_LABELS = {ModelKind.collective: "Mô hình", ModelKind.individual: "Điển hình"}
FIELD_LABELS = {
    ModelField.economy: "Kinh tế",
    ModelField.culture_society: "Văn hóa – xã hội",
    ModelField.defense_security: "Quốc phòng – an ninh",
    ModelField.political_system: "Xây dựng hệ thống chính trị",
}
LEVEL_LABELS = {ModelLevel.grassroots: "Cơ sở", ModelLevel.district: "Huyện", ModelLevel.province: "Tỉnh"}
STATUS_LABELS = {
    ModelStatus.draft: "Bản nháp",
    ModelStatus.submitted: "Đã đăng ký, chờ thẩm định",
    ModelStatus.returned: "Trả lại để bổ sung",
    ModelStatus.rejected: "Không công nhận",
    ModelStatus.recognized: "Được công nhận",
    ModelStatus.exemplary: "Tiêu biểu",
    ModelStatus.proposed_for_award: "Đề nghị khen thưởng",
    ModelStatus.discontinued: "Dừng hoạt động",
}


class ResultItem(Input):
    """One quantified result: "270 đèn", "10,700 m", "70 triệu đồng"."""

    label: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    value: ResultValue
    unit: Annotated[str, msgspec.Meta(max_length=50)] | None = None


Results = Annotated[list[ResultItem], msgspec.Meta(max_length=50)]


class ModelCreate(Input):
    title: Name
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    summary: Summary
    unit_id: Id | None = None
    address: Line | None = None
    started_year: Year | None = None
    body: LongText | None = None
    results: Results | None = None
    beneficiaries: Line | None = None
    budget_vnd: Budget | None = None
    contact: Line | None = None


class ModelPatch(Input):
    """Only the fields sent change; `null` clears an optional one. The owner unit never changes here."""

    version: Version
    title: Name | UnsetType = UNSET
    kind: ModelKind | UnsetType = UNSET
    field: ModelField | UnsetType = UNSET
    level: ModelLevel | UnsetType = UNSET
    summary: Summary | UnsetType = UNSET
    address: Line | UnsetType | None = UNSET
    started_year: Year | UnsetType | None = UNSET
    body: LongText | UnsetType | None = UNSET
    results: Results | UnsetType | None = UNSET
    beneficiaries: Line | UnsetType | None = UNSET
    budget_vnd: Budget | UnsetType | None = UNSET
    contact: Line | UnsetType | None = UNSET


class SubmitIn(Input):
    year: Year


class ReviewIn(Input):
    year: Year
    decision: Decision
    note: Note | None = None
    decision_no: DecisionNo | None = None
    decision_date: dt.date | None = None


class ReplicationIn(Input):
    unit_id: Id
    year: Year
    note: Note | None = None


class ResultOut(Output):
    label: str
    value: float
    unit: str | None = None


class ModelYearOut(Output):
    year: int
    status: YearStatus
    decision_no: str | None
    decision_date: dt.date | None
    note: str | None
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None


class ReplicationOut(Output):
    id: int
    unit_id: int
    unit_name: str
    year: int
    note: str | None
    created_at: dt.datetime


class ModelSummary(Output):
    """A row of a list: the model with its latest status (and, when a year is asked for, that year's)."""

    id: int
    code: str
    title: str
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    unit_id: int
    unit_name: str
    status: ModelStatus
    latest_year: int | None
    version: int
    updated_at: dt.datetime
    year_status: YearStatus | None = None


class ModelOut(Output):
    id: int
    code: str
    title: str
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    unit_id: int
    unit_name: str
    address: str | None
    started_year: int | None
    summary: str
    body: str
    body_html: str
    results: list[ResultOut]
    beneficiaries: str | None
    budget_vnd: int | None
    contact: str | None
    status: ModelStatus
    latest_year: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    years: list[ModelYearOut] = msgspec.field(default_factory=list)
    replications: list[ReplicationOut] = msgspec.field(default_factory=list)
    photos: list[PhotoOut] = msgspec.field(default_factory=list)
    # Press entries written about this model, filled by the contest domain (see services.set_entries_provider).
    entries: list[Any] = msgspec.field(default_factory=list)
    can_edit: bool = False


class Funnel(Output):
    registered: int
    recognized: int
    exemplary: int
    proposed_for_award: int


class StatsCell(Output):
    field: str
    level: str
    kind: str
    unit_id: int
    status: str
    count: int


class ModelStats(Output):
    year: int | None
    rollup: str
    total: int
    by_field: dict[str, int]
    by_level: dict[str, int]
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_unit: dict[str, int]
    unit_names: dict[str, str]
    funnel: Funnel
    cells: list[StatsCell]


class ImportRowError(Output):
    row: int
    column: str | None
    message: str


class ImportReport(Output):
    dry_run: bool
    rows: int
    valid_rows: int
    created: int
    errors: list[ImportRowError]
    codes: list[str]
    ignored_columns: list[str]
