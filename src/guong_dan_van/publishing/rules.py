"""The pure rules of publishing: which changes of state are allowed, the embargo, the schedule, and what is public.

States: queued → scheduled → published → withdrawn (queued may go straight to published or withdrawn,
and a scheduled story may be rescheduled). Withdrawn is final: to publish a withdrawn story again, queue it
anew — the one-live-publication-per-channel rule ignores withdrawn ones, so nothing stands in the way and
the withdrawn record keeps its history.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.permissions import Role
from guong_dan_van.publishing.schemas import STATUS_LABELS, Channel, PublicationStatus

# The media center publishes; the committee may too. Units and judges do not.
PUBLISHERS = (Role.media, Role.admin)

ALLOWED: dict[PublicationStatus, frozenset[PublicationStatus]] = {
    PublicationStatus.queued: frozenset(
        {PublicationStatus.scheduled, PublicationStatus.published, PublicationStatus.withdrawn}
    ),
    PublicationStatus.scheduled: frozenset(
        {PublicationStatus.scheduled, PublicationStatus.published, PublicationStatus.withdrawn}
    ),
    PublicationStatus.published: frozenset({PublicationStatus.withdrawn}),
    PublicationStatus.withdrawn: frozenset(),
}


class PublicationLike(Protocol):
    @property
    def channel(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def scheduled_for(self) -> dt.datetime | None: ...
    @property
    def embargo_until(self) -> dt.datetime | None: ...


FIRST_YEAR, LAST_YEAR = 2000, 2100


def moment_problem(moment: dt.datetime | None, label: str) -> str | None:
    """A moment must fall in this project's time (years 2000–2100): far dates are typing mistakes, and
    the extremes of the calendar cannot even be turned into UTC."""
    if moment is not None and not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return f"{label} phải trong khoảng năm {FIRST_YEAR}–{LAST_YEAR}."
    return None


def vn_time(moment: dt.datetime) -> str:
    """A moment as people here read it: 08:00 15/10/2026 (giờ Việt Nam)."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def transition_problem(current: str, target: str) -> str | None:
    """Why `current` cannot become `target`, in Vietnamese; None when it can."""
    now_status, then_status = PublicationStatus(current), PublicationStatus(target)
    if then_status in ALLOWED[now_status]:
        return None
    if now_status is PublicationStatus.withdrawn:
        return "Tin bài đã gỡ không thể đổi trạng thái nữa; hãy đưa lại vào hàng chờ nếu muốn đăng lại."
    return f"Không thể chuyển từ “{STATUS_LABELS[now_status]}” sang “{STATUS_LABELS[then_status]}”."


def embargo_problem(embargo_until: dt.datetime | None, now: dt.datetime) -> str | None:
    """Publishing before the embargo (e.g. before the ceremony on 15/10) is refused."""
    if embargo_until is not None and now < embargo_until:
        return f"Tin bài đang bị cấm đăng đến {vn_time(embargo_until)}; chưa được đăng trước thời điểm này."
    return None


def schedule_problem(
    scheduled_for: dt.datetime | None, embargo_until: dt.datetime | None, now: dt.datetime
) -> str | None:
    """A schedule must lie in the future and not before the embargo."""
    if scheduled_for is None:
        return None
    if scheduled_for <= now:
        return "Thời điểm lên lịch đăng phải ở tương lai."
    if embargo_until is not None and scheduled_for < embargo_until:
        return f"Thời điểm lên lịch đăng không được trước hạn cấm đăng ({vn_time(embargo_until)})."
    return None


def public_since(publication: PublicationLike, published_at: dt.datetime | None) -> dt.datetime | None:
    """When the story became (or becomes) public on the website: its publication, its schedule, and never
    before its embargo."""
    start = published_at if publication.status == PublicationStatus.published else publication.scheduled_for
    if start is None:
        return None
    if publication.embargo_until is not None and publication.embargo_until > start:
        return publication.embargo_until
    return start


def is_public(publication: PublicationLike, now: dt.datetime) -> bool:
    """On the public site now: the website channel; published, or scheduled and its time has come;
    never before its embargo; never once withdrawn."""
    if publication.channel != Channel.website:
        return False
    if publication.embargo_until is not None and now < publication.embargo_until:
        return False
    if publication.status == PublicationStatus.published:
        return True
    if publication.status == PublicationStatus.scheduled:
        return publication.scheduled_for is not None and publication.scheduled_for <= now
    return False
