"""Forms: a posted form decoded into the same msgspec Struct the API takes, and its errors per field."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.params import URLEncodedBody

from guong_dan_van.core.errors import DomainError

FormData = URLEncodedBody[dict[str, str]]


def form_errors(exc: Exception) -> tuple[str, dict[str, str]]:
    if isinstance(exc, DomainError):
        return exc.detail, {e.field: e.message for e in exc.errors if e.field}
    if isinstance(exc, msgspec.ValidationError):
        message = str(exc)
        field = message.rsplit("$.", 1)[-1].rstrip("`") if "$." in message else ""
        return "Thông tin nhập chưa hợp lệ.", {field: "Giá trị không hợp lệ."} if field else {}
    raise exc


def decode_form(struct: type[msgspec.Struct], form: dict[str, str], ints: tuple[str, ...] = ()) -> Any:
    data: dict[str, Any] = {k: v for k, v in form.items() if v != "" and k != "_csrf"}
    for key, value in data.items():
        if value in ("true", "false"):
            data[key] = value == "true"
    for key in ints:
        if key in data:
            try:
                data[key] = int(data[key])
            except ValueError:
                raise msgspec.ValidationError(f"Expected `int` - at `$.{key}`") from None
    return msgspec.convert(data, struct)
