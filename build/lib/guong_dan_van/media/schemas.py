"""What goes in and out of the media API."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile
from msgspec import UNSET, UnsetType

from guong_dan_van.core.schemas import Input, Output, Version

Caption = Annotated[str, msgspec.Meta(max_length=1000)]
Credit = Annotated[str, msgspec.Meta(max_length=300)]
SortOrder = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]


class Renditions(Output):
    """URLs of the served sizes (long edge ~320, ~1024, ~2048 px, never upscaled)."""

    thumb: str
    medium: str
    large: str


class PhotoOut(Output):
    id: int
    width: int
    height: int
    sha256: str
    caption: str | None
    credit: str | None
    order: int
    version: int
    renditions: Renditions


class PhotoPatch(Input):
    """Only the fields sent change; `null` clears caption or credit."""

    version: Version
    caption: Caption | UnsetType | None = UNSET
    credit: Credit | UnsetType | None = UNSET
    order: SortOrder | UnsetType = UNSET


class AttachmentKind(StrEnum):
    pdf = "pdf"
    audio = "audio"
    video = "video"


class AttachmentOut(Output):
    id: int
    kind: AttachmentKind
    filename: str
    size: int
    sha256: str
    content_type: str
    url: str


@dataclass
class PhotoUpload:
    """multipart/form-data: `file`, and optionally `caption` and `credit`."""

    file: UploadFile
    caption: str | None = None
    credit: str | None = None


@dataclass
class AttachmentUpload:
    """multipart/form-data: `file`."""

    file: UploadFile
