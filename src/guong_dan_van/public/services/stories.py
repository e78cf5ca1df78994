"""Published stories on the chuyên trang, read from the publishing queue.

A story is the queue's "website" item that is published, or scheduled and past its time, never before its
embargo and never once withdrawn (`publishing.rules.is_public`): the home page's list,
`/chuyen-trang/bai-viet/{slug}` and the feeds all ask the same question of the same clock.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import escape

from guong_dan_van.core import clock
from guong_dan_van.core.repository import typed
from guong_dan_van.core.schemas import Output
from guong_dan_van.public import rules
from guong_dan_van.public.services.models import get_public_model
from guong_dan_van.publishing import services as publishing
from guong_dan_van.publishing.rules import is_public
from guong_dan_van.publishing.schemas import PublicPhoto
from guong_dan_van.publishing.schemas import PublicStory as QueuedStory
from guong_dan_van.publishing.tables import Publication, PublicationRow
from guong_dan_van.registry import markdown

FEED_SIZE = 30


class PublicStory(Output):
    """A published story as the chuyên trang lists it."""

    id: int
    slug: str
    title: str
    summary: str
    published_at: dt.datetime
    photo: PublicPhoto | None


class StoryPage(Output):
    """A published story's page: the queued story with its address and its text as safe HTML."""

    slug: str
    story: QueuedStory
    body_html: str
    model_slug: str | None


def story_slug(story: QueuedStory) -> str:
    return rules.model_slug(story.title, story.id)


def _listed(story: QueuedStory) -> PublicStory:
    return PublicStory(
        id=story.id,
        slug=story_slug(story),
        title=story.title,
        summary=story.summary,
        published_at=story.public_since,
        photo=story.photos[0] if story.photos else None,
    )


async def latest_stories(limit: int = 10) -> list[PublicStory]:
    """The stories public now, newest first."""
    return [_listed(s) for s in await publishing.list_public_stories(clock.now(), limit=limit)]


async def get_story_page(publication_id: int) -> StoryPage:
    """One story public now, else NotFound (before its embargo or schedule, withdrawn, or never queued)."""
    story = await publishing.get_public_story(publication_id, clock.now())
    is_model = story.item_type.value == "model"
    body_html = markdown.render(story.body) if is_model else _paragraphs(story.body)
    return StoryPage(
        slug=story_slug(story),
        story=story,
        body_html=body_html,
        model_slug=await _public_model_slug(story.item_id) if is_model else None,
    )


def _paragraphs(text: str) -> str:
    """An entry's plain text as escaped paragraphs."""
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


async def _public_model_slug(model_id: int) -> str | None:
    """The model's library address when the library shows it (a story never links to a 404)."""
    model = await get_public_model(model_id)
    return model.slug if model is not None else None


async def publication_of(publication_id: int) -> PublicationRow | None:
    """The queue's row of a story (one indexed read), public or not; None when there is none."""
    if not 1 <= publication_id <= rules.MAX_ID:
        return None
    row = await Publication.select().where(Publication.id == publication_id).first().run()
    return typed(row, PublicationRow) if row is not None else None


def public_now(publication: PublicationRow | None) -> bool:
    """Whether the story is public at this moment: past its embargo, published or past its schedule, and
    not withdrawn (asked of the clock on every request, so a schedule is exact even from a kept row)."""
    return publication is not None and is_public(publication, clock.now())
