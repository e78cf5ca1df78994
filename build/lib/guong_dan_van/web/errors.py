"""How pages answer failures: a login redirect, an inline message for HTMX, or an error page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.response import Redirect, Template

from guong_dan_van.core.errors import DomainError, NotAuthenticated


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
        target = "/login?next=" + quote(request.url.path, safe="/")
        if request.headers.get("hx-request"):
            return Response("", status_code=200, headers={"HX-Redirect": target})
        return Redirect(target)
    status, message = _status_and_message(exc)
    if status >= 500:
        import logging

        logging.getLogger("guong_dan_van").exception("page error on %s", request.url.path)
    if request.headers.get("hx-request"):
        # HTMX does not swap 4xx answers; show the message in the page's flash area instead.
        return Template(
            "partials/flash.html",
            context={"message": message, "kind": "error"},
            status_code=200,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return Template("error.html", context={"status": status, "message": message, "actor": None}, status_code=status)
