"""What each role sees first after logging in: the unit's name and the cards every domain gives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from guong_dan_van.core.cards import Card, CardSource
from guong_dan_van.core.permissions import Actor


async def dashboard_context(actor: Actor, sources: Sequence[CardSource], unit_name: str | None) -> dict[str, Any]:
    cards: list[Card] = []
    for source in sources:
        cards.extend(await source(actor))
    return {"unit_name": unit_name, "cards": cards}
