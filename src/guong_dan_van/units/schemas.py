from __future__ import annotations

import datetime as dt
from enum import StrEnum

from msgspec import UNSET, UnsetType

from guong_dan_van.core.schemas import Code, Id, Input, Name, Output, Version


class UnitKind(StrEnum):
    province = "province"
    district = "district"
    commune = "commune"
    department = "department"
    mass_org = "mass_org"
    press = "press"
    village = "village"
    other = "other"


UNIT_KIND_LABELS = {
    UnitKind.province: "Tỉnh, thành phố",
    UnitKind.district: "Huyện, quận (đến 30/6/2025)",
    UnitKind.commune: "Xã, phường, thị trấn",
    UnitKind.department: "Cơ quan, phòng ban",
    UnitKind.mass_org: "Mặt trận, đoàn thể",
    UnitKind.press: "Cơ quan báo chí, truyền thông",
    UnitKind.village: "Thôn, tổ dân phố",
    UnitKind.other: "Khác",
}


class UnitCreate(Input):
    name: Name
    kind: UnitKind
    parent_id: Id | None = None
    code: Code | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_id: Id | None = None


class UnitPatch(Input):
    """Only the fields sent change; `null` clears an optional one."""

    version: Version
    name: Name | UnsetType = UNSET
    kind: UnitKind | UnsetType = UNSET
    parent_id: Id | UnsetType | None = UNSET
    code: Code | UnsetType | None = UNSET
    valid_from: dt.date | UnsetType | None = UNSET
    valid_to: dt.date | UnsetType | None = UNSET
    successor_id: Id | UnsetType | None = UNSET


class UnitOut(Output):
    id: int
    name: str
    kind: UnitKind
    code: str | None
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_id: int | None
    active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class UnitOption(Output):
    """One answer of the unit picker: enough to tell two "Xã Tân Hòa" apart."""

    id: int
    name: str
    code: str | None
    kind: UnitKind
    parent_name: str | None
    active: bool
