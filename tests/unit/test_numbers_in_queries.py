"""Numbers typed into query strings and forms: only ASCII digits are numbers. "²" and "¹" pass
`str.isdigit()` but not `int()`, so each reader must refuse them (a 400 or "all"), never fail with a 500."""

from __future__ import annotations

import pytest

from guong_dan_van.core.errors import BadRequest
from guong_dan_van.core.pagination import filter_number
from guong_dan_van.public.pages.library import _number


@pytest.mark.parametrize("text", ["²", "¹2", "2024²", "٢٠٢٤", "１２"])
def test_digits_that_are_not_ascii_are_not_numbers(text: str) -> None:
    with pytest.raises(BadRequest) as refused:
        filter_number(text, "year", "Năm", 1900, 2100)
    assert refused.value.errors[0].field == "year"
    assert _number(text, 9999) is None


def test_ascii_numbers_still_read() -> None:
    assert filter_number(" 2024 ", "year", "Năm", 1900, 2100) == 2024
    assert _number("40", 10_000) == 40
