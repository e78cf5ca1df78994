"""The yearly cycle: a model is registered (submitted) for a year, then appraised (reviewed) by the committee.

The model keeps a copy of its latest year's status (`status`, `latest_year`), written in the same
transaction as the year record, after the model's row is locked (`lock_model`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from guong_dan_van.core import audit
from guong_dan_van.core.clock import now, today_vn
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, ensure_allowed
from guong_dan_van.core.text import clean_line
from guong_dan_van.registry import rules
from guong_dan_van.registry.schemas import ModelLevel, ModelYearOut, ReviewIn, SubmitIn, YearStatus
from guong_dan_van.registry.services.models import lock_model, owned_model, visible_model
from guong_dan_van.registry.services.rows import year_row, year_rows
from guong_dan_van.registry.services.shaping import model_year_out
from guong_dan_van.registry.tables import Model, ModelYear
from guong_dan_van.search.outbox import enqueue


async def _years(model_id: int) -> dict[int, YearStatus]:
    return {year.year: YearStatus(year.status) for year in await year_rows(model_id)}


async def _set_model_status(model_id: int, years: dict[int, YearStatus]) -> None:
    status, latest = rules.model_status(years)
    await Model.update({Model.status: status.value, Model.latest_year: latest}).where(Model.id == model_id).run()
    await enqueue("model", model_id)


async def record_past_year(
    actor: Actor,
    model_id: int,
    year: int,
    status: YearStatus,
    decision_no: str | None = None,
    decision_date: dt.date | None = None,
) -> None:
    """A year taken over from an existing list (import, demo): registered and, maybe, already decided.

    For a model written in the same transaction, so no other year can be open.
    """
    stamp = now()
    decided = status is not YearStatus.submitted
    await ModelYear.insert(
        ModelYear(
            model=model_id,
            year=year,
            status=status.value,
            decision_no=decision_no,
            decision_date=decision_date,
            submitted_at=stamp,
            submitted_by=actor.id,
            reviewed_at=stamp if decided else None,
            reviewed_by=actor.id if decided else None,
        )
    ).run()
    await _set_model_status(model_id, await _years(model_id))
    await audit.record(
        actor,
        "model.record_year",
        "model",
        model_id,
        {"year": year, "status": status.value, "decision_no": decision_no, "decision_date": decision_date},
    )


async def submit_year(actor: Actor, model_id: int, data: SubmitIn) -> ModelYearOut:
    async with Model._meta.db.transaction():
        model = await owned_model(actor, model_id)
        try:
            rules.check_level_for_year(ModelLevel(model.level), data.year)
        except ValueError as exc:
            raise RuleViolation(str(exc), [FieldError(str(exc), field="level")]) from None
        await lock_model(model_id)
        years = await _years(model_id)
        try:
            rules.check_submit(data.year, years, today_vn().year)
        except ValueError as exc:
            raise RuleViolation(str(exc), [FieldError(str(exc), field="year")]) from None
        except rules.TransitionRefused as exc:
            raise Conflict(str(exc)) from None
        stamp = now()
        if data.year in years:
            await (
                ModelYear.update(
                    {
                        ModelYear.status: YearStatus.submitted.value,
                        ModelYear.submitted_at: stamp,
                        ModelYear.submitted_by: actor.id,
                    }
                )
                .where((ModelYear.model == model_id) & (ModelYear.year == data.year))
                .run()
            )
        else:
            await ModelYear.insert(
                ModelYear(
                    model=model_id,
                    year=data.year,
                    status=YearStatus.submitted.value,
                    submitted_at=stamp,
                    submitted_by=actor.id,
                )
            ).run()
        previous = years.get(data.year)
        years[data.year] = YearStatus.submitted
        await _set_model_status(model_id, years)
        await audit.record(
            actor,
            "model.submit",
            "model",
            model_id,
            {"year": data.year, "status": [previous.value if previous else None, YearStatus.submitted.value]},
        )
        return model_year_out(await year_row(model_id, data.year))


async def review_year(actor: Actor, model_id: int, data: ReviewIn) -> ModelYearOut:
    ensure_allowed(actor.is_admin, "Chỉ Ban tổ chức được thẩm định mô hình.")
    if data.decision.value == YearStatus.returned.value and not (data.note and data.note.strip()):
        raise RuleViolation(
            "Trả lại hồ sơ cần ghi rõ nội dung cần bổ sung.",
            [FieldError("Cần ghi chú lý do trả lại.", field="note")],
        )
    if data.decision_date is not None and data.decision_date > today_vn():
        raise RuleViolation(
            "Ngày quyết định chưa tới.", [FieldError("Ngày quyết định không được sau hôm nay.", field="decision_date")]
        )
    async with Model._meta.db.transaction():
        await visible_model(actor, model_id)
        await lock_model(model_id)
        years = await _years(model_id)
        current = years.get(data.year)
        try:
            rules.check_review(data.year, current, data.decision)
        except rules.TransitionRefused as exc:
            raise Conflict(str(exc)) from None
        new_status = YearStatus(data.decision.value)
        # Piccolo's update takes the columns themselves as keys.
        values: dict[Any, Any] = {
            ModelYear.status: new_status.value,
            ModelYear.reviewed_at: now(),
            ModelYear.reviewed_by: actor.id,
        }
        # A later decision keeps the earlier number/date/note unless it brings its own.
        if data.note is not None:
            values[ModelYear.note] = data.note.strip() or None
        if data.decision_no is not None:
            values[ModelYear.decision_no] = clean_line(data.decision_no)
        if data.decision_date is not None:
            values[ModelYear.decision_date] = data.decision_date
        await ModelYear.update(values).where((ModelYear.model == model_id) & (ModelYear.year == data.year)).run()
        years[data.year] = new_status
        await _set_model_status(model_id, years)
        assert current is not None
        await audit.record(
            actor,
            "model.review",
            "model",
            model_id,
            {
                "year": data.year,
                "status": [current.value, new_status.value],
                "decision_no": data.decision_no,
                "decision_date": data.decision_date,
                "note": data.note,
            },
        )
        return model_year_out(await year_row(model_id, data.year))


async def list_years(actor: Actor, model_id: int) -> list[ModelYearOut]:
    await visible_model(actor, model_id)
    return [model_year_out(year) for year in await year_rows(model_id)]
