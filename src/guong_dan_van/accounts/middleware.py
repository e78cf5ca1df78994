"""Resolves the caller from a bearer token or the session cookie; guards decide what they may do.

Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token` (the pages send it
with every HTMX request) or, for a form posted without JavaScript, in its hidden `_csrf` field.
Bearer-token calls need no CSRF token: a browser never adds that header on its own.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from guong_dan_van.accounts import services
from guong_dan_van.accounts.dependencies import CSRF_FIELD, SESSION_COOKIE, client_address
from guong_dan_van.core.errors import Forbidden

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Logging in does not act through the old session, so a stale cookie must not block it.
CSRF_EXEMPT = {"/login", "/api/auth/login"}


async def _form_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The token of a plain form post (the parsed form is kept for the handler)."""
    if not connection.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return ""
    form = await Request[Any, Any, Any](connection.scope, connection.receive).form()
    token = form.get(CSRF_FIELD, "")
    return token if isinstance(token, str) else ""


class AuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        address = client_address(connection)
        policy = connection.app.state.login_policy
        if header:
            scheme, _, token = header.partition(" ")
            actor = None
            if scheme.lower() == "bearer":
                actor = await services.actor_for_token(token.strip(), via_cookie=False, address=address, policy=policy)
            return AuthenticationResult(user=actor, auth=None)
        cookie = connection.cookies.get(SESSION_COOKIE)
        if not cookie:
            return AuthenticationResult(user=None, auth=None)
        actor = await services.actor_for_token(cookie, via_cookie=True, address=address, policy=policy)
        method = connection.scope.get("method", "GET")
        if actor is not None and method not in SAFE_METHODS and connection.url.path not in CSRF_EXEMPT:
            sent = connection.headers.get(CSRF_HEADER, "") or await _form_token(connection)
            if not (actor.csrf_token and hmac.compare_digest(sent.encode(), actor.csrf_token.encode())):
                raise Forbidden("Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.")
        return AuthenticationResult(user=actor, auth=None)
