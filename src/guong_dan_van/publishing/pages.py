"""The media center's pages: stories to publish (each with its "Đưa vào hàng chờ" form) and the queue
(filters by channel and status; mark published with its link; withdraw; download the story kit)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.errors import DomainError
from guong_dan_van.core.pagination import PageParams, Paging
from guong_dan_van.core.permissions import current_actor
from guong_dan_van.core.schemas import Input, Version
from guong_dan_van.publishing import services
from guong_dan_van.publishing.dependencies import (
    QUEUE_FILTERS,
    Awards,
    PublicChanges,
    QueueFilters,
    StoryType,
    publishes,
)
from guong_dan_van.publishing.rules import vn_time
from guong_dan_van.publishing.schemas import (
    CHANNEL_LABELS,
    ITEM_LABELS,
    STATUS_LABELS,
    PatchStatus,
    PublicationCreate,
    PublicationPatch,
    Url,
)
from guong_dan_van.registry.schemas import STATUS_LABELS as MODEL_STATUS_LABELS
from guong_dan_van.web.forms import FormProblem, done, form_again, problem_of, read_form
from guong_dan_van.web.pages import page_context

QUEUE_LABELS = {
    "item_type": "Loại tin bài",
    "item_id": "Tin bài",
    "channel": "Kênh",
    "embargo_until": "Hạn cấm đăng",
    "scheduled_for": "Lịch đăng",
}
PUBLISH_LABELS = {"published_url": "Đường dẫn bài đã đăng", "version": "Phiên bản", "status": "Trạng thái"}
# "15/10/2026", "15/10/2026 08:00" (giờ Việt Nam), or what a datetime-local input sends.
_VN_MOMENT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ ,]+(\d{1,2})[:h](\d{2}))?$")
FIRST_PAGE = PageParams(limit=50, offset=0)  # what a refused form shows around it
_LOCAL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


class PublishForm(Input):
    version: Version
    published_url: Url | None = None


class VersionForm(Input):
    version: Version


def moment_text(text: str | None) -> str | None:
    """A moment as typed, in Vietnam's time, as ISO 8601 with its offset; unreadable text is left for
    `read_form` to refuse beside its field."""
    raw = (text or "").strip()
    if not raw:
        return None
    if _LOCAL_ISO.match(raw):
        return raw + "+07:00"
    found = _VN_MOMENT.match(raw)
    if found:
        day, month, year, hour, minute = (int(g) if g else 0 for g in found.groups())
        try:
            return dt.datetime(year, month, day, hour, minute, tzinfo=VN_TZ).isoformat()
        except ValueError:
            return raw
    return raw


def _labels() -> dict[str, Any]:
    return {
        "channel_labels": CHANNEL_LABELS,
        "status_labels": STATUS_LABELS,
        "item_labels": ITEM_LABELS,
        "model_status_labels": MODEL_STATUS_LABELS,
        "vn_time": vn_time,
    }


def _queue_values(form: FormMultiDict) -> dict[str, Any]:
    values = {}
    for name in ("embargo_until", "scheduled_for"):
        moment = moment_text(form.get(name))
        if moment is not None:
            values[name] = moment
    return values


class PublishingPages(Controller):
    path = "/publishing"
    include_in_schema = False
    guards = [publishes]
    dependencies = QUEUE_FILTERS

    @get("/stories")
    async def stories(
        self, request: Request, page: Paging, awarded_entry_ids: Awards, story_type: StoryType
    ) -> Template:
        result = await services.list_stories(page, awarded_entry_ids, story_type)
        context = page_context(request, page=result, item_type=story_type or "", **_labels())
        return Template("publishing/stories.html", context=context)

    @post("/stories/queue", status_code=HTTP_200_OK)
    async def queue(self, request: Request, awarded_entry_ids: Awards, public_changes: PublicChanges) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(PublicationCreate, form, QUEUE_LABELS, values=_queue_values(form))
            actor = current_actor(request)
            created = await services.create_publication(actor, data, awarded_entry_ids, public_changes.touch)
        except (FormProblem, DomainError) as exc:
            stories = await services.list_stories(FIRST_PAGE, awarded_entry_ids)
            story = next(
                (
                    s
                    for s in stories.items
                    if s.item_type == form.get("item_type") and str(s.item_id) == form.get("item_id")
                ),
                None,
            )
            context = page_context(request, page=stories, item_type="", form=form, story=story,
                                   form_id=form.get("form_id") or "queue-form-1", **_labels())  # fmt: skip
            problem = problem_of(exc, QUEUE_LABELS)
            return form_again(
                request, "publishing/stories.html", "publishing/partials/queue_form.html", context, problem
            )
        return done(request, f"/publishing?channel={created.channel.value}")

    @get("/")
    async def queue_list(self, request: Request, page: Paging, queue_filters: QueueFilters) -> Template:
        result = await services.list_publications(page, queue_filters)
        context = page_context(
            request,
            page=result,
            channel=queue_filters.channel or "",
            status=queue_filters.status or "",
            **_labels(),
        )
        return Template("publishing/queue.html", context=context)

    @post("/{publication_id:int}/publish", status_code=HTTP_200_OK)
    async def publish(
        self, request: Request, public_changes: PublicChanges, publication_id: FromPath[int]
    ) -> Response[Any]:
        form = await request.form()
        try:
            typed = read_form(PublishForm, form, PUBLISH_LABELS)
            data = PublicationPatch(
                status=PatchStatus.published, version=typed.version, published_url=typed.published_url
            )
            await services.patch_publication(current_actor(request), publication_id, data, public_changes.touch)
        except (FormProblem, DomainError) as exc:
            return await self._actions_again(request, publication_id, form, exc)
        return done(request, "/publishing?status=published")

    @post("/{publication_id:int}/withdraw", status_code=HTTP_200_OK)
    async def withdraw(
        self, request: Request, public_changes: PublicChanges, publication_id: FromPath[int]
    ) -> Response[Any]:
        form = await request.form()
        try:
            typed = read_form(VersionForm, form, PUBLISH_LABELS)
            data = PublicationPatch(status=PatchStatus.withdrawn, version=typed.version)
            await services.patch_publication(current_actor(request), publication_id, data, public_changes.touch)
        except (FormProblem, DomainError) as exc:
            return await self._actions_again(request, publication_id, form, exc)
        return done(request, "/publishing?status=withdrawn")

    async def _actions_again(
        self, request: Request, publication_id: int, form: FormMultiDict, exc: Exception
    ) -> Template:
        problem = problem_of(exc, PUBLISH_LABELS)
        item = await services.get_publication(publication_id)
        result = await services.list_publications(FIRST_PAGE, services.PublicationFilters())
        context = page_context(request, page=result, p=item, form=form, channel="", status="", **_labels())
        return form_again(request, "publishing/queue.html", "publishing/partials/actions.html", context, problem)


WEB_ROUTES: list[ControllerRouterHandler] = [PublishingPages]
