"""Accounts: logging in and out, resolving a token to an actor, managing users."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import msgspec
from msgspec import UNSET
from piccolo.columns.combination import Combinable

from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import LoginIn, LoginOut, UserCreate, UserOut, UserPatch
from guong_dan_van.accounts.tables import AuthSession, LoginAttempt, User, UserRow, UserWithPassword
from guong_dan_van.core import audit
from guong_dan_van.core.cards import Card
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import FieldError, NotAuthenticated, RuleViolation, TooManyRequests
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor, Role, can_view_user, ensure_allowed, ensure_found, ensure_id
from guong_dan_van.core.repository import insert_audited, list_page, typed, update_versioned
from guong_dan_van.core.schemas import Page
from guong_dan_van.core.text import clean_line, contains_pattern, fold_vietnamese
from guong_dan_van.db import Param, Prepared
from guong_dan_van.units.tables import Unit


@dataclass(frozen=True)
class LoginPolicy:
    """Sessions and login throttling, from the settings (`create_app` makes one per app)."""

    session_hours: int = 12
    window_minutes: int = 15
    max_failures_per_user: int = 10
    max_failures_per_address: int = 50


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def user_out(user: UserRow) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        unit_id=user.unit,
        active=user.active,
        version=user.version,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


# The columns of `UserRow`; `UserWithPassword` adds User.password_hash.
_USER_COLUMNS = (
    User.id,
    User.username,
    User.full_name,
    User.role,
    User.unit,
    User.active,
    User.version,
    User.created_at,
    User.last_login_at,
)


# --- login, logout, tokens ---------------------------------------------------------------------


async def _throttled(policy: LoginPolicy, username: str, address: str) -> bool:
    since = now() - dt.timedelta(minutes=policy.window_minutes)
    by_user = await LoginAttempt.count().where((LoginAttempt.username == username) & (LoginAttempt.at > since)).run()
    if by_user >= policy.max_failures_per_user:
        return True
    by_address = await LoginAttempt.count().where((LoginAttempt.address == address) & (LoginAttempt.at > since)).run()
    return by_address >= policy.max_failures_per_address


async def login(data: LoginIn, address: str, *, policy: LoginPolicy, hasher: Hasher) -> LoginOut:
    username = data.username.strip().lower()
    if await _throttled(policy, username, address):
        raise TooManyRequests(
            f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {policy.window_minutes} phút.",
            retry_after=policy.window_minutes * 60,
        )
    row = await User.select(*_USER_COLUMNS, User.password_hash).where(User.username == username).first().run()
    user = None if row is None else typed(row, UserWithPassword)
    ok = await hasher.verify(user.password_hash if user else None, data.password)
    if not ok or user is None or not user.active:
        await LoginAttempt.insert(LoginAttempt(username=username[:200], address=address[:64], at=now())).run()
        raise NotAuthenticated("Tên đăng nhập hoặc mật khẩu không đúng.")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    stamp = now()
    expires = stamp + dt.timedelta(hours=policy.session_hours)
    async with User._meta.db.transaction():
        session_rows = (
            await AuthSession.insert(
                AuthSession(
                    token_hash=token_digest(token),
                    user=user.id,
                    csrf_token=csrf,
                    created_at=stamp,
                    expires_at=expires,
                    address=address[:64],
                )
            )
            .returning(AuthSession.id)
            .run()
        )
        values: dict[Any, Any] = {User.last_login_at: stamp}
        if hasher.needs_rehash(user.password_hash):
            values[User.password_hash] = await hasher.hash(data.password)
        await User.update(values).where(User.id == user.id).run()
        actor = Actor(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=user.role,
            unit_id=user.unit,
            session_id=session_rows[0]["id"],
            address=address,
        )
        await audit.record(actor, "auth.login", "user", user.id)
    user = msgspec.structs.replace(user, last_login_at=stamp)
    return LoginOut(token=token, user=user_out(user), expires_at=expires, csrf_token=csrf)


async def logout(actor: Actor) -> None:
    if actor.session_id is None:
        return
    async with User._meta.db.transaction():
        await AuthSession.update({AuthSession.revoked_at: now()}).where(AuthSession.id == actor.session_id).run()
        await audit.record(actor, "auth.logout", "user", actor.id)


# Every authenticated request runs this; it is compiled once (see db.Prepared).
_SESSION_LOOKUP = Prepared(
    lambda: (
        AuthSession.select(
            AuthSession.id,
            AuthSession.csrf_token,
            AuthSession.expires_at,
            AuthSession.user.id.as_alias("user_id"),
            AuthSession.user.username.as_alias("username"),
            AuthSession.user.full_name.as_alias("full_name"),
            AuthSession.user.role.as_alias("role"),
            AuthSession.user.unit.as_alias("unit_id"),
        )
        .where(
            (AuthSession.token_hash == Param("token_hash"))
            & AuthSession.revoked_at.is_null()
            & (AuthSession.expires_at > Param("now"))
            & (AuthSession.user.active == True)  # noqa: E712  (Piccolo builds SQL from ==)
        )
        .first()
    )
)


async def actor_for_token(token: str, *, via_cookie: bool, address: str | None, policy: LoginPolicy) -> Actor | None:
    """Resolve a bearer token or session cookie to the caller; None when unknown, expired or revoked."""
    if not token or len(token) > 200:
        return None
    stamp = now()
    row = await _SESSION_LOOKUP.first(AuthSession, token_hash=token_digest(token), now=stamp)
    if row is None:
        return None
    # Sliding expiry, written at most once per half session rather than on every request.
    if row["expires_at"] - stamp < dt.timedelta(hours=policy.session_hours / 2):
        await (
            AuthSession.update({AuthSession.expires_at: stamp + dt.timedelta(hours=policy.session_hours)})
            .where(AuthSession.id == row["id"])
            .run()
        )
    return Actor(
        id=row["user_id"],
        username=row["username"],
        full_name=row["full_name"],
        role=Role(row["role"]),
        unit_id=row["unit_id"],
        session_id=row["id"],
        csrf_token=row["csrf_token"],
        via_cookie=via_cookie,
        address=address,
    )


# --- users -------------------------------------------------------------------------------------


async def _check_unit(role: Role, unit_id: int | None) -> None:
    errors: list[FieldError] = []
    if unit_id is not None and not await Unit.exists().where(Unit.id == unit_id).run():
        errors.append(FieldError("Đơn vị không tồn tại.", field="unit_id"))
    if role is Role.unit and unit_id is None:
        errors.append(FieldError("Tài khoản đơn vị phải thuộc một đơn vị.", field="unit_id"))
    if errors:
        raise RuleViolation("Thông tin tài khoản chưa hợp lệ.", errors)


async def create_user(actor: Actor | None, data: UserCreate, *, hasher: Hasher) -> UserOut:
    username = data.username.lower()
    full_name = clean_line(data.full_name)
    password_hash = await hasher.hash(data.password)
    async with User._meta.db.transaction():
        await _check_unit(data.role, data.unit_id)
        if await User.exists().where(User.username == username).run():
            raise RuleViolation(
                "Tên đăng nhập đã có người dùng.",
                [FieldError(f"Tên đăng nhập {username!r} đã được dùng.", field="username")],
            )
        user = await insert_audited(
            User,
            UserRow,
            {
                "username": username,
                "full_name": full_name,
                "full_name_folded": fold_vietnamese(full_name),
                "role": data.role.value,
                "unit": data.unit_id,
                "active": True,
                "password_hash": password_hash,
            },
            actor=actor,
            action="user.create",
            changes={"username": username, "role": data.role.value, "unit_id": data.unit_id},
        )
    return user_out(user)


async def _get_user_row(user_id: int) -> UserWithPassword:
    ensure_id(user_id, "Tài khoản")
    row = await User.select(*_USER_COLUMNS, User.password_hash).where(User.id == user_id).first().run()
    ensure_found(row is not None, "Tài khoản")
    assert row is not None
    return typed(row, UserWithPassword)


async def get_user(actor: Actor, user_id: int) -> UserOut:
    ensure_found(can_view_user(actor, user_id), "Tài khoản")
    return user_out(await _get_user_row(user_id))


async def list_users(
    page: PageParams, role: Role | None = None, unit_id: int | None = None, q: str | None = None
) -> Page[UserOut]:
    conditions: list[Combinable] = []
    if role is not None:
        conditions.append(User.role == role.value)
    if unit_id is not None:
        conditions.append(User.unit == unit_id)
    if q:
        pattern = contains_pattern(q)
        conditions.append(User.full_name_folded.like(pattern) | User.username.like(pattern))
    users = await list_page(User, UserRow, page, conditions, columns=_USER_COLUMNS)
    return users.map(user_out)


async def patch_user(actor: Actor, user_id: int, data: UserPatch, *, hasher: Hasher) -> UserOut:
    ensure_found(can_view_user(actor, user_id), "Tài khoản")
    self_service = not actor.is_admin
    if self_service:
        ensure_allowed(
            data.role is UNSET and data.unit_id is UNSET and data.active is UNSET,
            "Chỉ Ban tổ chức được đổi vai trò, đơn vị hay trạng thái của tài khoản.",
        )
    before = await _get_user_row(user_id)
    changes: dict[str, Any] = {}
    if data.full_name is not UNSET:
        changes["full_name"] = clean_line(data.full_name)
        changes["full_name_folded"] = fold_vietnamese(changes["full_name"])
    if data.role is not UNSET:
        changes["role"] = data.role.value
    if data.unit_id is not UNSET:
        changes["unit"] = data.unit_id
    if data.active is not UNSET:
        changes["active"] = data.active
    if data.password is not UNSET:
        if self_service:
            current = data.current_password if data.current_password is not UNSET else ""
            if not await hasher.verify(before.password_hash, current):
                raise RuleViolation(
                    "Mật khẩu hiện tại không đúng.",
                    [FieldError("Mật khẩu hiện tại không đúng.", field="current_password")],
                )
        changes["password_hash"] = await hasher.hash(data.password)
    if user_id == actor.id and changes.get("active") is False:
        raise RuleViolation(
            "Không thể tự khóa tài khoản của chính mình.",
            [FieldError("Hãy nhờ một quản trị viên khác.", field="active")],
        )
    if user_id == actor.id and "role" in changes and changes["role"] != Role.admin.value:
        raise RuleViolation(
            "Không thể tự bỏ quyền Ban tổ chức của chính mình.",
            [FieldError("Hãy nhờ quản trị viên khác.", field="role")],
        )
    async with User._meta.db.transaction():
        role = Role(changes.get("role", before.role))
        await _check_unit(role, changes.get("unit", before.unit))
        user = await update_versioned(User, UserRow, user_id, data.version, changes)
        # A reset password or a locked account ends every open session of that user.
        if "password_hash" in changes or changes.get("active") is False:
            await (
                AuthSession.update({AuthSession.revoked_at: now()})
                .where((AuthSession.user == user_id) & AuthSession.revoked_at.is_null())
                .run()
            )
        logged = {k: v for k, v in changes.items() if k not in {"password_hash", "full_name_folded"}}
        if "password_hash" in changes:
            logged["password"] = "changed"  # noqa: S105  (a marker, not a secret)
        await audit.record(actor, "user.update", "user", user_id, audit.diff(before, logged))
    return user_out(user)


async def dashboard_cards(actor: Actor) -> list[Card]:
    if not actor.is_admin:
        return []
    return [
        Card("Tài khoản", await User.count().run(), "/users"),
        Card("Giám khảo", await User.count().where(User.role == Role.judge.value).run(), f"/users?role={Role.judge}"),
    ]
