"""Who owns photos and attachments, and who may see or change them.

Media belongs to an object of another domain: a model of the registry (`"model"`), a contest entry
(`"entry"`). `create_app` registers each of them in the app's registry:

    media.owners.register("model", can_view=registry.ensure_can_view, can_edit=registry.ensure_can_edit)

Each callback takes `(actor, owner_id)` and returns nothing when allowed; it raises `NotFound` when the
owner does not exist or the actor may not know it exists, and `Forbidden` when the actor may see it but
not change it. Media never decides these rules itself. An owner type nobody registered answers 404.

`blind_for` (optional) answers whether the actor sees the owner blind (a judge in a blind round): media
then hides credits and original file names from that actor (JUDGING.md, "Blind rounds").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from guong_dan_van.core.errors import NotFound
from guong_dan_van.core.permissions import Actor

OwnerCheck = Callable[[Actor, int], Awaitable[None]]
BlindCheck = Callable[[Actor, int], Awaitable[bool]]

OWNER_TYPE_MAX = 30


@dataclass(frozen=True)
class OwnerType:
    name: str
    can_view: OwnerCheck
    can_edit: OwnerCheck
    blind_for: BlindCheck | None = None
    # Where its uploads go: POST /api/<path>/{id}/photos (and /attachments when `attachments`).
    path: str = ""
    label: str = ""
    attachments: bool = False


class OwnerRegistry:
    """The owner types of one app; `create_app` registers each domain's."""

    def __init__(self) -> None:
        self._types: dict[str, OwnerType] = {}

    def register(
        self,
        owner_type: str,
        *,
        can_view: OwnerCheck,
        can_edit: OwnerCheck,
        blind_for: BlindCheck | None = None,
        path: str = "",
        label: str = "",
        attachments: bool = False,
    ) -> None:
        """Declare an owner type; registering the same name again replaces it.

        With a `path`, the media controllers serve its uploads under `/api/<path>/{id}/photos`
        (and `/attachments` when `attachments`); `label` names it in the API documentation."""
        if not owner_type or len(owner_type) > OWNER_TYPE_MAX or not owner_type.replace("_", "").isalnum():
            raise ValueError(f"owner type must be 1–{OWNER_TYPE_MAX} letters, digits or '_': {owner_type!r}")
        self._types[owner_type] = OwnerType(owner_type, can_view, can_edit, blind_for, path, label, attachments)

    def unregister(self, owner_type: str) -> None:
        self._types.pop(owner_type, None)

    def types(self) -> list[OwnerType]:
        return list(self._types.values())

    def get(self, owner_type: str) -> OwnerType:
        """The registered owner type, or 404: an unknown type is as good as an unknown object."""
        found = self._types.get(owner_type)
        if found is None:
            raise NotFound("Đối tượng không tồn tại hoặc bạn không có quyền xem.")
        return found

    def is_registered(self, owner_type: str) -> bool:
        return owner_type in self._types

    async def check_view(self, actor: Actor, owner_type: str, owner_id: int) -> None:
        await self.get(owner_type).can_view(actor, owner_id)

    async def check_edit(self, actor: Actor, owner_type: str, owner_id: int) -> None:
        await self.get(owner_type).can_edit(actor, owner_id)

    async def is_blind(self, actor: Actor, owner_type: str, owner_id: int) -> bool:
        found = self.get(owner_type)
        return found.blind_for is not None and await found.blind_for(actor, owner_id)
