"""Search documents read from the database (the source of truth): models, entries and their PDF text.

`Published` is the seam to the publishing domain: `create_app` passes a function telling which of some
records are published (the default: none is). A published record is found by the media center whatever
its status. Who may find each document is written into it (`audience`), so engines filter inside the query.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import anyio.to_thread

from guong_dan_van.contest.tables import Entry, EntryAuthor
from guong_dan_van.db.conditions import ids_in
from guong_dan_van.media.tables import Attachment
from guong_dan_van.registry.tables import Model, ModelYear
from guong_dan_van.search.documents import SearchDoc
from guong_dan_van.units.tables import Unit

Published = Callable[[str, Sequence[int]], Awaitable[set[int]]]
AttachmentPath = Callable[[str], Path]
MAX_PDF_CHARS = 200_000
MAX_PDF_PAGES = 200
# Entry statuses the media center finds (awarded works are eligible ones); models it finds once submitted.
MEDIA_ENTRY_STATUSES = frozenset({"submitted", "eligible"})


async def nothing_published(item_type: str, item_ids: Sequence[int]) -> set[int]:
    """The default seam: no record is published until the publishing domain says otherwise."""
    return set()


def pdf_text(path: Path) -> str:
    """The text of a PDF, capped; an unreadable PDF gives no text rather than an error."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_PDF_CHARS:
                break
        return " ".join(" ".join(parts).split())[:MAX_PDF_CHARS]
    except Exception:
        return ""


def model_audience(unit_id: int, status: str, published: bool) -> list[str]:
    audience = [f"unit:{unit_id}"]
    if status != "draft":
        audience.append("all")  # registration is public to everyone logged in (permissions.can_view_model)
    if published:
        audience.append("media")
    return audience


def entry_audience(unit_id: int | None, status: str, published: bool) -> list[str]:
    audience = [f"unit:{unit_id}"] if unit_id else []
    if status in MEDIA_ENTRY_STATUSES or published:
        audience.append("media")
    return audience


async def _unit_names(unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    rows = await Unit.select(Unit.id, Unit.name).where(ids_in(Unit.id, unit_ids)).run()
    return {r["id"]: r["name"] for r in rows}


async def model_docs(ids: Sequence[int], published: Published) -> list[SearchDoc]:
    if not ids:
        return []
    rows = (
        await Model.select(
            Model.id,
            Model.title,
            Model.summary,
            Model.body,
            Model.field,
            Model.level,
            Model.unit,
            Model.status,
            Model.latest_year,
            Model.contact,
            Model.address,
        )
        .where(ids_in(Model.id, ids))
        .run()
    )
    years: dict[int, set[int]] = {}
    for y in await ModelYear.select(ModelYear.model, ModelYear.year).where(ids_in(ModelYear.model, ids)).run():
        years.setdefault(y["model"], set()).add(y["year"])
    names = await _unit_names({r["unit"] for r in rows})
    done = await published("model", [r["id"] for r in rows])
    docs = []
    for r in rows:
        model_years = years.get(r["id"], set()) | ({r["latest_year"]} if r["latest_year"] else set())
        docs.append(
            SearchDoc(
                type="model",
                id=r["id"],
                title=r["title"],
                summary=r["summary"] or "",
                body=" ".join(filter(None, [r["body"], r["address"]])),
                people=r["contact"] or "",
                unit_name=names.get(r["unit"], ""),
                field=r["field"],
                level=r["level"],
                years=sorted(model_years),
                unit_id=r["unit"],
                status=r["status"],
                published=r["id"] in done,
                audience=model_audience(r["unit"], r["status"], r["id"] in done),
            )
        )
    return docs


async def _attachment_texts(entry_ids: Sequence[int], path_of: AttachmentPath | None) -> dict[int, str]:
    if path_of is None:
        return {}
    rows = (
        await Attachment.select(Attachment.owner_id, Attachment.storage_key)
        .where((Attachment.owner_type == "entry") & ids_in(Attachment.owner_id, entry_ids) & (Attachment.kind == "pdf"))
        .run()
    )
    texts: dict[int, list[str]] = {}
    for row in rows:
        text = await anyio.to_thread.run_sync(pdf_text, path_of(row["storage_key"]))
        texts.setdefault(row["owner_id"], []).append(text)
    return {k: " ".join(v) for k, v in texts.items()}


async def entry_docs(ids: Sequence[int], published: Published, path_of: AttachmentPath | None) -> list[SearchDoc]:
    if not ids:
        return []
    rows = (
        await Entry.select(
            Entry.id,
            Entry.title,
            Entry.body,
            Entry.genre,
            Entry.outlet,
            Entry.media_type,
            Entry.status,
            Entry.submitted_by_unit,
            Entry.published_on,
            Entry.edition.year.as_alias("edition_year"),
            Entry.edition.name.as_alias("edition_name"),
        )
        .where(ids_in(Entry.id, ids))
        .run()
    )
    people: dict[int, list[str]] = {}
    authors = (
        await EntryAuthor.select(EntryAuthor.entry, EntryAuthor.name, EntryAuthor.pen_name)
        .where(ids_in(EntryAuthor.entry, ids))
        .order_by(EntryAuthor.position)
        .run()
    )
    for a in authors:
        people.setdefault(a["entry"], []).extend(filter(None, [a["name"], a["pen_name"]]))
    names = await _unit_names({r["submitted_by_unit"] for r in rows if r["submitted_by_unit"]})
    pdfs = await _attachment_texts([r["id"] for r in rows], path_of)
    done = await published("entry", [r["id"] for r in rows])
    docs = []
    for r in rows:
        unit_id = r["submitted_by_unit"]
        year = r["edition_year"] or r["published_on"].year
        docs.append(
            SearchDoc(
                type="entry",
                id=r["id"],
                title=r["title"],
                summary=" · ".join(filter(None, [r["genre"], r["edition_name"]])),
                body=r["body"] or "",
                attachments=pdfs.get(r["id"], ""),
                people=", ".join(people.get(r["id"], [])),
                outlet=r["outlet"],
                unit_name=names.get(unit_id, "") if unit_id else "",
                media_type=r["media_type"],
                years=[year],
                unit_id=unit_id or 0,
                status=r["status"],
                published=r["id"] in done,
                audience=entry_audience(unit_id, r["status"], r["id"] in done),
            )
        )
    return docs


async def all_ids(item_type: str, after: int, batch: int) -> list[int]:
    table = Model if item_type == "model" else Entry
    rows = await table.select(table.id).where(table.id > after).order_by(table.id).limit(batch).run()
    return [r["id"] for r in rows]


async def count_all() -> int:
    return int(await Model.count().run()) + int(await Entry.count().run())
