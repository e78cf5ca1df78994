"""An edition's public results (`/chuyen-trang/ket-qua/{edition_id}`), once the round that decides it is sealed,
and its ledger to download so anyone can check the seal (`gdv verify-ledger`). A Vietnamese 404 before."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import MEDIA_TYPE_LABELS
from guong_dan_van.core.errors import NotFound
from guong_dan_van.judging import services as judging
from guong_dan_van.judging.labels import STAGE_LABELS
from guong_dan_van.judging.schemas import RoundStatus
from guong_dan_van.public.pages.common import RESULTS, Rendered, cached_page, public_error_response, render
from guong_dan_van.public.pages.home import PUBLIC_OPT

NOT_YET = "Kết quả của đợt thi này chưa được công bố."


async def _sealed(edition_id: int) -> Any:
    deciding = await judging.deciding_round(edition_id) if 0 < edition_id < 2**31 else None
    if deciding is None or deciding.status != RoundStatus.finalized.value:
        raise NotFound(NOT_YET)
    return deciding


class PublicResultPages(Controller):
    include_in_schema = False
    opt = PUBLIC_OPT
    exception_handlers = {Exception: public_error_response}

    @get(RESULTS + "/{edition_id:int}")
    async def public_results(self, request: Request[Any, Any, Any], edition_id: FromPath[int]) -> Response[Any]:
        deciding = await _sealed(edition_id)

        async def build() -> Rendered:
            edition = await contest.get_edition(edition_id)
            awards = await judging.list_awards(edition_id)
            by_type: dict[str, list[Any]] = {}
            for a in awards:
                if a.entry_id is not None and a.media_type is not None:
                    by_type.setdefault(a.media_type, []).append(a)
            body = render(
                request,
                "public/edition_results.html",
                title=f"Kết quả {edition.name}",
                description=f"Các tác phẩm đoạt giải {edition.name}, mã niêm phong và cách tự kiểm tra kết quả.",
                edition=edition,
                round=deciding,
                by_type=by_type,
                collective=[a for a in awards if a.unit_id is not None],
                ledger_url=f"{RESULTS}/{edition_id}/so-cai.json",
                stage_labels=STAGE_LABELS,
                media_labels={k.value: v for k, v in MEDIA_TYPE_LABELS.items()},
            )
            return Rendered(body)

        # A sealed round never changes: its seal names the page.
        return await cached_page(request, f"{RESULTS}/{edition_id}@{deciding.seal}", build)

    @get(RESULTS + "/{edition_id:int}/so-cai.json")
    async def public_ledger(self, edition_id: FromPath[int]) -> Response[bytes]:
        deciding = await _sealed(edition_id)
        return Response(
            msgspec.json.encode(await judging.get_ledger(deciding.id)),
            media_type="application/json",
            headers={
                "Content-Disposition": f'attachment; filename="so-cai-vong-{deciding.id}.json"',
                "Cache-Control": "public, max-age=3600",
            },
        )
