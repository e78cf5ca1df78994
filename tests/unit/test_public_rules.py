"""The chuyên trang's pure rules: addresses, who is public, conditional requests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guong_dan_van.public.dependencies import PublicMemo
from guong_dan_van.public.rules import (
    etag_of,
    http_date,
    is_public,
    model_slug,
    not_modified,
    parse_slug,
    slug_words,
)
from guong_dan_van.registry.schemas import ModelStatus, YearStatus


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Thắp sáng đường quê", "thap-sang-duong-que"),
        ("ĐƯỜNG LÀNG – không rác!", "duong-lang-khong-rac"),
        ("5 không 3 sạch", "5-khong-3-sach"),
        ("Tổ liên gia tự quản đảm bảo an ninh trật tự", "to-lien-gia-tu-quan-dam-bao-an-ninh-trat-tu"),
        ("“Dân vận số”", "dan-van-so"),
        ("!!!", ""),
    ],
)
def test_slug_words_fold_vietnamese(title: str, words: str) -> None:
    assert slug_words(title) == words


def test_long_titles_are_cut_at_a_word() -> None:
    words = slug_words("Mô hình " * 40)
    assert len(words) <= 80 and not words.endswith("-") and words.startswith("mo-hinh-mo-hinh")


def test_slug_ends_in_the_id_and_a_title_without_words_is_the_id() -> None:
    assert model_slug("Thắp sáng đường quê", 123) == "thap-sang-duong-que-123"
    assert model_slug("!!!", 7) == "7"


@given(title=st.text(max_size=400), model_id=st.integers(min_value=1, max_value=2**31 - 1))
def test_every_slug_reads_back_its_id(title: str, model_id: int) -> None:
    slug = model_slug(title, model_id)
    assert parse_slug(slug) == model_id
    assert slug == slug.lower() and " " not in slug and slug.isascii()


@pytest.mark.parametrize("address", ["", "abc", "0", "thap-sang-0", "x-99999999999", "-5", "a--5", "Thap-5", "5-"])
def test_addresses_without_an_id_are_refused(address: str) -> None:
    assert parse_slug(address) is None


R, S, X = YearStatus.recognized, YearStatus.submitted, YearStatus.rejected


@pytest.mark.parametrize(
    ("status", "years", "public"),
    [
        (ModelStatus.draft, [], False),
        (ModelStatus.submitted, [S], False),
        (ModelStatus.returned, [YearStatus.returned], False),
        (ModelStatus.rejected, [X], False),
        (ModelStatus.discontinued, [R, YearStatus.discontinued], False),
        (ModelStatus.recognized, [R], True),
        (ModelStatus.exemplary, [YearStatus.exemplary], True),
        (ModelStatus.proposed_for_award, [YearStatus.proposed_for_award], True),
        (ModelStatus.submitted, [R, S], True),
        (ModelStatus.rejected, [R, X], False),
    ],
)
def test_who_is_public(status: ModelStatus, years: list[YearStatus], public: bool) -> None:
    assert is_public(status, years) is public


MOMENT = dt.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=dt.UTC)


def test_conditional_requests() -> None:
    tag = etag_of(b"trang")
    assert tag != etag_of(b"trang khac")
    assert not_modified(tag, MOMENT, tag, None)
    assert not_modified(tag, MOMENT, f'"x", W/{tag}', None)
    assert not_modified(tag, MOMENT, "*", None)
    assert not not_modified(tag, MOMENT, '"x"', http_date(MOMENT))  # If-None-Match decides when present
    assert not_modified(tag, MOMENT, None, http_date(MOMENT))
    assert not not_modified(tag, MOMENT, None, http_date(MOMENT - dt.timedelta(seconds=1)))
    for junk in ("", "hôm qua", "Mon, 99 Foo 2026", "x" * 5000):
        assert not not_modified(tag, MOMENT, None, junk)


def test_the_memo_forgets_after_its_time_and_when_full() -> None:
    off = PublicMemo(0)
    off.put("a", b"x", '"x"', MOMENT)
    assert off.get("a") is None
    previous = off.previous("a")
    assert previous is not None and previous.etag == '"x"'
    memo = PublicMemo(60, max_entries=2)
    for key in ("a", "b", "c"):
        memo.put(key, key.encode(), f'"{key}"', MOMENT)
    assert memo.get("a") is None and memo.get("c") is not None
