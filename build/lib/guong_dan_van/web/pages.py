"""What every page shares: the context the layout needs, and the answer after a successful write."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

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


def hx_redirect(target: str) -> Response[str]:
    """After an HTMX write: send the browser to the page that shows the result."""
    return Response("", headers={"HX-Redirect": target})
