"""The model picker: search models by code or title as one types, and name the ones already chosen."""

from __future__ import annotations

from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Actor
from guong_dan_van.core.repository import Row, typed_all
from guong_dan_van.core.text import contains_pattern
from guong_dan_van.registry.schemas import ModelSummary
from guong_dan_van.registry.services.models import ModelFilters, list_models, model_conditions
from guong_dan_van.registry.tables import Model

MODEL_OPTION_LIMIT = 20


class ModelRefRow(Row):
    id: int
    code: str
    title: str


async def search_models(actor: Actor, q: str | None, limit: int = MODEL_OPTION_LIMIT) -> list[ModelSummary]:
    """Models the actor may see whose code is `q` (any case) or whose title contains it (accents optional);
    the one with that code first, then the newest."""
    if contains_pattern(q or "") == "%%":
        return []
    found = await list_models(actor, PageParams(limit=limit, offset=0), ModelFilters(q=q))
    code = (q or "").strip().upper()
    return sorted(found.items, key=lambda m: m.code != code)


async def model_refs(actor: Actor, model_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Code and title of the given models the actor may see, for the chosen ones of a model picker."""
    if not model_ids:
        return {}
    query = Model.select(Model.id, Model.code, Model.title).where(Model.id.is_in(list(model_ids)))
    for condition in model_conditions(actor, ModelFilters()):
        query = query.where(condition)
    return {ref.id: (ref.code, ref.title) for ref in typed_all(await query.run(), ModelRefRow)}
