"""Password hashing with argon2id (argon2-cffi), always off the event loop."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Hasher:
    """argon2id at the cost the settings ask for; `create_app` makes one per app.

    Defaults follow RFC 9106's second recommended option (64 MiB, t=3); tests make a cheap one.
    """

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Verify; with no hash (unknown user) spend the same time on a dummy so timing tells nothing."""
        if password_hash is None:
            if self._dummy_hash is None:
                self._dummy_hash = await self.hash("không-có-người-dùng-này")
            await anyio.to_thread.run_sync(self._verify, self._dummy_hash, password)
            return False
        return await anyio.to_thread.run_sync(self._verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
