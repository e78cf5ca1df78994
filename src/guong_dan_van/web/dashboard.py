"""What each role sees first after logging in."""

from __future__ import annotations

from typing import Any

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest import services as contest
from guong_dan_van.core.clock import today_vn
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.registry.tables import Model
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
    context["cards"].extend(await registry_cards(actor))
    context["cards"].extend(await contest.dashboard_cards(actor))
    return context


async def registry_cards(actor: Actor) -> list[dict[str, Any]]:
    """Mô hình: the committee sees what awaits appraisal; a unit its own models and those sent back."""
    if actor.is_admin:
        return [
            {"label": "Mô hình, điển hình", "value": await Model.count().run(), "href": "/models"},
            {
                "label": "Mô hình chờ thẩm định",
                "value": await Model.count().where(Model.status == "submitted").run(),
                "href": "/models/review?year=" + str(today_vn().year),
            },
        ]
    if actor.role is Role.unit and actor.unit_id is not None:
        own = Model.unit == actor.unit_id
        return [
            {
                "label": "Mô hình của đơn vị",
                "value": await Model.count().where(own).run(),
                "href": f"/models?unit_id={actor.unit_id}",
            },
            {
                "label": "Bị trả lại, cần bổ sung",
                "value": await Model.count().where(own, Model.status == "returned").run(),
                "href": f"/models?unit_id={actor.unit_id}&status=returned",
            },
        ]
    return []
