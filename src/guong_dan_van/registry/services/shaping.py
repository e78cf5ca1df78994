"""Rows into API outputs (`<thing>_out(row)`), and the results list in and out of its JSON column. No I/O."""

from __future__ import annotations

from typing import Any

import msgspec

from guong_dan_van.core.permissions import Actor, can_edit_model
from guong_dan_van.core.text import clean_line
from guong_dan_van.registry import markdown, rules
from guong_dan_van.registry.schemas import (
    ModelField,
    ModelKind,
    ModelLevel,
    ModelOut,
    ModelStatus,
    ModelSummary,
    ModelYearOut,
    ReplicationOut,
    ResultItem,
    ResultOut,
    YearStatus,
)
from guong_dan_van.registry.tables import ModelSummaryRow, ModelWithUnitRow, ModelYearRow, ReplicationWithUnitRow


def results_in(items: list[ResultItem] | None) -> str:
    """The JSON text stored in `model.results`."""
    return msgspec.json.encode(
        [{"label": clean_line(i.label), "value": i.value, "unit": i.unit} for i in items or []]
    ).decode()


def results_out(stored: str) -> list[ResultOut]:
    return msgspec.json.decode(stored, type=list[ResultOut])


def _identity(model: ModelSummaryRow | ModelWithUnitRow) -> dict[str, Any]:
    """What the list line and the model page both say of a model."""
    return {
        "id": model.id,
        "code": model.code,
        "title": model.title,
        "kind": ModelKind(model.kind),
        "field": ModelField(model.field),
        "level": ModelLevel(model.level),
        "unit_id": model.unit,
        "unit_name": model.unit_name,
    }


def model_summary_out(model: ModelSummaryRow, year: ModelYearRow | None = None) -> ModelSummary:
    """A line of the list; with a year filter, `year` is the model's record of that year."""
    return ModelSummary(
        **_identity(model),
        status=ModelStatus(model.status),
        latest_year=model.latest_year,
        version=model.version,
        updated_at=model.updated_at,
        year_status=YearStatus(year.status) if year else None,
    )


def model_out(model: ModelWithUnitRow, actor: Actor | None) -> ModelOut:
    status = ModelStatus(model.status)
    editable = (
        actor is not None and can_edit_model(actor, model.unit) and (actor.is_admin or rules.unit_may_edit(status))
    )
    return ModelOut(
        **_identity(model),
        address=model.address,
        started_year=model.started_year,
        summary=model.summary,
        body=model.body,
        body_html=markdown.render(model.body),
        results=results_out(model.results),
        beneficiaries=model.beneficiaries,
        budget_vnd=model.budget_vnd,
        contact=model.contact,
        status=status,
        latest_year=model.latest_year,
        version=model.version,
        created_at=model.created_at,
        updated_at=model.updated_at,
        can_edit=editable,
    )


def model_year_out(year: ModelYearRow) -> ModelYearOut:
    return ModelYearOut(
        year=year.year,
        status=YearStatus(year.status),
        decision_no=year.decision_no,
        decision_date=year.decision_date,
        note=year.note,
        submitted_at=year.submitted_at,
        reviewed_at=year.reviewed_at,
    )


def replication_out(replication: ReplicationWithUnitRow) -> ReplicationOut:
    return ReplicationOut(
        id=replication.id,
        unit_id=replication.unit,
        unit_name=replication.unit_name,
        year=replication.year,
        note=replication.note,
        created_at=replication.created_at,
    )
