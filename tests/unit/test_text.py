"""Vietnamese folding: accents, tone marks and đ never matter; NFC and NFD fold alike."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from guong_dan_van.core.text import clean_line, fold_vietnamese, nfc


def test_the_three_spellings_of_the_movement_fold_to_one() -> None:
    assert fold_vietnamese("Dân vận khéo") == fold_vietnamese("dan van kheo") == fold_vietnamese("DAN VAN KHEO")
    assert fold_vietnamese("Dân vận khéo") == "dan van kheo"


def test_d_with_stroke_folds_to_d_in_both_cases() -> None:
    assert fold_vietnamese("Đoàn Thanh niên xã Đồng Sơn") == "doan thanh nien xa dong son"
    assert fold_vietnamese("đường quê") == "duong que"


def test_every_vowel_with_every_mark_folds_to_its_base() -> None:
    for vowel, variants in {
        "a": "àáảãạăằắẳẵặâầấẩẫậ",
        "e": "èéẻẽẹêềếểễệ",
        "i": "ìíỉĩị",
        "o": "òóỏõọôồốổỗộơờớởỡợ",
        "u": "ùúủũụưừứửữự",
        "y": "ỳýỷỹỵ",
    }.items():
        for ch in variants + variants.upper():
            assert fold_vietnamese(ch) == vowel, ch


def test_title_pasted_from_word_in_nfd_is_stored_nfc_and_folds_the_same() -> None:
    title = "Thắp sáng đường quê"
    pasted = unicodedata.normalize("NFD", title)
    assert pasted != title and nfc(pasted) == title
    assert fold_vietnamese(pasted) == fold_vietnamese(title) == "thap sang duong que"


def test_clean_line_collapses_white_space() -> None:
    assert clean_line("  Xã\tTân   Hòa \n") == "Xã Tân Hòa"


@given(st.text())
def test_folding_is_idempotent_and_ascii_for_vietnamese(text: str) -> None:
    once = fold_vietnamese(text)
    assert fold_vietnamese(once) == once
    assert fold_vietnamese(unicodedata.normalize("NFD", text)) == fold_vietnamese(unicodedata.normalize("NFC", text))


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ",
        max_size=60,
    )
)
def test_folded_vietnamese_is_plain_ascii(text: str) -> None:
    folded = fold_vietnamese(text)
    assert folded.isascii()
    assert folded == folded.lower()
