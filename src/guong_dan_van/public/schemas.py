"""What the public pages are made of: only fields that may be shown to anyone, by construction.

These Structs are the privacy boundary of the chuyên trang: a field that is not here (contact, notes,
who created or reviewed a record, original photo files) cannot reach a public page.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.core.schemas import Output
from guong_dan_van.registry.schemas import ModelField, ModelKind, ModelLevel, ResultOut, YearStatus


class PublicPhoto(Output):
    """A photo as its renditions (metadata stripped at ingest); never the original file."""

    thumb: str
    medium: str
    large: str
    width: int
    height: int
    alt: str
    caption: str | None
    credit: str | None


class PublicYear(Output):
    """A year the committee recognised the model, with the public decision that did."""

    year: int
    status: YearStatus
    decision_no: str | None
    decision_date: dt.date | None


class PublicReplication(Output):
    unit_name: str
    year: int


class PublicModelCard(Output):
    """A model in the library list and on the home page."""

    id: int
    slug: str
    title: str
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    unit_name: str
    summary: str
    exemplary: bool
    latest_year: int | None
    thumb: str | None
    thumb_alt: str | None


class PublicModel(Output):
    """A model's public page."""

    id: int
    slug: str
    title: str
    kind: ModelKind
    field: ModelField
    level: ModelLevel
    unit_name: str
    address: str | None
    started_year: int | None
    summary: str
    body_html: str
    results: list[ResultOut]
    beneficiaries: str | None
    years: list[PublicYear]
    photos: list[PublicPhoto]
    replications: list[PublicReplication]
    exemplary: bool
    updated_at: dt.datetime


class LibraryFilters(Output):
    """The library's filters after checking (None = all)."""

    q: str | None = None
    field: ModelField | None = None
    level: ModelLevel | None = None
    year: int | None = None
    unit_id: int | None = None
    page: int = 1


class LibraryPage(Output):
    items: list[PublicModelCard]
    total: int
    page: int
    pages: int


class Choice(Output):
    value: str
    label: str


class PublicEdition(Output):
    """A contest edition on the results index; `results_public` once its final round is finalised."""

    id: int
    name: str
    contest_name: str
    year: int | None
    results_public: bool
    updated_at: dt.datetime


class SitemapEntry(Output):
    path: str
    updated_at: dt.datetime | None
