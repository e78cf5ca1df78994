"""The one place that decides who may do what.

Two layers, used by every domain:
- role guards on routes (`admin_only`, `roles(...)`), checked before a handler runs;
- object checks called by services (`ensure_*`), which answer 404 rather than 403 whenever a
  "forbidden" answer would reveal that an object exists to someone who may not know it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from guong_dan_van.core.errors import Forbidden, NotAuthenticated, NotFound


class Role(StrEnum):
    admin = "admin"  # Ban tổ chức / Ban Dân vận
    unit = "unit"  # biên tập viên của đơn vị đề cử
    judge = "judge"  # giám khảo
    media = "media"  # Trung tâm Truyền thông


ROLE_LABELS = {
    Role.admin: "Ban tổ chức",
    Role.unit: "Đơn vị",
    Role.judge: "Giám khảo",
    Role.media: "Trung tâm Truyền thông",
}


@dataclass(frozen=True)
class Actor:
    """The authenticated caller, as every service sees it."""

    id: int
    username: str
    full_name: str
    role: Role
    unit_id: int | None
    session_id: int | None = None
    csrf_token: str | None = None
    via_cookie: bool = False
    address: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin


def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    actor = connection.scope.get("user")
    if not isinstance(actor, Actor):
        raise NotAuthenticated("Cần đăng nhập để dùng chức năng này.")
    return actor


# Guards are coroutines: Litestar would run plain functions in a worker thread, a costly hop per request.
async def logged_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    current_actor(connection)


def roles(*allowed: Role) -> Any:
    """A route guard admitting only the given roles."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        actor = current_actor(connection)
        if actor.role not in allowed:
            raise Forbidden("Vai trò của bạn không được dùng chức năng này.")

    return guard


admin_only = roles(Role.admin)


def ensure_found(condition: bool, what: str = "Đối tượng") -> None:
    """Answer 404 both for "does not exist" and for "exists but is not yours to know"."""
    if not condition:
        raise NotFound(f"{what} không tồn tại hoặc bạn không có quyền xem.")


def ensure_id(object_id: int, what: str = "Đối tượng") -> None:
    """Ids from a path outside the serial range cannot exist: 404 before any query."""
    from guong_dan_van.core.schemas import MAX_ID

    ensure_found(1 <= object_id <= MAX_ID, what)


def ensure_allowed(condition: bool, detail: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not condition:
        raise Forbidden(detail)


# --- object rules of the accounts domain -------------------------------------------------------


def can_view_user(actor: Actor, user_id: int) -> bool:
    return actor.is_admin or actor.id == user_id


def can_edit_own_unit_object(actor: Actor, owner_unit_id: int | None) -> bool:
    """Unit editors act for their own unit only; the committee acts for all."""
    return actor.is_admin or (actor.role is Role.unit and owner_unit_id is not None and owner_unit_id == actor.unit_id)


# --- object rules of the press contest ---------------------------------------------------------


def can_enter_works(actor: Actor) -> bool:
    """Unit editors and the media center enter works for their own unit; the committee for any."""
    return actor.is_admin or (actor.role in (Role.unit, Role.media) and actor.unit_id is not None)


def can_view_entry(actor: Actor, submitted_by_unit_id: int | None) -> bool:
    """The committee sees every entry; a unit (or the media center) only its own unit's entries."""
    if actor.is_admin:
        return True
    return (
        actor.role in (Role.unit, Role.media)
        and submitted_by_unit_id is not None
        and submitted_by_unit_id == actor.unit_id
    )


def can_edit_entry(actor: Actor, submitted_by_unit_id: int | None, status: str) -> bool:
    """A unit edits its entry while it is a draft; after submission only the committee does."""
    return actor.is_admin or (status == "draft" and can_view_entry(actor, submitted_by_unit_id))


# --- object rules of the model registry --------------------------------------------------------


def can_view_model(actor: Actor, owner_unit_id: int, status: str) -> bool:
    """Registration is public: everyone logged in sees submitted models; drafts stay with their unit."""
    return actor.is_admin or status != "draft" or (actor.unit_id is not None and owner_unit_id == actor.unit_id)


def can_edit_model(actor: Actor, owner_unit_id: int) -> bool:
    """A unit's editor changes its own unit's models (while the state allows); the committee any."""
    return can_edit_own_unit_object(actor, owner_unit_id)


def can_add_replication(actor: Actor, owner_unit_id: int, replicating_unit_id: int) -> bool:
    """Nhân rộng is reported by the model's unit, by the unit that adopted it, or by the committee."""
    return can_edit_model(actor, owner_unit_id) or (
        actor.role is Role.unit and actor.unit_id is not None and actor.unit_id == replicating_unit_id
    )
