"""What the public pages share: the in-process memo of rendered pages, and the site's own address.

Public pages are the same for everyone, so a page rendered once is served again, byte for byte, for a few
seconds (`Settings.public_memo_seconds`); its ETag and Last-Modified come with it, so a conditional request
costs a dictionary lookup. The memo never keeps a page longer than `Cache-Control` already lets any proxy
keep it, so it adds no staleness the headers do not announce. It also keeps small facts pages are built on
(a publication's row) for the same few seconds. Everything is forgotten at once when publishing's change
stamp moves (core/stamps.py): a withdrawn story is gone from every worker at its next request.
`create_app` makes one per app.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from litestar import Request

from guong_dan_van.core.stamps import ChangeStamp, Reading
from guong_dan_van.settings import Settings

# Bounded: the library's filter combinations are many; the oldest pages go first.
MEMO_ENTRIES = 2000


@dataclass(frozen=True)
class MemoEntry:
    body: bytes
    etag: str
    last_modified: dt.datetime
    expires: float
    # The validator and cache headers, formatted once (a 304 answer is these and nothing else).
    headers: dict[str, str] = field(default_factory=dict)


class PublicMemo:
    """Rendered public pages by key, each for `seconds` (0 turns the memo off), until `stamp` moves."""

    def __init__(self, seconds: int, max_entries: int = MEMO_ENTRIES, stamp: ChangeStamp | None = None) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self.stamp = stamp
        self._seen: Reading = stamp.read() if stamp is not None else (0, 0)
        self._entries: OrderedDict[str, MemoEntry] = OrderedDict()
        self._facts: dict[str, tuple[float, Any]] = {}

    def _follow_stamp(self) -> None:
        if self.stamp is None:
            return
        reading = self.stamp.read()
        if reading != self._seen:
            self._seen = reading
            self.clear()

    def fact(self, key: str) -> tuple[bool, Any]:
        """(True, value) when `key` was kept less than `seconds` ago and nothing changed since, else (False, None)."""
        self._follow_stamp()
        kept = self._facts.get(key)
        if kept is None or kept[0] <= time.monotonic():
            return False, None
        return True, kept[1]

    def keep(self, key: str, value: Any) -> None:
        if len(self._facts) >= self.max_entries:
            self._facts.clear()
        self._facts[key] = (time.monotonic() + self.seconds, value)

    def get(self, key: str) -> MemoEntry | None:
        """The page if it is still fresh."""
        self._follow_stamp()
        entry = self._entries.get(key)
        if entry is None or entry.expires <= time.monotonic():
            return None
        return entry

    def previous(self, key: str) -> MemoEntry | None:
        """The page last built under `key`, fresh or not (its bytes decide whether Last-Modified moves)."""
        return self._entries.get(key)

    def put(
        self, key: str, body: bytes, etag: str, last_modified: dt.datetime, headers: dict[str, str] | None = None
    ) -> MemoEntry:
        entry = MemoEntry(body, etag, last_modified, time.monotonic() + self.seconds, headers or {})
        # Kept even when the memo is off (already stale then): `previous` still compares bytes.
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()
        self._facts.clear()


def site_url(request: Request[Any, Any, Any]) -> str:
    """The chuyên trang's origin for absolute links: the configured one, else this request's."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url
    # Read from the raw ASGI headers: this runs on every public request, even a 304, and building
    # `request.headers` costs more than the rest of a 304 answer.
    host = next((value for name, value in request.scope["headers"] if name == b"host"), b"").decode("latin-1")
    return f"{request.scope['scheme']}://{host or 'localhost'}"
