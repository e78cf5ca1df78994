"""A change stamp: a file replaced on every change of something, read with one `stat` by every process.

Publishing replaces it when a publication changes; the public pages' memo (public/dependencies.py) reads it
on every request and forgets what it rendered when it moved, in this process and in every other worker on
the machine (they share `GDV_DATA_DIR`). Replacing a file gives it a new inode, so two changes within the
file system's timestamp resolution still read as two.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

Reading = tuple[int, int]


class ChangeStamp:
    def __init__(self, path: Path) -> None:
        self.path = path

    def touch(self) -> None:
        """Say that something changed (never fails the change itself: readers then stay on their timer)."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
            tmp.write_text(str(time.time_ns()))
            tmp.replace(self.path)

    def read(self) -> Reading:
        """What the stamp is now: (inode, modification time in ns), or (0, 0) before any change."""
        try:
            found = os.stat(self.path)
        except OSError:
            return (0, 0)
        return (found.st_ino, found.st_mtime_ns)
