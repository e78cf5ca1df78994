"""Published stories: `/chuyen-trang/bai-viet/{slug}-{id}` and the Atom and RSS 2.0 feeds.

Whether a story is public is decided on every request, from its queue row and the clock: one before its
embargo or schedule is a 404 even by a guessed address, and appears at its time to the second. The row is
kept in the page memo for its few seconds; publishing moves the change stamp on every change of a
publication, which empties the memo of every worker, so a withdrawn story is a 404 at the next request.
Story pages say `Cache-Control: public, no-cache`: a proxy may keep one but asks (a 304) before serving it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Redirect

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.errors import NotFound
from guong_dan_van.public import rules, services
from guong_dan_van.public.dependencies import PublicMemo, site_url
from guong_dan_van.public.pages.common import (
    ATOM_FEED,
    HOME,
    LIBRARY,
    RSS_FEED,
    SITE_NAME,
    STORIES,
    Rendered,
    cached_page,
    public_error_response,
    render,
)
from guong_dan_van.public.pages.home import PUBLIC_OPT
from guong_dan_van.publishing.schemas import ItemType

STORY_MISSING = "Không tìm thấy bài viết này. Có thể địa chỉ đã sai hoặc bài chưa được đăng."
ATOM_NS = "http://www.w3.org/2005/Atom"


class PublicStoryPages(Controller):
    include_in_schema = False
    opt = PUBLIC_OPT
    exception_handlers = {Exception: public_error_response}

    @get(STORIES + "/{address:str}")
    async def story(self, request: Request[Any, Any, Any], address: FromPath[str]) -> Response[Any]:
        publication_id = rules.parse_slug(address)
        if publication_id is None:
            raise NotFound(STORY_MISSING)
        memo: PublicMemo = request.app.state.public_memo
        known, publication = memo.fact(f"publication:{publication_id}")
        if not known:
            publication = await services.publication_of(publication_id)
            memo.keep(f"publication:{publication_id}", publication)
        if not services.public_now(publication):
            raise NotFound(STORY_MISSING)

        async def build() -> Rendered | Response[Any]:
            try:
                page = await services.get_story_page(publication_id)
            except NotFound:
                raise NotFound(STORY_MISSING) from None
            if page.slug != address:
                return Redirect(f"{STORIES}/{page.slug}", status_code=301, headers={"Cache-Control": "no-store"})
            story = page.story
            body = render(
                request,
                "public/story.html",
                title=story.title,
                description=story.summary,
                og_type="article",
                og_image=story.photos[0].large if story.photos else None,
                story=story,
                body_html=page.body_html,
                model_link=f"{LIBRARY}/{page.model_slug}" if page.model_slug else None,
                is_model=story.item_type == ItemType.model,
                since=story.public_since.astimezone(VN_TZ),
            )
            return Rendered(body)

        # The key moves with each version of the publication as well.
        key = f"{STORIES}/{address}@{publication.id}.{publication.version}"
        return await cached_page(request, key, build, cache_control="public, no-cache")

    @get(ATOM_FEED)
    async def atom(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        site = site_url(request)
        stories = await services.latest_stories(services.FEED_SIZE)
        feed = ET.Element("feed", xmlns=ATOM_NS)
        feed.set("xml:lang", "vi")
        ET.SubElement(feed, "id").text = site + HOME
        ET.SubElement(feed, "title").text = SITE_NAME
        ET.SubElement(feed, "subtitle").text = "Bài viết về các mô hình, điển hình Dân vận khéo."
        ET.SubElement(feed, "updated").text = _iso(max((s.published_at for s in stories), default=_EPOCH))
        ET.SubElement(feed, "link", rel="self", href=site + ATOM_FEED, type="application/atom+xml")
        ET.SubElement(feed, "link", rel="alternate", href=site + HOME, type="text/html")
        ET.SubElement(ET.SubElement(feed, "author"), "name").text = SITE_NAME
        for story in stories:
            link = f"{site}{STORIES}/{story.slug}"
            entry = ET.SubElement(feed, "entry")
            ET.SubElement(entry, "id").text = f"{site}{STORIES}/{story.id}"
            ET.SubElement(entry, "title").text = story.title
            ET.SubElement(entry, "link", rel="alternate", href=link, type="text/html")
            ET.SubElement(entry, "updated").text = _iso(story.published_at)
            ET.SubElement(entry, "published").text = _iso(story.published_at)
            ET.SubElement(entry, "summary").text = story.summary
        return _xml(feed, "application/atom+xml")

    @get(RSS_FEED)
    async def rss(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        site = site_url(request)
        stories = await services.latest_stories(services.FEED_SIZE)
        rss = ET.Element("rss", version="2.0")
        channel = ET.SubElement(rss, "channel")
        ET.SubElement(channel, "title").text = SITE_NAME
        ET.SubElement(channel, "link").text = site + HOME
        ET.SubElement(channel, "description").text = "Bài viết về các mô hình, điển hình Dân vận khéo."
        ET.SubElement(channel, "language").text = "vi"
        for story in stories:
            link = f"{site}{STORIES}/{story.slug}"
            item = ET.SubElement(channel, "item")
            ET.SubElement(item, "title").text = story.title
            ET.SubElement(item, "link").text = link
            ET.SubElement(item, "guid", isPermaLink="false").text = f"{site}{STORIES}/{story.id}"
            ET.SubElement(item, "pubDate").text = rules.http_date(story.published_at)
            ET.SubElement(item, "description").text = story.summary
        return _xml(rss, "application/rss+xml")


_EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _xml(root: ET.Element, media_type: str) -> Response[bytes]:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers={"Cache-Control": "public, max-age=60"})
