"""The baseline: a bare Litestar endpoint returning a constant, served the same way as the app."""

from litestar import Litestar, get


@get("/api/units/1")
async def constant() -> dict[str, object]:
    return {"id": 1, "name": "Tỉnh Bình Sơn", "kind": "province", "version": 1}


app = Litestar(route_handlers=[constant])
