"""Pickers: fields that hold an internal number (a unit, a model) chosen by code or name from a list that
searches as the user types. The text box (`partials/picker.html`) asks a page's `…/options?q=` endpoint,
which answers with `options(request, choices, q)`; choosing fills a hidden input with the id, so the form
posts `unit_id=12` (or one `model_ids` per chosen model) as a select would, and reads it as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.response import Template

from guong_dan_van.web.pages import page_context


@dataclass(frozen=True)
class Choice:
    """One answer of a picker: the id it posts, the label it shows (and keeps once chosen), a detail beside."""

    id: int
    label: str
    detail: str = ""


def options(request: Request[Any, Any, Any], choices: Iterable[Choice], q: str | None) -> Template:
    """The list of answers under a picker's text box (a message when the text finds nothing)."""
    return Template("partials/picker_options.html", context=page_context(request, choices=list(choices), q=q or ""))


def picked_ids(*values: Any) -> set[int]:
    """The ids among posted or stored values ("12", 12, "", None), to show the chosen ones by name."""
    ids: set[int] = set()
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text.isascii() and text.isdigit() and 0 < int(text) < 2**31:
            ids.add(int(text))
    return ids


def coded(id: int, code: str, name: str, detail: str = "") -> Choice:
    """A choice known by its code and its name ("MH-2024-0007 · Thắp sáng đường quê")."""
    return Choice(id, f"{code} · {name}", detail)
