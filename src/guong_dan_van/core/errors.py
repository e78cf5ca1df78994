"""One error type per failure kind, and the one place that turns errors into problem documents (RFC 9457).

Services raise these; they know nothing of HTTP beyond the status each kind maps to. Messages are
Vietnamese because they reach users; `type` slugs and field names stay English for clients.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.exceptions import (
    NotFoundException as LitestarNotFound,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

log = logging.getLogger("guong_dan_van")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://guongdanvan.vn/problems/"


@dataclass
class FieldError:
    message: str
    field: str | None = None
    rule: str | None = None

    def as_dict(self) -> dict[str, str]:
        out: dict[str, str] = {"message": self.message}
        if self.field is not None:
            out["field"] = self.field
        if self.rule is not None:
            out["rule"] = self.rule
        return out


class DomainError(Exception):
    status: int = 400
    type_slug: str = "bad-request"
    title: str = "Yêu cầu không hợp lệ"

    def __init__(self, detail: str | None = None, errors: list[FieldError] | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
        self.extra = extra


class BadRequest(DomainError):
    status, type_slug, title = 400, "bad-request", "Yêu cầu không hợp lệ"


class NotAuthenticated(DomainError):
    status, type_slug, title = 401, "not-authenticated", "Chưa đăng nhập"


class Forbidden(DomainError):
    status, type_slug, title = 403, "forbidden", "Không có quyền thực hiện"


class NotFound(DomainError):
    status, type_slug, title = 404, "not-found", "Không tìm thấy"


class Conflict(DomainError):
    status, type_slug, title = 409, "conflict", "Xung đột trạng thái"


class StaleVersion(Conflict):
    type_slug, title = "stale-version", "Dữ liệu đã được người khác sửa"


class TooLarge(DomainError):
    status, type_slug, title = 413, "too-large", "Dữ liệu quá lớn"


class UnsupportedType(DomainError):
    status, type_slug, title = 415, "unsupported-media-type", "Định dạng không được hỗ trợ"


class RuleViolation(DomainError):
    status, type_slug, title = 422, "rule-violation", "Dữ liệu vi phạm quy định"


class TooManyRequests(DomainError):
    status, type_slug, title = 429, "too-many-requests", "Quá nhiều yêu cầu"


class ServiceUnavailable(DomainError):
    status, type_slug, title = 503, "service-unavailable", "Dịch vụ tạm thời không dùng được"


def problem(
    status: int,
    type_slug: str,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"type": TYPE_BASE + type_slug, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_STATUS_TEXT = {
    400: ("bad-request", "Yêu cầu không hợp lệ"),
    401: ("not-authenticated", "Chưa đăng nhập"),
    403: ("forbidden", "Không có quyền thực hiện"),
    404: ("not-found", "Không tìm thấy"),
    405: ("method-not-allowed", "Phương thức không được hỗ trợ"),
    409: ("conflict", "Xung đột trạng thái"),
    413: ("too-large", "Dữ liệu quá lớn"),
    415: ("unsupported-media-type", "Định dạng không được hỗ trợ"),
    422: ("rule-violation", "Dữ liệu vi phạm quy định"),
    429: ("too-many-requests", "Quá nhiều yêu cầu"),
}


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict):
            field = item.get("key") or item.get("field")
            message = str(item.get("message", "giá trị không hợp lệ"))
            if "unknown field `" in message:
                field = message.split("unknown field `", 1)[1].split("`", 1)[0]
            entry = {"message": message}
            if field:
                entry["field"] = str(field)
            out.append(entry)
    return out


def _litestar_detail(exc: HTTPException) -> str:
    detail = exc.detail or ""
    if exc.status_code == 404:
        return "Không tìm thấy tài nguyên được yêu cầu."
    if exc.status_code == 405:
        return "Phương thức này không dùng được cho địa chỉ này."
    if exc.status_code == 413:
        return "Nội dung gửi lên vượt quá giới hạn cho phép."
    if isinstance(exc, ValidationException):
        if "malformed" in detail.lower() or "decode" in detail.lower():
            return "Nội dung gửi lên không phải JSON hợp lệ."
        return "Nội dung gửi lên không đúng định dạng (xem danh sách lỗi)."
    return detail


def is_api_request(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/health" or "application/json" in request.headers.get("accept", "")


# Pages answer failures with pages: `create_app` passes the web shell's renderer.
PageErrors = Callable[[Request[Any, Any, Any], Exception], "Response[Any] | None"]


def exception_handler(
    page_errors: PageErrors | None = None,
) -> Callable[[Request[Any, Any, Any], Exception], Response[Any]]:
    """The single exception handler of the app: API failures become problem documents, page failures pages."""

    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        if page_errors is not None and not is_api_request(request):
            page = page_errors(request, exc)
            if page is not None:
                return page
        return exception_to_response(request, exc)

    return handle


def exception_to_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Any failure as a problem document (RFC 9457)."""
    if isinstance(exc, DomainError):
        headers = {"Retry-After": str(exc.extra.pop("retry_after"))} if "retry_after" in exc.extra else None
        return problem(
            exc.status,
            exc.type_slug,
            exc.title,
            exc.detail,
            [e.as_dict() for e in exc.errors],
            headers=headers,
            **exc.extra,
        )
    if isinstance(exc, NotAuthorizedException):
        return problem(401, "not-authenticated", "Chưa đăng nhập", "Cần đăng nhập để dùng chức năng này.")
    if isinstance(exc, PermissionDeniedException):
        return problem(403, "forbidden", "Không có quyền thực hiện", exc.detail or "Không có quyền thực hiện.")
    if isinstance(exc, LitestarNotFound):
        return problem(404, "not-found", "Không tìm thấy", "Không tìm thấy tài nguyên được yêu cầu.")
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status >= 500:
            log.error("HTTP %s on %s: %s", status, request.url.path, exc.detail)
        slug, title = _STATUS_TEXT.get(status, ("error", "Lỗi"))
        errors = _validation_errors(exc) if isinstance(exc, ValidationException) else None
        return problem(status, slug, title, _litestar_detail(exc), errors)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal-error",
        "Lỗi hệ thống",
        "Đã có lỗi ngoài dự kiến; dữ liệu không bị thay đổi. Vui lòng thử lại hoặc báo quản trị viên.",
    )
