"""Vietnamese names of a round's stages and states, shared by pages, exports and the public page."""

from __future__ import annotations

STATUS_LABELS = {
    "setup": "Đang chuẩn bị",
    "open": "Đang chấm",
    "closed": "Đã khóa",
    "finalized": "Đã niêm phong",
}
STAGE_LABELS = {"preliminary": "Sơ khảo", "final": "Chung khảo"}
