"""Dashboard cards: each domain answers for its own; the dashboard only lays them out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from guong_dan_van.core.permissions import Actor


@dataclass(frozen=True)
class Card:
    """A number and the list it counts: following `href` shows exactly `value` rows."""

    label: str
    value: int
    href: str


CardSource = Callable[[Actor], Awaitable[list[Card]]]
