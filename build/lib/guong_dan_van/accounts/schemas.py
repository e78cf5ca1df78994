from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from guong_dan_van.core.permissions import Role
from guong_dan_van.core.schemas import Id, Input, Name, Output, Version

Username = Annotated[str, msgspec.Meta(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9._\-]+$")]
# Long passphrases are welcome; the cap only stops hashing megabytes.
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=256)]
LoginPassword = Annotated[str, msgspec.Meta(max_length=256)]
LoginName = Annotated[str, msgspec.Meta(max_length=200)]


class LoginIn(Input):
    username: LoginName
    password: LoginPassword


class UserOut(Output):
    id: int
    username: str
    full_name: str
    role: Role
    unit_id: int | None
    active: bool = True
    version: int = 1
    created_at: dt.datetime | None = None
    last_login_at: dt.datetime | None = None


class LoginOut(Output):
    token: str
    user: UserOut
    expires_at: dt.datetime
    csrf_token: str


class UserCreate(Input):
    username: Username
    password: Password
    full_name: Name
    role: Role
    unit_id: Id | None = None


class UserPatch(Input):
    """Admins change anything; a user may change their own name and password."""

    version: Version
    full_name: Name | UnsetType = UNSET
    role: Role | UnsetType = UNSET
    unit_id: Id | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET
    password: Password | UnsetType = UNSET
    current_password: LoginPassword | UnsetType = UNSET
