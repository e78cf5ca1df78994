"""What a story says, read once for the story kit and the public site: the model's or the entry's text,
facts and photos. Only what may be made public is read (no contact, no notes, no editor's name)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS, MediaType
from guong_dan_van.contest.tables import Entry, EntryAuthor
from guong_dan_van.core.errors import NotFound
from guong_dan_van.core.repository import typed_all
from guong_dan_van.media.tables import Photo, PhotoRow
from guong_dan_van.publishing.schemas import ItemType
from guong_dan_van.publishing.services.items import recognised_years
from guong_dan_van.registry.schemas import FIELD_LABELS, LEVEL_LABELS, ModelField, ModelLevel, ResultOut
from guong_dan_van.registry.services.shaping import results_out
from guong_dan_van.registry.tables import Model


@dataclasses.dataclass
class StoryContent:
    """A story's words and facts: `body` is Markdown for a model, plain text for an entry."""

    item_type: ItemType
    item_id: int
    title: str
    summary: str
    body: str
    unit_name: str | None = None
    code: str | None = None
    field: str | None = None
    level: str | None = None
    years_recognised: list[int] = dataclasses.field(default_factory=list)
    results: list[ResultOut] = dataclasses.field(default_factory=list)
    authors: list[str] = dataclasses.field(default_factory=list)  # "Họ tên (bút danh)"
    author_names: list[str] = dataclasses.field(default_factory=list)
    outlet: str | None = None
    media_type: str | None = None
    published_on: dt.date | None = None
    url: str | None = None

    def facts(self) -> list[tuple[str, str]]:
        """The lines under the title, Vietnamese labels first."""
        out: list[tuple[str, str]] = []
        if self.item_type is ItemType.model:
            out += [("Mã", self.code or ""), ("Đơn vị", self.unit_name or "")]
            if self.field:
                out.append(("Lĩnh vực", FIELD_LABELS[ModelField(self.field)]))
            if self.level:
                out.append(("Cấp", LEVEL_LABELS[ModelLevel(self.level)]))
            if self.years_recognised:
                out.append(("Năm được công nhận", ", ".join(str(y) for y in self.years_recognised)))
        else:
            out += [("Tác giả", ", ".join(self.authors)), ("Cơ quan báo chí", self.outlet or "")]
            if self.media_type:
                out.append(("Loại hình", MEDIA_TYPE_LABELS[MediaType(self.media_type)]))
            if self.published_on:
                out.append(("Ngày đăng, phát", self.published_on.strftime("%d/%m/%Y")))
            if self.url:
                out.append(("Đường dẫn", self.url))
        return [(label, value) for label, value in out if value]


async def story_content(item_type: ItemType | str, item_id: int) -> StoryContent:
    if ItemType(item_type) is ItemType.model:
        row = (
            await Model.select(
                Model.id,
                Model.code,
                Model.title,
                Model.summary,
                Model.body,
                Model.field,
                Model.level,
                Model.results,
                Model.unit.name.as_alias("unit_name"),
            )
            .where(Model.id == item_id)
            .first()
            .run()
        )
        if row is None:
            raise NotFound("Mô hình không tồn tại.")
        years = await recognised_years([item_id])
        results = row["results"] if isinstance(row["results"], str) else "[]"
        return StoryContent(
            item_type=ItemType.model,
            item_id=item_id,
            title=row["title"],
            summary=row["summary"],
            body=row["body"] or "",
            unit_name=row["unit_name"],
            code=row["code"],
            field=row["field"],
            level=row["level"],
            years_recognised=sorted({y[0] for y in years.get(item_id, [])}),
            results=results_out(results),
        )
    entry = (
        await Entry.select(
            Entry.id, Entry.title, Entry.body, Entry.outlet, Entry.media_type, Entry.published_on, Entry.url
        )
        .where(Entry.id == item_id)
        .first()
        .run()
    )
    if entry is None:
        raise NotFound("Tác phẩm không tồn tại.")
    authors = (
        await EntryAuthor.select(EntryAuthor.name, EntryAuthor.pen_name)
        .where(EntryAuthor.entry == item_id)
        .order_by(EntryAuthor.position)
        .run()
    )
    body = entry["body"] or ""
    return StoryContent(
        item_type=ItemType.entry,
        item_id=item_id,
        title=entry["title"],
        summary=body.strip().split("\n", 1)[0][:400],
        body=body,
        authors=[f"{a['name']} ({a['pen_name']})" if a["pen_name"] else a["name"] for a in authors],
        author_names=[a["name"] for a in authors],
        outlet=entry["outlet"],
        media_type=entry["media_type"],
        published_on=entry["published_on"],
        url=entry["url"],
    )


async def story_photos(item_type: ItemType | str, item_id: int) -> list[PhotoRow]:
    """The story's photos in their order (the caller uses renditions only, never `original_key`)."""
    rows = (
        await Photo.select()
        .where((Photo.owner_type == ItemType(item_type).value) & (Photo.owner_id == item_id))
        .order_by(Photo.sort_order)
        .order_by(Photo.id)
        .run()
    )
    return typed_all(rows, PhotoRow)
