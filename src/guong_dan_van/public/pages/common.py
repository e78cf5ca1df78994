"""What every public page does: render with the public layout, answer conditional requests, fail politely.

A public page is rendered to bytes once, memoised (`public.dependencies.PublicMemo`) with its ETag and
Last-Modified, and served with `Cache-Control: public, max-age=…`; a request whose validators match gets a
bodiless 304. Any failure on a public address is a Vietnamese page with the public navigation, never a
login redirect and never a 500 for something a visitor can type.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import DomainError
from guong_dan_van.public import rules
from guong_dan_van.public.dependencies import PublicMemo, site_url
from guong_dan_van.registry.schemas import FIELD_LABELS, KIND_LABELS, LEVEL_LABELS, STATUS_LABELS
from guong_dan_van.settings import Settings

log = logging.getLogger("guong_dan_van")

HOME = "/chuyen-trang"
LIBRARY = "/chuyen-trang/mo-hinh"
RESULTS = "/chuyen-trang/ket-qua"
STORIES = "/chuyen-trang/bai-viet"
ATOM_FEED = "/chuyen-trang/feed.atom"
RSS_FEED = "/chuyen-trang/feed.rss"
SITE_NAME = "Chuyên trang Dân vận khéo"
HTML = "text/html"  # Litestar adds the charset
NAV = [(HOME, "Trang chủ"), (LIBRARY, "Thư viện mô hình"), (RESULTS, "Kết quả cuộc thi")]


@dataclass(frozen=True)
class Rendered:
    """A rendered page."""

    body: bytes


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def render(request: Request[Any, Any, Any], template: str, **context: Any) -> bytes:
    """A public template to bytes, with what the layout needs: navigation, labels, absolute addresses."""
    site = site_url(request)
    path = context.pop("canonical_path", request.url.path)
    values = {
        "site_name": SITE_NAME,
        "nav": NAV,
        "here": request.url.path,
        "site": site,
        "canonical": site + path,
        "field_labels": FIELD_LABELS,
        "level_labels": LEVEL_LABELS,
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        **context,
    }
    engine = request.app.template_engine
    assert engine is not None
    return str(engine.get_template(template).render(**values)).encode()


def _validators(entry_etag: str, last_modified: dt.datetime, cache_control: str) -> dict[str, str]:
    return {
        "ETag": entry_etag,
        "Last-Modified": rules.http_date(last_modified),
        "Cache-Control": cache_control,
        "Vary": "Accept-Encoding",
    }


async def cached_page(
    request: Request[Any, Any, Any],
    key: str,
    build: Callable[[], Awaitable[Rendered | Response[Any]]],
    cache_control: str | None = None,
) -> Response[Any]:
    """The page under `key` from the memo, or built now; 304 when the client's copy is current.

    `build` may answer with a response of its own (a redirect), which is passed on and not memoised."""
    memo: PublicMemo = request.app.state.public_memo
    full_key = site_url(request) + key
    entry = memo.get(full_key)
    timing: dict[str, str] = {}
    if entry is None:
        started, cpu = time.perf_counter(), time.thread_time()
        page = await build()
        if isinstance(page, Response):
            return page
        etag = rules.etag_of(page.body)
        # Last-Modified moves only when the bytes do: the previous build's date when they are the same, else
        # now. Never older than a change, so an If-Modified-Since answer is never a wrong 304 (even when a
        # model leaves a list, which no remaining row's timestamp would show).
        previous = memo.previous(full_key)
        modified = previous.last_modified if previous is not None and previous.etag == etag else now()
        validators = _validators(
            etag, modified, cache_control or f"public, max-age={_settings(request).public_max_age}"
        )
        entry = memo.put(full_key, page.body, etag, modified, validators)
        # How long building took on the server (wall and CPU time), for the benchmark and the browser's tools.
        wall, spent = (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000
        timing = {"Server-Timing": f"render;dur={wall:.2f}, cpu;dur={spent:.2f}"}
    asked = _conditions(request)
    fresh = rules.not_modified(entry.etag, entry.last_modified, *asked)
    if timing:  # just built: an ordinary response, with its timing
        headers = entry.headers | timing
        if fresh:
            return Response(b"", status_code=304, headers=headers)
        return Response(entry.body, media_type=HTML, headers=headers)
    return Memoised(304 if fresh else 200, b"" if fresh else entry.body, entry.headers)


def _conditions(request: Request[Any, Any, Any]) -> tuple[str | None, str | None]:
    """If-None-Match and If-Modified-Since, read from the raw ASGI headers (no Headers object built)."""
    none_match = modified_since = None
    for name, value in request.scope["headers"]:
        if name == b"if-none-match":
            none_match = value.decode("latin-1")
        elif name == b"if-modified-since":
            modified_since = value.decode("latin-1")
    return none_match, modified_since


_ENCODED: dict[int, tuple[dict[str, str], list[tuple[bytes, bytes]]]] = {}


def _encoded(headers: dict[str, str] | None) -> list[tuple[bytes, bytes]]:
    """The route's own headers (the app's security headers), encoded once per route."""
    if not headers:
        return []
    kept = _ENCODED.get(id(headers))
    if kept is None or kept[0] is not headers:
        kept = (headers, [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()])
        _ENCODED[id(headers)] = kept
    return kept[1]


class Memoised(Response[bytes]):
    """A memoised page (or its 304) answered as the bytes and headers it was kept with: Litestar's merging
    and encoding of headers, most of what a 304 costs, is done once per page instead of once per request.
    The route's headers (the app's security headers) are added as Litestar would."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        super().__init__(body, status_code=status)
        self._status = status
        self._body = body
        self._headers = headers

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any], **kwargs: Any) -> Any:
        raw = [*_encoded(kwargs.get("headers")), *_encoded(self._headers)]
        if self._status == 200:
            raw += [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"%d" % len(self._body))]
        return _Answer({"type": "http.response.start", "status": self._status, "headers": raw}, self._body)


class _Answer:
    __slots__ = ("body", "start")

    def __init__(self, start: dict[str, Any], body: bytes) -> None:
        self.start = start
        self.body = body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send(self.start)
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


def public_error_response(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """A failure on a public address: the Vietnamese error page inside the public layout."""
    if isinstance(exc, DomainError):
        status, message = exc.status, exc.detail
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        message = "Không tìm thấy trang bạn cần." if status == 404 else "Địa chỉ này không dùng được."
    else:
        log.exception("public page error on %s", request.url.path)
        status, message = 500, "Đã có lỗi ngoài dự kiến. Vui lòng thử lại sau."
    body = render(
        request, "public/error.html", status=status, message=message, title=message, canonical_path=HOME, noindex=True
    )
    return Response(body, status_code=status, media_type=HTML, headers={"Cache-Control": "no-store"})
