"""The registry's operations: nominate, edit, submit per year, review, replicate, list, export.

One module a subject — `models` (the model itself, reading with permission, lists and export), `years`
(the yearly cycle), `replications` (nhân rộng) — over `rows` (typed reads they share) and `shaping`
(rows into outputs). Callers use this package: `from guong_dan_van.registry import services`.
"""

from __future__ import annotations

from guong_dan_van.registry.services.models import (
    EntriesAboutModel,
    ExportedModel,
    ModelFilters,
    create_model,
    dashboard_cards,
    delete_model,
    ensure_can_edit,
    ensure_can_view,
    export_models,
    get_model,
    insert_model,
    list_models,
    patch_model,
)
from guong_dan_van.registry.services.picking import model_refs, search_models
from guong_dan_van.registry.services.replications import add_replication, list_replications
from guong_dan_van.registry.services.years import list_years, record_past_year, review_year, submit_year

__all__ = [
    "EntriesAboutModel",
    "ExportedModel",
    "ModelFilters",
    "add_replication",
    "create_model",
    "dashboard_cards",
    "delete_model",
    "ensure_can_edit",
    "ensure_can_view",
    "export_models",
    "get_model",
    "insert_model",
    "list_models",
    "list_replications",
    "list_years",
    "model_refs",
    "patch_model",
    "record_past_year",
    "review_year",
    "search_models",
    "submit_year",
]
