"""Where media bytes live: a port (`Storage`) and the local-disk adapter.

Keys are generated here, never taken from a user: `public/ab/<32 hex>.jpg` for served renditions,
`private/ab/<32 hex>.<ext>` for originals and attachments. Writes go to a temporary name in the same
directory, are flushed to disk, and are renamed with `os.replace`, so a reader (or a crash) sees
either no file or the whole file. Deleting a missing file is not an error: orphans and double deletes
are harmless.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import Protocol

PUBLIC = "public"
PRIVATE = "private"
# What a served key looks like; anything else under /media/ is 404 without touching the disk.
PUBLIC_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png)$")

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


class Storage(Protocol):
    def write(self, key: str, data: bytes) -> None: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def path(self, key: str) -> Path: ...


def new_key(area: str, ext: str, content: bytes | None = None) -> str:
    """A fresh, unguessable key. With `content`, the name starts from its hash (an immutable name) and
    ends with a random part, so two owners uploading the same file never share, or delete, each other's files."""
    if area not in (PUBLIC, PRIVATE) or not ext.isalnum():
        raise ValueError("bad storage area or extension")
    digest = hashlib.sha256(content).hexdigest()[:16] if content is not None else secrets.token_hex(8)
    name = digest + secrets.token_hex(8)
    return f"{area}/{name[:2]}/{name}.{ext}"


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        area, _, rest = key.partition("/")
        if area not in (PUBLIC, PRIVATE) or ".." in rest or rest.startswith("/"):
            raise ValueError(f"bad storage key {key!r}")
        return self.root / area / rest

    def write(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def public_path(self, name: str) -> Path | None:
        """The file behind `/media/<name>`, or None when the name is not a served key."""
        if not PUBLIC_NAME.match(name):
            return None
        return self.root / PUBLIC / name
