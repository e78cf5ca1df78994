"""What the chuyên trang may show, and how its addresses read (pure logic, no I/O).

Visibility: a model is public once the committee has recognised it (công nhận) in some year, as long as
its current state is a recognition or a pending re-appraisal of a model recognised before. A draft, a
model merely submitted for the first time, one returned for changes (its unit is editing it), rejected
or discontinued in its latest year is not public. Only the recognised years are ever shown.

Addresses: `{folded title, kebab-case}-{id}`. The id makes every address unique and stable; the words are
for people and search engines, so when a title changes the old words redirect (301) to the new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from email.utils import format_datetime, parsedate_to_datetime

from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.registry.rules import EXEMPLARY, RECOGNIZED
from guong_dan_van.registry.schemas import ModelStatus, YearStatus

RECOGNIZED_STATUSES = frozenset(ModelStatus(s.value) for s in RECOGNIZED)
EXEMPLARY_STATUSES = frozenset(ModelStatus(s.value) for s in EXEMPLARY)
# Words kept from a title in its address: enough to read, short enough to share.
SLUG_MAX_CHARS = 80
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_ADDRESS = re.compile(r"^(?:([a-z0-9]+(?:-[a-z0-9]+)*)-)?([1-9][0-9]{0,9})$")
MAX_ID = 2**31 - 1


def is_public(status: ModelStatus, year_statuses: Iterable[YearStatus]) -> bool:
    """The visibility rule above, from the model's status and the statuses of all its years."""
    if status in RECOGNIZED_STATUSES:
        return True
    return status is ModelStatus.submitted and any(y in RECOGNIZED for y in year_statuses)


def recognised_years(years: Iterable[tuple[int, YearStatus]]) -> list[tuple[int, YearStatus]]:
    """Only the years the committee recognised, oldest first (the others are internal)."""
    return sorted((year, status) for year, status in years if status in RECOGNIZED)


def slug_words(title: str) -> str:
    """ "Thắp sáng đường quê!" → "thap-sang-duong-que" (folded, đ→d, kebab-case, at most 80 characters)."""
    words = _NOT_WORD.sub("-", fold_vietnamese(title)).strip("-")
    if len(words) > SLUG_MAX_CHARS:
        words = words[:SLUG_MAX_CHARS].rsplit("-", 1)[0] or words[:SLUG_MAX_CHARS]
    return words


def model_slug(title: str, model_id: int) -> str:
    words = slug_words(title)
    return f"{words}-{model_id}" if words else str(model_id)


def parse_slug(address: str) -> int | None:
    """The record id at the end of an address segment, or None when the segment cannot be one."""
    if len(address) > 400:
        return None
    match = _ADDRESS.match(address)
    if match is None:
        return None
    record_id = int(match.group(2))
    return record_id if record_id <= MAX_ID else None


# --- conditional requests ------------------------------------------------------------------------


def etag_of(body: bytes) -> str:
    """A strong validator of the exact bytes served."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def not_modified(
    etag: str, last_modified: dt.datetime, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        sent = {tag.strip().removeprefix("W/") for tag in if_none_match[:4000].split(",")}
        return etag in sent
    if if_modified_since is None or len(if_modified_since) > 100:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= since
