"""How pages answer failures: a login redirect, an inline message for HTMX, or an error page."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.response import Redirect, Template

from guong_dan_van.core.errors import DomainError, NotAuthenticated
from guong_dan_van.web.pages import page_context

log = logging.getLogger("guong_dan_van")


def _status_and_message(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, DomainError):
        return exc.status, exc.detail
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            return 404, "Không tìm thấy trang bạn cần."
        return exc.status_code, "Yêu cầu không thực hiện được."
    return 500, "Đã có lỗi ngoài dự kiến. Dữ liệu không bị thay đổi; vui lòng thử lại."


def web_error_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | None:
    if isinstance(exc, NotAuthenticated | NotAuthorizedException):
        # The page asked for, with its query, is where the login lands.
        asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = "/login?next=" + quote(asked, safe="/")
        if request.headers.get("hx-request"):
            return Response("", status_code=200, headers={"HX-Redirect": target})
        return Redirect(target)
    status, message = _status_and_message(exc)
    if status >= 500:
        log.exception("page error on %s", request.url.path)
    if request.headers.get("hx-request"):
        # HTMX does not swap 4xx answers; show the message in the page's flash area instead.
        return Template(
            "partials/flash.html",
            context={"message": message, "kind": "error"},
            status_code=200,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    # The layout's context (the actor, when known), so an error page keeps the navigation and logout.
    return Template("error.html", context=page_context(request, status=status, message=message), status_code=status)
