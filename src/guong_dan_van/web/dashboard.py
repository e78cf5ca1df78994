"""What each role sees first after logging in."""

from __future__ import annotations

from typing import Any

from guong_dan_van.accounts.tables import User
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.units.tables import Unit


async def dashboard_context(actor: Actor) -> dict[str, Any]:
    unit_name = None
    if actor.unit_id is not None:
        row = await Unit.select(Unit.name).where(Unit.id == actor.unit_id).first().run()
        unit_name = row["name"] if row else None
    context: dict[str, Any] = {"unit_name": unit_name, "cards": []}
    if actor.role is Role.admin:
        context["cards"] = [
            {"label": "Đơn vị", "value": await Unit.count().run(), "href": "/units"},
            {"label": "Tài khoản", "value": await User.count().run(), "href": "/users"},
            {
                "label": "Giám khảo",
                "value": await User.count().where(User.role == Role.judge.value).run(),
                "href": "/users",
            },
        ]
    return context
