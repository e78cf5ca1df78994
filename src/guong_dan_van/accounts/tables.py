from __future__ import annotations

import datetime as dt

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from guong_dan_van.core.permissions import Role
from guong_dan_van.core.repository import Row
from guong_dan_van.units.tables import Unit


class User(Table, tablename="app_user"):
    id: Serial
    username = Varchar(length=60, unique=True)
    full_name = Varchar(length=200)
    full_name_folded = Varchar(length=200, index=True)
    role = Varchar(length=10, index=True)
    unit = ForeignKey(Unit, null=True, on_delete=OnDelete.restrict, index=True)
    active = Boolean(default=True)
    password_hash = Varchar(length=200, secret=True)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class UserRow(Row):
    """An `app_user` row as the services read it: everything shown about an account, never its password."""

    id: int
    username: str
    full_name: str
    role: Role
    unit: int | None
    active: bool
    version: int
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class UserWithPassword(UserRow):
    """The row with its password hash: only for checking a password (logging in, changing it)."""

    password_hash: str


class AuthSession(Table, tablename="auth_session"):
    """A login: the token itself is never stored, only its SHA-256."""

    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    address = Varchar(length=64, null=True)


class LoginAttempt(Table, tablename="login_attempt"):
    """Failed logins, counted per username and per address to throttle guessing."""

    id: Serial
    username = Varchar(length=200, index=True)
    address = Varchar(length=64, index=True)
    at = Timestamptz(index=True)
