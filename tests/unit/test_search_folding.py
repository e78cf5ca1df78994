"""Position-keeping folding and snippets: one folded letter per NFC letter, over the whole Vietnamese alphabet."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from guong_dan_van.search.folding import fold_char, fold_text, nfc, query_terms, typo_budget, words
from guong_dan_van.search.snippets import _find_word, make_snippet, word_matches

BASES = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}
CONSONANTS = "bcdghklmnpqrstvx"
ALPHABET = "".join(BASES.values()) + CONSONANTS
VIETNAMESE = st.text(alphabet=ALPHABET + ALPHABET.upper() + " ,.-\"'()", max_size=80)


def test_every_letter_with_every_mark_folds_to_its_base_in_nfc_and_nfd() -> None:
    for base, letters in BASES.items():
        for letter in letters + letters.upper():
            for form in ("NFC", "NFD"):
                written = unicodedata.normalize(form, letter)
                assert fold_text(nfc(written)) == base, (letter, form)
    for consonant in CONSONANTS + CONSONANTS.upper():
        assert fold_text(consonant) == consonant.lower()


def test_the_movement_in_three_spellings_is_one_query() -> None:
    assert (
        query_terms("Dân vận khéo")
        == query_terms("dan van kheo")
        == query_terms("DAN VAN KHEO")
        == [
            "dan",
            "van",
            "kheo",
        ]
    )
    assert query_terms(unicodedata.normalize("NFD", "ĐƯỜNG giao thông")) == ["duong", "giao", "thong"]


@given(VIETNAMESE)
def test_folding_keeps_every_position(text: str) -> None:
    for form in ("NFC", "NFD"):
        original = nfc(unicodedata.normalize(form, text))
        folded = fold_text(original)
        assert len(folded) == len(original)
        assert folded == fold_text(nfc(unicodedata.normalize("NFD", text)))
        for start, end, word in words(folded):
            assert fold_text(original[start:end]) == word


@given(st.text(max_size=200))
def test_any_unicode_keeps_its_length_and_queries_are_plain_words(text: str) -> None:
    original = nfc(text)
    assert len(fold_text(original)) == len(original)
    for term in query_terms(text):
        assert term and all(ch.isalnum() for ch in term)


def test_operators_and_symbols_are_plain_separators() -> None:
    assert (
        query_terms('"dân vận" AND (khéo OR -đường) NOT thôn* ~2 ^3 title:xã')
        == [
            "dan",
            "van",
            "and",
            "kheo",
            "or",
            "duong",
            "not",
            "thon",
            "2",
            "3",
            "title",
            "xa",
        ][:12]
    )


def test_typo_budget_is_meilisearchs() -> None:
    assert [typo_budget("x" * n) for n in (1, 4, 5, 8, 9, 15)] == [0, 0, 1, 1, 2, 2]
    assert word_matches("truong", "truogn", False)  # a swap is one typo
    assert not word_matches("thon", "thin", False)  # four letters: no typo forgiven
    assert word_matches("duong", "du", True) and not word_matches("duong", "du", False)


def test_snippet_marks_the_accented_original_and_escapes_html() -> None:
    texts = {"body": "Bà con <b>thôn Đông</b> góp công làm đường giao thông nông thôn."}
    html = make_snippet(texts, ["duong", "giao"], ["body"])
    assert "<mark>đường</mark> <mark>giao</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_snippet_window_around_a_late_match() -> None:
    body = "Mở đầu. " + "câu chuyện dài " * 40 + "Cuối cùng là Dân vận khéo."
    html = make_snippet({"body": body}, ["kheo"], ["body"])
    assert html.startswith("…") and "<mark>khéo</mark>" in html
    assert len(html) < 400


@given(st.text(alphabet=st.characters(max_codepoint=0x1FFF), max_size=60) | VIETNAMESE)
def test_the_fast_path_folds_exactly_as_letter_by_letter(text: str) -> None:
    from guong_dan_van.search.folding import fold_char

    original = nfc(text)
    assert fold_text(original) == "".join(fold_char(c) for c in original)


@given(
    st.text(alphabet="dan gio_xa1 ,.đ", max_size=40),
    st.text(alphabet="dangiox1", min_size=1, max_size=4),
    st.booleans(),
)
def test_finding_a_word_by_str_find_agrees_with_the_regex_definition_of_a_word(
    text: str, term: str, prefix: bool
) -> None:
    folded = fold_text(text)
    # A word is a run of letters and digits ([^\W_]); the last query word may begin one.
    tail = r"[^\W_]*" if prefix else ""
    expected = re.search(r"(?<![^\W_])" + re.escape(term) + tail + r"(?![^\W_])", folded)
    assert _find_word(folded, term, prefix) == (expected.span() if expected else None)


def test_a_snippet_from_stored_folded_text_is_the_snippet_folded_here() -> None:
    texts = {"summary": "Hội Phụ nữ xã vận động", "body": "Bà con thôn Đông góp công làm đường giao thông."}
    folded = {name: fold_text(text) for name, text in texts.items()}
    for terms in (["duong", "giao"], ["thon", "dong"], ["dong"], ["thogn"]):
        fields = ["summary", "body"]
        assert make_snippet(texts, terms, fields, folded) == make_snippet(texts, terms, fields)
    # Folded text that does not fit the original (a stale store) is not trusted.
    assert make_snippet(texts, ["duong"], ["body"], {"body": "x"}) == make_snippet(texts, ["duong"], ["body"])


MIXED = ALPHABET + ALPHABET.upper() + " ,.-\"'()“”‘’–—…\u00a0²中ßİǅøK\u0301\u1dc0"


@given(st.text(alphabet=MIXED, max_size=60))
def test_every_quick_path_of_folding_gives_what_folding_letter_by_letter_gives(text: str) -> None:
    text = nfc(text)
    assert fold_text(text) == "".join(fold_char(c) for c in text)


def test_punctuation_pasted_from_word_folds_to_ascii_in_place() -> None:
    pasted = "“Dân vận khéo” – mô hình…\u00a0‘hay’ — 2025"
    assert fold_text(pasted) == "\"dan van kheo\" - mo hinh. 'hay' - 2025"
    assert query_terms(pasted) == ["dan", "van", "kheo", "mo", "hinh", "hay", "2025"]
