from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from guong_dan_van.core.schemas import Id, Input, LongText, Name, Output, Version
from guong_dan_van.media.schemas import AttachmentOut, PhotoOut

MAX_AUTHORS = 20  # a hard cap on the list; the edition's own limit is a rule (max_authors_per_entry)
MAX_MODELS = 20

PersonName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Url = Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^https?://\S+$")]


class MediaType(StrEnum):
    print = "print"  # báo in
    online = "online"  # báo điện tử
    radio = "radio"  # phát thanh
    television = "television"  # truyền hình
    photo = "photo"  # ảnh


class EditionKind(StrEnum):
    yearly = "yearly"
    final = "final"  # chung kết cả giai đoạn


class AwardedPolicy(StrEnum):
    forbidden = "forbidden"  # tác phẩm đã đoạt giải không được dự thi
    declare = "declare"  # được dự thi nếu kê khai giải đã đoạt


class PrizeTier(StrEnum):
    special = "special"
    first = "first"
    second = "second"
    third = "third"
    a = "a"
    b = "b"
    c = "c"
    consolation = "consolation"
    collective = "collective"  # giải tập thể: to a unit that organised the contest well


class ExcludedRole(StrEnum):
    organizer = "organizer"
    judge = "judge"
    secretariat = "secretariat"


class EntryStatus(StrEnum):
    draft = "draft"  # đang soạn, đơn vị còn sửa được
    submitted = "submitted"  # đã gửi, chờ sơ loại
    eligible = "eligible"  # hợp lệ, vào các vòng chấm
    ineligible = "ineligible"  # không hợp lệ (kèm lý do)


MEDIA_TYPE_LABELS = {
    MediaType.print: "Báo in",
    MediaType.online: "Báo điện tử",
    MediaType.radio: "Phát thanh",
    MediaType.television: "Truyền hình",
    MediaType.photo: "Ảnh báo chí",
}
STATUS_LABELS = {
    EntryStatus.draft: "Đang soạn",
    EntryStatus.submitted: "Đã gửi",
    EntryStatus.eligible: "Hợp lệ",
    EntryStatus.ineligible: "Không hợp lệ",
}
TIER_LABELS = {
    PrizeTier.special: "Giải Đặc biệt",
    PrizeTier.first: "Giải Nhất",
    PrizeTier.second: "Giải Nhì",
    PrizeTier.third: "Giải Ba",
    PrizeTier.a: "Giải A",
    PrizeTier.b: "Giải B",
    PrizeTier.c: "Giải C",
    PrizeTier.consolation: "Giải Khuyến khích",
    PrizeTier.collective: "Giải tập thể",
}
EXCLUDED_ROLE_LABELS = {
    ExcludedRole.organizer: "Ban tổ chức",
    ExcludedRole.judge: "Giám khảo",
    ExcludedRole.secretariat: "Tổ thư ký",
}


# --- contests -------------------------------------------------------------------------------------


class ContestCreate(Input):
    name: Name
    period_from: dt.date
    period_to: dt.date


class ContestOut(Output):
    id: int
    name: str
    period_from: dt.date
    period_to: dt.date
    version: int
    created_at: dt.datetime


# --- editions -------------------------------------------------------------------------------------


class Prize(Input):
    tier: PrizeTier
    count: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    media_type: MediaType | None = None
    amount_vnd: Annotated[int, msgspec.Meta(ge=0, le=10**12)] | None = None


class ExcludedPersonIn(Input):
    role: ExcludedRole
    user_id: Id | None = None
    name: PersonName | None = None


EntriesPerAuthor = Annotated[int, msgspec.Meta(ge=1, le=100)]
AuthorsPerEntry = Annotated[int, msgspec.Meta(ge=1, le=MAX_AUTHORS)]
MediaTypes = Annotated[list[MediaType], msgspec.Meta(min_length=1, max_length=5)]
Genres = Annotated[list[Label], msgspec.Meta(max_length=30)]
Prizes = Annotated[list[Prize], msgspec.Meta(max_length=50)]
ExcludedPeople = Annotated[list[ExcludedPersonIn], msgspec.Meta(max_length=300)]


class EditionCreate(Input):
    name: Name
    kind: EditionKind
    published_from: dt.date
    published_to: dt.date
    submit_from: dt.date
    submit_to: dt.date
    media_types: MediaTypes
    max_entries_per_author: EntriesPerAuthor
    max_authors_per_entry: AuthorsPerEntry
    previously_awarded: AwardedPolicy
    year: Annotated[int, msgspec.Meta(ge=2000, le=2100)] | None = None
    genres: Genres = msgspec.field(default_factory=list)
    prizes: Prizes = msgspec.field(default_factory=list)
    excluded_people: ExcludedPeople = msgspec.field(default_factory=list)


class EditionPatch(Input):
    """Rules amended mid-period: only the fields sent change (lists are replaced whole)."""

    version: Version
    name: Name | UnsetType = UNSET
    year: Annotated[int, msgspec.Meta(ge=2000, le=2100)] | UnsetType | None = UNSET
    published_from: dt.date | UnsetType = UNSET
    published_to: dt.date | UnsetType = UNSET
    submit_from: dt.date | UnsetType = UNSET
    submit_to: dt.date | UnsetType = UNSET
    media_types: MediaTypes | UnsetType = UNSET
    genres: Genres | UnsetType = UNSET
    max_entries_per_author: EntriesPerAuthor | UnsetType = UNSET
    max_authors_per_entry: AuthorsPerEntry | UnsetType = UNSET
    previously_awarded: AwardedPolicy | UnsetType = UNSET
    prizes: Prizes | UnsetType = UNSET
    excluded_people: ExcludedPeople | UnsetType = UNSET


class PrizeOut(Output):
    tier: PrizeTier
    count: int
    media_type: MediaType | None = None
    amount_vnd: int | None = None


class ExcludedPersonOut(Output):
    role: ExcludedRole
    user_id: int | None = None
    name: str | None = None


class EditionOut(Output):
    id: int
    contest_id: int
    name: str
    kind: EditionKind
    year: int | None
    published_from: dt.date
    published_to: dt.date
    submit_from: dt.date
    submit_to: dt.date
    media_types: list[MediaType]
    genres: list[str]
    max_entries_per_author: int
    max_authors_per_entry: int
    previously_awarded: AwardedPolicy
    prizes: list[PrizeOut]
    excluded_people: list[ExcludedPersonOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


# --- entries --------------------------------------------------------------------------------------


class AuthorIn(Input):
    name: PersonName
    pen_name: PersonName | None = None
    user_id: Id | None = None


class DeclarationIn(Input):
    """Kê khai giải thưởng tác phẩm đã đoạt."""

    prize: Name
    date: dt.date
    awarded_by: Name


Authors = Annotated[list[AuthorIn], msgspec.Meta(min_length=1, max_length=MAX_AUTHORS)]
ModelIds = Annotated[list[Id], msgspec.Meta(max_length=MAX_MODELS)]


class EntryCreate(Input):
    title: Name
    media_type: MediaType
    authors: Authors
    outlet: Name
    published_on: dt.date
    genre: Label | None = None
    url: Url | None = None
    body: LongText | None = None
    model_ids: ModelIds = msgspec.field(default_factory=list)
    previously_awarded: DeclarationIn | None = None
    # The committee may enter a work on a unit's behalf; everyone else enters for their own unit.
    unit_id: Id | None = None


class EntryPatch(Input):
    version: Version
    title: Name | UnsetType = UNSET
    media_type: MediaType | UnsetType = UNSET
    genre: Label | UnsetType | None = UNSET
    authors: Authors | UnsetType = UNSET
    outlet: Name | UnsetType = UNSET
    published_on: dt.date | UnsetType = UNSET
    url: Url | UnsetType | None = UNSET
    body: LongText | UnsetType | None = UNSET
    model_ids: ModelIds | UnsetType = UNSET
    previously_awarded: DeclarationIn | UnsetType | None = UNSET


class ScreenIn(Input):
    eligible: bool
    reason: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class ReturnIn(Input):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class AuthorOut(Output):
    name: str
    pen_name: str | None = None
    user_id: int | None = None


class DeclarationOut(Output):
    prize: str
    date: dt.date
    awarded_by: str


class ModelRef(Output):
    id: int
    code: str
    title: str


class EntryOut(Output):
    id: int
    edition_id: int
    title: str
    media_type: MediaType
    genre: str | None
    authors: list[AuthorOut]
    outlet: str
    published_on: dt.date
    url: str | None
    body: str | None
    models: list[ModelRef]
    previously_awarded: DeclarationOut | None
    status: EntryStatus
    submitted_by_unit_id: int | None
    submitted_at: dt.datetime | None
    screened_at: dt.datetime | None
    screening_reason: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class EntryDetail(EntryOut):
    photos: list[PhotoOut]
    attachments: list[AttachmentOut]


class EntryBrief(Output):
    """An entry as a line in a list (no authors: safe to show beside a model)."""

    id: int
    edition_id: int
    edition_name: str
    title: str
    media_type: MediaType
    outlet: str
    published_on: dt.date
    status: EntryStatus
    submitted_by_unit_id: int | None
    # Whether the caller may open the entry itself (its own unit's, or the committee).
    viewable: bool = False


class StatusOut(Output):
    id: int
    status: EntryStatus
    version: int


class FunnelRow(Output):
    media_type: MediaType | None  # None: all media types together
    received: int
    eligible: int
    ineligible: int
    shortlisted: int
    awarded: int


class FunnelOut(Output):
    edition_id: int
    items: list[FunnelRow]
    total: FunnelRow
