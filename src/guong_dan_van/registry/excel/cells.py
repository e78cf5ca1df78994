"""Cell values as Vietnamese and English sheets write them: numbers, dates, years, a list of results. Pure."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypedDict


class ParsedResult(TypedDict):
    """One result read from a cell, still to be checked as a `ResultItem`."""

    label: str
    value: float
    unit: str | None


_NUMBER = re.compile(r"^[+-]?\d[\d.,\s]*$")


def parse_number(text: str) -> float | None:
    """A number as Vietnamese and English sheets write it: "10.700", "10,700", "2,5", "1.234,5", "70"."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw or not _NUMBER.match(raw):
        return None
    sign = -1.0 if raw.startswith("-") else 1.0
    raw = raw.lstrip("+-")
    if "." in raw and "," in raw:
        decimal = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        raw = raw.replace(thousands, "").replace(decimal, ".")
    else:
        sep = "." if "." in raw else "," if "," in raw else None
        if sep is not None:
            parts = raw.split(sep)
            if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] != "0"):
                if not all(len(p) == 3 for p in parts[1:]) or not parts[0] or len(parts[0]) > 3:
                    return None
                raw = "".join(parts)  # thousands separators
            else:
                raw = raw.replace(sep, ".")
    try:
        return sign * float(raw)
    except ValueError:
        return None


_RESULT = re.compile(r"^(?:(?P<label>[^:]+):)?\s*(?P<number>[+-]?\d[\d.,\s]*?)\s*(?P<unit>[^\d\s.,].*)?$")


def parse_results(text: str) -> list[ParsedResult] | None:
    """ "Đèn chiếu sáng: 270 đèn; Đường được thắp sáng: 10.700 m" → [{"label", "value", "unit"}].

    A part without a label uses its unit as the label ("270 đèn"). None when a part has no number.
    """
    out: list[ParsedResult] = []
    for part in re.split(r"[;\n]+", text):
        part = part.strip().rstrip(".")
        if not part:
            continue
        match = _RESULT.match(part)
        if not match:
            return None
        value = parse_number(match["number"])
        if value is None:
            return None
        unit = (match["unit"] or "").strip() or None
        label = (match["label"] or "").strip() or unit
        if not label:
            return None
        out.append(ParsedResult(label=label[:200], value=value, unit=unit[:50] if unit else None))
    return out


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    number = parse_number(str(value))
    return int(number) if number is not None and number.is_integer() else None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()
