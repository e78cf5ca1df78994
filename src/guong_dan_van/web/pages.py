"""What every page shares: the context the layout needs (the answer after a write is in `web.forms`)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from guong_dan_van.core.permissions import ROLE_LABELS, Actor


def page_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    """The layout's context (who is logged in, where we are) plus the page's own values."""
    actor = request.scope.get("user")
    return {
        "actor": actor if isinstance(actor, Actor) else None,
        "role_labels": ROLE_LABELS,
        "path": request.url.path,
        **extra,
    }
