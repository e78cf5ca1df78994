"""The public model library: recognised and exemplary models only, their public fields only.

Every read here starts from `public_conditions()` (the visibility rule of `public.rules`, as SQL) and
shapes rows into `public.schemas` Structs, which have no field for anything private.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from piccolo.columns.combination import Combinable, WhereRaw

from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.repository import Row, list_page, typed_all
from guong_dan_van.media.services.photos import url_for
from guong_dan_van.media.tables import Photo
from guong_dan_van.public import rules
from guong_dan_van.public.schemas import (
    LibraryFilters,
    LibraryPage,
    PublicModel,
    PublicModelCard,
    PublicPhoto,
    PublicReplication,
    PublicYear,
)
from guong_dan_van.public.services.search import text_condition
from guong_dan_van.registry import markdown
from guong_dan_van.registry.rules import RECOGNIZED
from guong_dan_van.registry.schemas import ModelField, ModelKind, ModelLevel, ModelStatus, YearStatus
from guong_dan_van.registry.services.shaping import results_out
from guong_dan_van.registry.tables import Model, ModelYear, Replication
from guong_dan_van.units.tables import Unit

PAGE_SIZE = 20
FEATURED = 6
_RECOGNISED_YEARS = sorted(s.value for s in RECOGNIZED)
_RECOGNISED_NOW = sorted(s.value for s in rules.RECOGNIZED_STATUSES)
_EXEMPLARY_NOW = {s.value for s in rules.EXEMPLARY_STATUSES}


class CardRow(Row):
    id: int
    title: str
    kind: str
    field: str
    level: str
    unit_name: str
    summary: str
    status: str
    latest_year: int | None
    updated_at: dt.datetime


class PublicModelRow(CardRow):
    address: str | None
    started_year: int | None
    body: str
    results: str
    beneficiaries: str | None
    unit_updated_at: dt.datetime


class PublicYearRow(Row):
    year: int
    status: str
    decision_no: str | None
    decision_date: dt.date | None


class PhotoRow(Row):
    id: int
    owner_id: int
    width: int
    height: int
    caption: str | None
    credit: str | None
    thumb_key: str
    medium_key: str
    large_key: str
    updated_at: dt.datetime


class ReplicationRow(Row):
    unit_name: str
    year: int
    created_at: dt.datetime


def public_sql(alias: str = "model") -> str:
    """`rules.is_public` as SQL over the `model` row named `alias` (both engines).

    Written out so each side of the OR can use the status index and the earlier recognition is an EXISTS
    probe on `model_year`'s model index: no subquery is materialised for 10,000 models.
    """
    # Only constants go in: the status enums' values and an alias written in this module.
    assert alias.isidentifier()
    now = ", ".join(f"'{s}'" for s in _RECOGNISED_NOW)
    years = ", ".join(f"'{s}'" for s in _RECOGNISED_YEARS)
    return (
        f"({alias}.status IN ({now}) OR ({alias}.status = '{ModelStatus.submitted.value}' AND EXISTS "  # noqa: S608
        f"(SELECT 1 FROM model_year AS y WHERE y.model = {alias}.id AND y.status IN ({years}))))"
    )


def public_conditions() -> list[Combinable]:
    """The visibility rule as a Piccolo condition on `Model`."""
    return [WhereRaw(public_sql())]


def _filter_conditions(filters: LibraryFilters) -> list[Combinable]:
    conditions = public_conditions()
    if filters.field is not None:
        conditions.append(Model.field == filters.field.value)
    if filters.level is not None:
        conditions.append(Model.level == filters.level.value)
    if filters.unit_id is not None:
        conditions.append(Model.unit == filters.unit_id)
    if filters.year is not None:
        # Recognised that year: an EXISTS probe on (model, year) rather than a list of every such model.
        years = ", ".join(f"'{s}'" for s in _RECOGNISED_YEARS)
        recognised_in = (
            "EXISTS (SELECT 1 FROM model_year AS yr WHERE yr.model = model.id AND yr.year = {} "  # noqa: S608
            f"AND yr.status IN ({years}))"
        )
        conditions.append(WhereRaw(recognised_in, filters.year))
    if filters.q:
        conditions.append(text_condition(filters.q))
    return conditions


_CARD_COLUMNS = (
    Model.id,
    Model.title,
    Model.kind,
    Model.field,
    Model.level,
    Model.unit.name.as_alias("unit_name"),
    Model.summary,
    Model.status,
    Model.latest_year,
    Model.updated_at,
)


def _photo(photo: PhotoRow, title: str) -> PublicPhoto:
    return PublicPhoto(
        thumb=url_for(photo.thumb_key),
        medium=url_for(photo.medium_key),
        large=url_for(photo.large_key),
        width=photo.width,
        height=photo.height,
        alt=photo.caption or f"Ảnh mô hình “{title}”",
        caption=photo.caption,
        credit=photo.credit,
    )


_PHOTO_COLUMNS = (
    Photo.id,
    Photo.owner_id,
    Photo.width,
    Photo.height,
    Photo.caption,
    Photo.credit,
    Photo.thumb_key,
    Photo.medium_key,
    Photo.large_key,
    Photo.updated_at,
)


async def _photos_of(model_ids: list[int]) -> list[PhotoRow]:
    if not model_ids:
        return []
    rows = await (
        Photo.select(*_PHOTO_COLUMNS)
        .where((Photo.owner_type == "model") & Photo.owner_id.is_in(model_ids))
        .order_by(Photo.sort_order)
        .order_by(Photo.id)
        .run()
    )
    return typed_all(rows, PhotoRow)


async def _cards(rows: list[CardRow]) -> list[PublicModelCard]:
    first: dict[int, PhotoRow] = {}
    for found in await _photos_of([row.id for row in rows]):
        first.setdefault(found.owner_id, found)
    cards = []
    for row in rows:
        photo = first.get(row.id)
        shown = _photo(photo, row.title) if photo else None
        cards.append(
            PublicModelCard(
                id=row.id,
                slug=rules.model_slug(row.title, row.id),
                title=row.title,
                kind=ModelKind(row.kind),
                field=ModelField(row.field),
                level=ModelLevel(row.level),
                unit_name=row.unit_name,
                summary=row.summary,
                exemplary=row.status in _EXEMPLARY_NOW,
                latest_year=row.latest_year,
                thumb=shown.thumb if shown else None,
                thumb_alt=shown.alt if shown else None,
            )
        )
    return cards


async def list_library(filters: LibraryFilters) -> LibraryPage:
    """One page of the library, newest first (by id: the pages come straight off the primary key, no sort)."""
    offset = (filters.page - 1) * PAGE_SIZE
    found = await list_page(
        Model,
        CardRow,
        PageParams(limit=PAGE_SIZE, offset=offset),
        _filter_conditions(filters),
        columns=_CARD_COLUMNS,
        order_by=[(Model.id, False)],
    )
    cards = await _cards(found.items)
    return LibraryPage(
        items=cards,
        total=found.total,
        page=filters.page,
        pages=max(1, math.ceil(found.total / PAGE_SIZE)),
    )


async def featured_models(limit: int = FEATURED) -> list[PublicModelCard]:
    """The home page's choice: the newest exemplary models (tiêu biểu, or proposed for an award), topped up
    with the newest recognised ones. Both come straight off the primary key: no sort of all models."""
    exemplary = Model.select(*_CARD_COLUMNS).where(Model.status.is_in(sorted(_EXEMPLARY_NOW)))
    rows = typed_all(await exemplary.order_by(Model.id, ascending=False).limit(limit).run(), CardRow)
    if len(rows) < limit:
        others = Model.select(*_CARD_COLUMNS).where(Model.status.not_in(sorted(_EXEMPLARY_NOW)))
        for condition in public_conditions():
            others = others.where(condition)
        more = await others.order_by(Model.id, ascending=False).limit(limit - len(rows)).run()
        rows += typed_all(more, CardRow)
    return await _cards(rows)


async def get_public_model(model_id: int) -> PublicModel | None:
    """The model's public page, or None when it does not exist or is not public (the same answer)."""
    if not 1 <= model_id <= rules.MAX_ID:
        return None
    query = Model.select(
        *_CARD_COLUMNS,
        Model.address,
        Model.started_year,
        Model.body,
        Model.results,
        Model.beneficiaries,
        Model.unit.updated_at.as_alias("unit_updated_at"),
    ).where(Model.id == model_id)
    for condition in public_conditions():
        query = query.where(condition)
    found = await query.first().run()
    if found is None:
        return None
    row = typed_all([found], PublicModelRow)[0]
    years = typed_all(
        await ModelYear.select(ModelYear.year, ModelYear.status, ModelYear.decision_no, ModelYear.decision_date)
        .where((ModelYear.model == model_id) & ModelYear.status.is_in(_RECOGNISED_YEARS))
        .order_by(ModelYear.year)
        .run(),
        PublicYearRow,
    )
    photos = await _photos_of([model_id])
    replications = typed_all(
        await Replication.select(Replication.unit.name.as_alias("unit_name"), Replication.year, Replication.created_at)
        .where(Replication.model == model_id)
        .order_by(Replication.year)
        .order_by(Replication.id)
        .run(),
        ReplicationRow,
    )
    changed = max(
        [row.updated_at, row.unit_updated_at] + [p.updated_at for p in photos] + [r.created_at for r in replications]
    )
    return PublicModel(
        id=row.id,
        slug=rules.model_slug(row.title, row.id),
        title=row.title,
        kind=ModelKind(row.kind),
        field=ModelField(row.field),
        level=ModelLevel(row.level),
        unit_name=row.unit_name,
        address=row.address,
        started_year=row.started_year,
        summary=row.summary,
        body_html=markdown.render(row.body),
        results=results_out(row.results),
        beneficiaries=row.beneficiaries,
        years=[
            PublicYear(
                year=y.year, status=YearStatus(y.status), decision_no=y.decision_no, decision_date=y.decision_date
            )
            for y in years
        ],
        photos=[_photo(photo, row.title) for photo in photos],
        replications=[PublicReplication(unit_name=r.unit_name, year=r.year) for r in replications],
        exemplary=row.status in _EXEMPLARY_NOW,
        updated_at=changed,
    )


# --- the filters' choices ------------------------------------------------------------------------


class _YearRow(Row):
    year: int


class _UnitChoiceRow(Row):
    id: int
    name: str


async def recognised_years() -> list[int]:
    """Years in which some model was recognised, newest first (the year filter's choices)."""
    rows = await (
        ModelYear.select(ModelYear.year)
        .where(ModelYear.status.is_in(_RECOGNISED_YEARS))
        .distinct()
        .order_by(ModelYear.year, ascending=False)
        .run()
    )
    return [row.year for row in typed_all(rows, _YearRow)]


async def units_with_public_models() -> list[tuple[int, str]]:
    """Units that own at least one public model, by name (the unit filter's choices): one EXISTS probe
    per unit on the model's unit index."""
    owns_public = f"EXISTS (SELECT 1 FROM model AS m WHERE m.unit = unit.id AND {public_sql('m')})"  # noqa: S608
    rows = await Unit.select(Unit.id, Unit.name).where(WhereRaw(owns_public)).order_by(Unit.name).run()
    return [(row.id, row.name) for row in typed_all(rows, _UnitChoiceRow)]


async def public_model_entries() -> list[tuple[int, str, dt.datetime]]:
    """(id, slug, last change) of every public model, for the sitemap."""
    query = Model.select(Model.id, Model.title, Model.updated_at)
    for condition in public_conditions():
        query = query.where(condition)
    rows: list[dict[str, Any]] = await query.order_by(Model.id).run()
    return [(row["id"], rules.model_slug(row["title"], row["id"]), row["updated_at"]) for row in rows]
