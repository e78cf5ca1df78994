"""Forms: a posted form decoded into the same msgspec Struct the API takes, its faults in Vietnamese per field.

A page reads its form with `read_form(Struct, form, labels)`: an empty field is absent, numbers may be
written the Vietnamese way ("1.000.000"), checkboxes are booleans and repeated fields lists. Every field is
checked on its own, so each field at fault gets its message (naming it by its label), never msgspec's
English. A refusal from a service becomes the same `FormProblem`, so the form is shown again with what was
typed: `form_again` answers HTMX with the form alone (200: HTMX does not swap 4xx answers) and a browser
without JavaScript with the whole page; `done` sends either to the page that shows the result.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import msgspec
from litestar import Request, Response
from litestar.datastructures import FormMultiDict
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from msgspec import UnsetType

from guong_dan_van.core.errors import DomainError

# The login form keeps this simple shape; every other form goes through `read_form`.
FormData = URLEncodedBody[dict[str, str]]
S = TypeVar("S", bound=msgspec.Struct)

_TRUE = {"true", "on", "1", "yes", "có"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([. \u00a0,]\d{3})+$")
_LIMIT = re.compile(r"(>=|<=|>|<) (-?[\d.e+]+)")


@dataclass
class FormProblem(Exception):
    """Why a form was refused: a summary, a message per field, and messages about no field of the form."""

    summary: str
    errors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """One line, for a flash message: the summary and every message after it."""
        return " ".join([self.summary, *self.errors.values(), *self.notes])

    def context(self) -> dict[str, Any]:
        return {"message": self.summary, "errors": self.errors, "notes": self.notes}


NO_PROBLEM: dict[str, Any] = {"message": None, "errors": {}, "notes": []}


def _base(hint: Any) -> Any:
    """The type a field holds, without Annotated, None or UNSET around it."""
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            hint = get_args(hint)[0]
        elif origin in (Union, types.UnionType):
            inner = [a for a in get_args(hint) if a not in (type(None), UnsetType)]
            if len(inner) != 1:
                return hint
            hint = inner[0]
        else:
            return hint


def _allows_none(hint: Any) -> bool:
    origin = get_origin(hint)
    if origin is Annotated:
        return _allows_none(get_args(hint)[0])
    return origin in (Union, types.UnionType) and type(None) in get_args(hint)


def parse_int(text: str) -> int | None:
    """An integer as people type it: "70000000", "70.000.000", "70 000 000", "70,000,000"."""
    raw = text.strip()
    if _THOUSANDS.match(raw):
        raw = re.sub(r"[. \u00a0,]", "", raw)
    try:
        return int(raw)
    except ValueError:
        return None


def message_for(error: str, label: str) -> str:
    """msgspec's English reason, as a sentence a person reads beside the field."""
    lowered = label[:1].lower() + label[1:]
    if "missing required field" in error or ("of length >= 1" in error and "`str`" in error):
        return f"Cần nhập {lowered}."
    if "`array`" in error and "length >=" in error:
        return f"Cần ít nhất một {lowered}."
    if "`array`" in error and "length <=" in error:
        limit = _LIMIT.search(error)
        return f"{label}: nhiều nhất {limit.group(2) if limit else ''} mục."
    if "`str` of length <=" in error:
        limit = _LIMIT.search(error)
        return f"{label} dài quá {limit.group(2) if limit else ''} ký tự."
    if "Invalid enum value" in error:
        return f"Hãy chọn {lowered} trong danh sách."
    if "date" in error.lower():
        return f"{label} phải là một ngày (ngày/tháng/năm)."
    if "regex" in error:
        return f"{label} không đúng dạng."
    if re.search(r"Expected `(int|float)`", error):
        limit = _LIMIT.search(error)
        if limit and limit.group(1).startswith(">"):
            return f"{label} phải từ {limit.group(2)} trở lên."
        if limit:
            return f"{label} không được lớn hơn {limit.group(2)}."
        return f"{label} phải là số."
    return f"{label} chưa hợp lệ."


def _summary(count: int) -> str:
    return "Chưa lưu được: một chỗ cần sửa." if count == 1 else f"Chưa lưu được: {count} chỗ cần sửa."


def _raw(form: Mapping[str, Any] | FormMultiDict, name: str, many: bool) -> Any:
    if many:
        values = form.getall(name) if isinstance(form, FormMultiDict) and name in form else [form.get(name)]
        return [v.strip() for v in values if isinstance(v, str) and v.strip()]
    value = form.get(name)
    return value.strip() if isinstance(value, str) else value


def read_form(
    struct: type[S],
    form: Mapping[str, Any] | FormMultiDict,
    labels: Mapping[str, str],
    *,
    values: Mapping[str, Any] | None = None,
    blank_is_null: Iterable[str] = (),
) -> S:
    """The form as `struct`, or `FormProblem` naming each field at fault.

    `values` holds fields the page built itself (lists written one per line, say); `blank_is_null`
    names the fields an edit form clears when left empty (sent as null rather than left out).
    """
    prepared = dict(values or {})
    clear = set(blank_is_null)
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    for info in msgspec.structs.fields(struct):
        name, label = info.name, labels.get(info.name, info.name)
        base = _base(info.type)
        many = get_origin(base) is list
        value = prepared[name] if name in prepared else _raw(form, name, many)
        if value in (None, "") or (many and value == [] and name not in prepared):
            if name in clear and _allows_none(info.type):
                data[name] = None
            elif info.required:
                errors[name] = message_for("missing required field", label)
            continue
        if isinstance(value, str) and base is int:
            number = parse_int(value)
            if number is None:
                errors[name] = f"{label} phải là số."
                continue
            value = number
        elif isinstance(value, str) and base is bool:
            value = value.lower() in _TRUE
        try:
            msgspec.convert(value, info.type, strict=False)
        except msgspec.ValidationError as exc:
            errors[name] = message_for(str(exc), label)
            continue
        data[name] = value
    if errors:
        raise FormProblem(_summary(len(errors)), errors)
    try:
        return msgspec.convert(data, struct, strict=False)
    except msgspec.ValidationError as exc:
        raise FormProblem("Thông tin nhập chưa hợp lệ.", notes=[message_for(str(exc), "Một trường")]) from None


def problem_of(exc: Exception, fields: Iterable[str] = ()) -> FormProblem:
    """A refusal as the form shows it: field messages beside the form's own fields, the rest on top."""
    if isinstance(exc, FormProblem):
        return exc
    if isinstance(exc, DomainError):
        known = set(fields)
        errors = {e.field: e.message for e in exc.errors if e.field and (not known or e.field in known)}
        notes = [e.message for e in exc.errors if e.message not in errors.values()]
        return FormProblem(exc.detail, errors, notes)
    raise exc


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return bool(request.headers.get("hx-request"))


def form_again(
    request: Request[Any, Any, Any], page: str, part: str, context: dict[str, Any], problem: FormProblem
) -> Template:
    """The form again with what was typed and what is wrong: the form alone for HTMX, the page otherwise."""
    if is_htmx(request):
        return Template(part, context={**context, **problem.context()}, status_code=200)
    return Template(page, context={**context, **problem.context()}, status_code=422)


def done(request: Request[Any, Any, Any], target: str) -> Response[Any]:
    """After a successful write: to the page that shows the result (HX-Redirect for HTMX, 303 otherwise)."""
    if is_htmx(request):
        return Response("", headers={"HX-Redirect": target})
    return Redirect(target, status_code=303)
