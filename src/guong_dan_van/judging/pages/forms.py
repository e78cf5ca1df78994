"""The set-up forms of a round: labels, the rubric editor's rows, and reading the round form.

The rubric editor posts one `crit_key`, `crit_label`, `crit_weight`, `crit_max` per row; a row left
blank is ignored, a key left blank is made from the label ("Hình thức" → `hinh_thuc`). A fault in a row
is shown beside that row's cell (`crit_weight_1`), never as one message for the whole rubric.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litestar.datastructures import FormMultiDict

from guong_dan_van.core.text import fold_vietnamese
from guong_dan_van.judging import rubric
from guong_dan_van.judging.schemas import RoundCreate
from guong_dan_van.web.forms import FormProblem, read_form

ROUND_LABELS = {
    "name": "Tên vòng chấm",
    "stage": "Giai đoạn",
    "blind": "Chấm kín",
    "judges_per_entry": "Số giám khảo mỗi tác phẩm",
    "criteria": "Thang điểm",
    "source_round_id": "Vòng nguồn",
}
JUDGE_LABELS = {"user_id": "Giám khảo", "media_types": "Loại hình"}
CONFLICT_LABELS = {"judge_id": "Giám khảo", "entry_id": "Tác phẩm", "reason": "Lý do"}
ASSIGNMENT_LABELS = {"judge_id": "Giám khảo", "entry_id": "Tác phẩm"}

CELLS = ("key", "label", "weight", "max")
BLANK_ROWS = 2
MAX_CRITERIA = 20
_KEY = re.compile(r"^[a-z0-9_]{1,40}$")


def default_rows() -> list[dict[str, str]]:
    rows = [
        {"key": c.key, "label": c.label, "weight": f"{c.weight:g}", "max": f"{c.max:g}"}
        for c in rubric.DEFAULT_CRITERIA
    ]
    return rows + blank_rows(len(rows))


def blank_rows(have: int) -> list[dict[str, str]]:
    return [dict.fromkeys(CELLS, "") for _ in range(min(BLANK_ROWS, MAX_CRITERIA - have))]


def typed_rows(form: Mapping[str, Any] | FormMultiDict) -> list[dict[str, str]]:
    """The rubric rows as typed, blank rows left out."""
    columns = {
        cell: [str(v).strip() for v in (form.getall(f"crit_{cell}", []) if isinstance(form, FormMultiDict) else [])]
        for cell in CELLS
    }
    count = max(len(v) for v in columns.values())
    rows = [{cell: (columns[cell][i] if i < len(columns[cell]) else "") for cell in CELLS} for i in range(count)]
    return [r for r in rows if any(r.values())]


def round_form_values(form: FormMultiDict) -> dict[str, Any]:
    """What was typed, as the round form shows it again (the rubric's rows plus blank ones)."""
    rows = typed_rows(form)[:MAX_CRITERIA]
    return {**{k: form.get(k) for k in form if not k.startswith("crit_")}, "rows": rows + blank_rows(len(rows))}


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _key_from(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_vietnamese(label)).strip("_")[:40]


def _read_rubric(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    errors: dict[str, str] = {}
    criteria: list[dict[str, Any]] = []
    seen: set[str] = set()
    if not rows:
        errors["criteria"] = "Cần ít nhất một tiêu chí."
    if len(rows) > MAX_CRITERIA:
        errors["criteria"] = f"Thang điểm có nhiều nhất {MAX_CRITERIA} tiêu chí."
    for i, row in enumerate(rows[:MAX_CRITERIA]):
        label = row["label"]
        key = row["key"] or _key_from(label)
        if not label:
            errors[f"crit_label_{i}"] = "Cần nhập tên tiêu chí."
        elif len(label) > 300:
            errors[f"crit_label_{i}"] = "Tên tiêu chí dài quá 300 ký tự."
        if label and not _KEY.match(key):
            errors[f"crit_key_{i}"] = "Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới (tối đa 40 ký tự)."
        elif key in seen:
            errors[f"crit_key_{i}"] = "Trùng mã với một tiêu chí ở trên."
        seen.add(key)
        values = {}
        for cell, name in (("weight", "Trọng số"), ("max", "Điểm tối đa")):
            number = _number(row[cell])
            if not row[cell]:
                errors[f"crit_{cell}_{i}"] = f"Cần nhập {name.lower()}."
            elif number is None:
                errors[f"crit_{cell}_{i}"] = f"{name} phải là số."
            elif not 0 < number <= 1000:
                errors[f"crit_{cell}_{i}"] = f"{name} phải lớn hơn 0 và không quá 1000."
            values[cell] = number
        criteria.append({"key": key, "label": label, **values})
    return criteria, errors


def read_round(form: FormMultiDict) -> RoundCreate:
    """The round form as the API's `RoundCreate`, or `FormProblem` naming each field and rubric cell at fault."""
    criteria, errors = _read_rubric(typed_rows(form))
    try:
        data = read_form(RoundCreate, form, ROUND_LABELS, values={"criteria": None if errors else criteria})
    except FormProblem as problem:
        errors = {**problem.errors, **errors}
        if not errors:
            raise
        data = None
    if errors or data is None:
        count = len(errors)
        raise FormProblem("Chưa lưu được: một chỗ cần sửa." if count == 1 else f"Chưa lưu được: {count} chỗ cần sửa.",
                          errors)  # fmt: skip
    return data
