"""Who owns photos and attachments, and who may see or change them.

Media belongs to an object of another domain: a model of the registry (`"model"`), a contest entry
(`"entry"`). Those domains register their owner type once, at import of their services module:

    from guong_dan_van.media import owners
    owners.register("model", can_view=ensure_can_view_model, can_edit=ensure_can_edit_model)

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


_registry: dict[str, OwnerType] = {}


def register(
    owner_type: str,
    *,
    can_view: OwnerCheck,
    can_edit: OwnerCheck,
    blind_for: BlindCheck | None = None,
) -> None:
    """Declare an owner type. Registering the same name again replaces it (module reloads, tests)."""
    if not owner_type or len(owner_type) > OWNER_TYPE_MAX or not owner_type.replace("_", "").isalnum():
        raise ValueError(f"owner type must be 1–{OWNER_TYPE_MAX} letters, digits or '_': {owner_type!r}")
    _registry[owner_type] = OwnerType(owner_type, can_view, can_edit, blind_for)


def unregister(owner_type: str) -> None:
    """For tests: forget an owner type."""
    _registry.pop(owner_type, None)


def get(owner_type: str) -> OwnerType:
    """The registered owner type, or 404: an unknown type is as good as an unknown object."""
    found = _registry.get(owner_type)
    if found is None:
        raise NotFound("Đối tượng không tồn tại hoặc bạn không có quyền xem.")
    return found


def lookup(owner_type: str) -> OwnerType | None:
    return _registry.get(owner_type)


def is_registered(owner_type: str) -> bool:
    return owner_type in _registry


async def check_view(actor: Actor, owner_type: str, owner_id: int) -> None:
    await get(owner_type).can_view(actor, owner_id)


async def check_edit(actor: Actor, owner_type: str, owner_id: int) -> None:
    await get(owner_type).can_edit(actor, owner_id)


async def is_blind(actor: Actor, owner_type: str, owner_id: int) -> bool:
    found = get(owner_type)
    return found.blind_for is not None and await found.blind_for(actor, owner_id)
