from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from guong_dan_van.core.pagination import OptionalId, Paging, SearchText
from guong_dan_van.core.permissions import admin_only, current_actor, logged_in
from guong_dan_van.core.schemas import Page
from guong_dan_van.units import services
from guong_dan_van.units.schemas import UnitCreate, UnitKind, UnitOut, UnitPatch


class UnitController(Controller):
    path = "/api/units"
    tags = ["units"]
    guards = [logged_in]

    @post("/", guards=[admin_only], summary="Tạo đơn vị")
    async def create_unit(self, request: Request, data: JSONBody[UnitCreate]) -> UnitOut:
        return await services.create_unit(current_actor(request), data)

    @get("/", summary="Danh sách đơn vị")
    async def list_units(
        self,
        page: Paging,
        kind: FromQuery[UnitKind | None] = None,
        parent_id: OptionalId = None,
        q: SearchText = None,
        active: FromQuery[bool | None] = None,
    ) -> Page[UnitOut]:
        return await services.list_units(page, kind=kind, parent_id=parent_id, q=q, active=active)

    @get("/{unit_id:int}", summary="Xem đơn vị")
    async def get_unit(self, unit_id: FromPath[int]) -> UnitOut:
        return await services.get_unit(unit_id)

    @patch("/{unit_id:int}", guards=[admin_only], summary="Sửa đơn vị")
    async def patch_unit(self, request: Request, unit_id: FromPath[int], data: JSONBody[UnitPatch]) -> UnitOut:
        return await services.patch_unit(current_actor(request), unit_id, data)
