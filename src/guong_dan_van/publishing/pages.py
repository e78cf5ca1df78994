"""The media center's pages: stories to publish (each with its "Đưa vào hàng chờ" form), the same form for
one story chosen elsewhere (/publishing/new?item_type=&item_id=, linked from search results), and the queue
(filters by channel and status; mark published with its link; withdraw; download the story kit)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK
from litestar.types import ControllerRouterHandler

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.errors import BadRequest, DomainError
from guong_dan_van.core.pagination import FilterText, PageParams, Paging, filter_choice, filter_number
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
    ItemType,
    PatchStatus,
    PublicationCreate,
    PublicationOut,
    PublicationPatch,
    PublicationStatus,
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
NEW_FORM_ID = "queue-form-new"  # the form of /publishing/new (the stories page numbers its own)


@dataclass(frozen=True)
class ChosenStory:
    """The story the form at /publishing/new queues."""

    item_type: ItemType
    item_id: int
    title: str


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


async def _chosen(item_type: str | None, item_id: str | None, awarded: services.AwardedEntryIds) -> ChosenStory:
    """The story named by the query or the form, when it may be published; a `DomainError` in Vietnamese
    otherwise (400 unreadable or missing, 404 unknown, 422 not worth a story yet)."""
    kind = filter_choice(item_type, ItemType, "item_type", QUEUE_LABELS["item_type"])
    number = filter_number(item_id, "item_id", "Mã tin bài")
    if kind is None or number is None:
        raise BadRequest("Chưa chọn tin bài: hãy mở trang này từ kết quả tìm kiếm hoặc từ danh sách tin bài cần đăng.")
    title = await services.ensure_publishable(kind, number, awarded)
    return ChosenStory(kind, number, title)


async def _new_context(request: Request, story: ChosenStory | None, **extra: Any) -> dict[str, Any]:
    live: list[PublicationOut] = []
    if story is not None:
        filters = services.PublicationFilters(item_type=story.item_type, item_id=story.item_id)
        found = await services.list_publications(FIRST_PAGE, filters)
        # Oldest first, as the stories page lists where a story already is.
        live = sorted((p for p in found.items if p.status is not PublicationStatus.withdrawn), key=lambda p: p.id)
    return page_context(
        request, story=story, live=live, form_id=NEW_FORM_ID, queue_action="/publishing/new", **extra, **_labels()
    )


async def _just_queued(queued: str | None) -> PublicationOut | None:
    """The publication a form just created, for the queue's notice; nothing for an unknown id."""
    number = filter_number(queued, "queued", "Mã tin bài vừa đưa vào hàng chờ")
    if number is None:
        return None
    try:
        return await services.get_publication(number)
    except DomainError:
        return None


def _queued_target(created: PublicationOut) -> str:
    """The queue on the story's channel, with the notice of what was just queued."""
    return f"/publishing?channel={created.channel.value}&queued={created.id}"


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
        return done(request, _queued_target(created))

    @get("/new")
    async def new(
        self, request: Request, awarded_entry_ids: Awards, item_type: FilterText = None, item_id: FilterText = None
    ) -> Template:
        try:
            story = await _chosen(item_type, item_id, awarded_entry_ids)
        except DomainError as exc:
            # Not a form fault: the page says why this story cannot be queued, and where to find one that can.
            context = await _new_context(request, None, refusal=exc.detail)
            return Template("publishing/new.html", context=context, status_code=exc.status)
        return Template("publishing/new.html", context=await _new_context(request, story))

    @post("/new", status_code=HTTP_200_OK)
    async def create(self, request: Request, awarded_entry_ids: Awards, public_changes: PublicChanges) -> Response[Any]:
        form = await request.form()
        try:
            data = read_form(PublicationCreate, form, QUEUE_LABELS, values=_queue_values(form))
            created = await services.create_publication(
                current_actor(request), data, awarded_entry_ids, public_changes.touch
            )
        except (FormProblem, DomainError) as exc:
            story: ChosenStory | None = None
            refusal = None
            try:
                story = await _chosen(form.get("item_type"), form.get("item_id"), awarded_entry_ids)
            except DomainError as unchosen:
                refusal = unchosen.detail
            context = await _new_context(request, story, form=form, refusal=refusal)
            problem = problem_of(exc, QUEUE_LABELS)
            return form_again(request, "publishing/new.html", "publishing/partials/queue_form.html", context, problem)
        return done(request, _queued_target(created))

    @get("/")
    async def queue_list(
        self, request: Request, page: Paging, queue_filters: QueueFilters, queued: FilterText = None
    ) -> Template:
        result = await services.list_publications(page, queue_filters)
        context = page_context(
            request,
            page=result,
            channel=queue_filters.channel or "",
            status=queue_filters.status or "",
            queued=await _just_queued(queued),
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
