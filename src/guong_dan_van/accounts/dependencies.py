"""What the accounts' API and pages share: the session cookie and the caller's address."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie

SESSION_COOKIE = "gdv_session"
# The hidden field carrying the CSRF token in a form posted without JavaScript.
CSRF_FIELD = "_csrf"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    client = connection.client
    return client.host if client else "unknown"


def session_cookie(request: Request[Any, Any, Any], token: str, max_age: int | None) -> Cookie:
    settings = request.app.state.settings
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
        max_age=max_age,
    )
