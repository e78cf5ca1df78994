"""The eligibility rules of the press contest, each alone at its edges, then together."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from guong_dan_van.contest import rules
from guong_dan_van.contest.rules import (
    Context,
    Declaration,
    DuplicateMatch,
    EditionRules,
    EntryFacts,
    ExcludedPerson,
    Person,
)
from guong_dan_van.core.clock import VN_TZ

RULES = EditionRules(
    published_from=dt.date(2025, 1, 1),
    published_to=dt.date(2025, 9, 2),
    submit_from=dt.date(2025, 9, 3),
    submit_to=dt.date(2025, 9, 15),
    media_types=frozenset({"print", "online", "radio", "television"}),
    genres=frozenset(),
    max_entries_per_author=2,
    max_authors_per_entry=3,
    previously_awarded="forbidden",
    excluded_people=(
        ExcludedPerson(Person("Phạm Quốc Dũng", 7), "judge"),
        ExcludedPerson(Person("Hồ Minh Tâm"), "organizer"),
    ),
)
ENTRY = EntryFacts(
    media_type="print",
    genre="ghi chép",
    published_on=dt.date(2025, 5, 1),
    authors=(Person("Nguyễn Thị Lan"),),
)
AT = dt.datetime(2025, 9, 10, 9, 0, tzinfo=VN_TZ)
CTX = Context(submitted_at=AT)


def broken(entry: EntryFacts = ENTRY, edition: EditionRules = RULES, ctx: Context = CTX) -> list[str]:
    return [e.rule or "" for e in rules.evaluate(entry, edition, ctx)]


def with_(entry: EntryFacts = ENTRY, **kw: object) -> EntryFacts:
    return EntryFacts(**{**entry.__dict__, **kw})  # type: ignore[arg-type]


def test_a_good_entry_breaks_nothing() -> None:
    assert broken() == []


def test_publication_window_first_and_last_day_count() -> None:
    assert rules.publication_window(with_(published_on=dt.date(2025, 1, 1)), RULES, CTX) == []
    assert rules.publication_window(with_(published_on=dt.date(2025, 9, 2)), RULES, CTX) == []
    assert broken(with_(published_on=dt.date(2024, 12, 31))) == ["publication_window"]
    assert broken(with_(published_on=dt.date(2025, 9, 3))) == ["publication_window"]


def test_submission_window_counts_the_last_day_until_midnight_in_vietnam() -> None:
    first = dt.datetime(2025, 9, 3, 0, 0, tzinfo=VN_TZ)
    last = dt.datetime(2025, 9, 15, 23, 59, 59, tzinfo=VN_TZ)
    assert rules.submission_window(ENTRY, RULES, Context(submitted_at=first)) == []
    assert rules.submission_window(ENTRY, RULES, Context(submitted_at=last)) == []
    # 16:59:59 UTC on the 15th is 23:59:59 in Hà Nội: still on time, whatever the server's zone.
    assert rules.submission_window(ENTRY, RULES, Context(submitted_at=last.astimezone(dt.UTC))) == []
    late = Context(submitted_at=last + dt.timedelta(seconds=1))
    early = Context(submitted_at=first - dt.timedelta(seconds=1))
    assert broken(ctx=late) == ["submission_window"]
    assert broken(ctx=early) == ["submission_window"]
    assert "hết hạn" in rules.submission_window(ENTRY, RULES, late)[0].message
    assert "chưa mở" in rules.submission_window(ENTRY, RULES, early)[0].message


def test_media_type_must_be_one_the_edition_takes() -> None:
    assert broken(with_(media_type="photo")) == ["media_type"]
    assert rules.media_type(with_(media_type="television"), RULES, CTX) == []


def test_genre_only_when_the_edition_lists_genres() -> None:
    listed = EditionRules(**{**RULES.__dict__, "genres": frozenset({"Phóng sự", "Ghi chép"})})
    assert rules.genre(with_(genre="GHI CHEP"), listed, CTX) == []
    assert broken(with_(genre="bình luận"), listed) == ["genre"]
    assert broken(with_(genre=None), listed) == ["genre"]
    assert rules.genre(with_(genre=None), RULES, CTX) == []


def test_max_authors_exactly_and_one_more() -> None:
    three = tuple(Person(f"Tác giả {i}") for i in range(3))
    assert rules.max_authors_per_entry(with_(authors=three), RULES, CTX) == []
    assert broken(with_(authors=(*three, Person("Tác giả 4")))) == ["max_authors_per_entry"]


def test_max_entries_per_author_exactly_and_one_more() -> None:
    one_before = Context(submitted_at=AT, other_entries_authors=[(Person("nguyen thi lan"),)])
    two_before = Context(
        submitted_at=AT, other_entries_authors=[(Person("NGUYỄN THỊ LAN"),), (Person("Nguyễn  Thị Lan"),)]
    )
    assert rules.max_entries_per_author(ENTRY, RULES, one_before) == []
    assert broken(ctx=two_before) == ["max_entries_per_author"]


def test_authors_with_accounts_count_by_account_not_by_name() -> None:
    namesake = Context(
        submitted_at=AT,
        other_entries_authors=[(Person("Nguyễn Văn Hùng", 1),), (Person("Nguyễn Văn Hùng", 2),)],
    )
    assert rules.max_entries_per_author(with_(authors=(Person("Nguyễn Văn Hùng", 3),)), RULES, namesake) == []
    assert broken(with_(authors=(Person("Nguyễn Văn Hùng"),)), ctx=namesake) == ["max_entries_per_author"]


def test_excluded_people_by_account_or_by_folded_name() -> None:
    assert broken(with_(authors=(Person("Dũng", 7),))) == ["excluded_person"]
    assert broken(with_(authors=(Person("pham quoc dung"),))) == ["excluded_person"]
    assert broken(with_(authors=(Person("HỒ MINH TÂM"),))) == ["excluded_person"]
    # Same name, different account: a different person.
    assert rules.excluded_person(with_(authors=(Person("Phạm Quốc Dũng", 8),)), RULES, CTX) == []


def test_organiser_and_round_judge_accounts_are_excluded_without_being_listed() -> None:
    committee = Context(submitted_at=AT, organiser_user_ids=frozenset({21}), judge_user_ids=frozenset({22}))
    organiser = with_(authors=(Person("Lý Thị Hoa", 21),))
    judge = with_(authors=(Person("Đỗ Văn Khải", 22),))
    assert broken(organiser, ctx=committee) == ["excluded_person"]
    assert broken(judge, ctx=committee) == ["excluded_person"]
    assert "Ban tổ chức" in rules.excluded_person(organiser, RULES, committee)[0].message
    assert "giám khảo" in rules.excluded_person(judge, RULES, committee)[0].message
    # By account only: the same name without an account, or another account, is someone else.
    assert rules.excluded_person(with_(authors=(Person("Lý Thị Hoa"),)), RULES, committee) == []
    assert rules.excluded_person(with_(authors=(Person("Lý Thị Hoa", 23),)), RULES, committee) == []
    # Outside the committee's accounts the same author may enter.
    assert rules.excluded_person(organiser, RULES, CTX) == []
    # The edition's own list still applies, and an author listed and on the committee is one problem.
    assert broken(with_(authors=(Person("ho minh tam"),)), ctx=committee) == ["excluded_person"]
    both = Context(submitted_at=AT, organiser_user_ids=frozenset({7}))
    [problem] = rules.excluded_person(with_(authors=(Person("Phạm Quốc Dũng", 7),)), RULES, both)
    assert "giám khảo" in problem.message
    assert broken(with_(authors=(Person("Lý Thị Hoa", 21), Person("Đỗ Văn Khải", 22))), ctx=committee) == [
        "excluded_person",
        "excluded_person",
    ]


def test_previously_awarded_forbidden_or_declared() -> None:
    declared = with_(declaration=Declaration("Giải B báo chí tỉnh", dt.date(2024, 6, 21), "UBND tỉnh"))
    assert broken(declared) == ["previously_awarded"]
    declare = EditionRules(**{**RULES.__dict__, "previously_awarded": "declare"})
    assert broken(declared, declare) == []
    assert broken(ENTRY, declare) == []
    incomplete = with_(declaration=Declaration(" ", dt.date(2024, 6, 21), "UBND tỉnh"))
    assert broken(incomplete, declare) == ["previously_awarded"]
    future = with_(declaration=Declaration("Giải A", dt.date(2025, 9, 11), "UBND tỉnh"))
    assert broken(future, declare) == ["previously_awarded"]


def test_unknown_models() -> None:
    ctx = Context(submitted_at=AT, known_model_ids=frozenset({1, 2}))
    assert rules.unknown_model(with_(model_ids=(1, 2)), RULES, ctx) == []
    errors = rules.unknown_model(with_(model_ids=(1, 5, 9)), RULES, ctx)
    assert [e.rule for e in errors] == ["unknown_model"] and "#5" in errors[0].message and "#9" in errors[0].message


def test_duplicates() -> None:
    assert broken(ctx=Context(submitted_at=AT, already_submitted=True)) == ["duplicate"]
    ctx = Context(submitted_at=AT, duplicates=[DuplicateMatch(3, "Đợt thi năm 2024", "url")])
    assert broken(ctx=ctx) == ["duplicate"]


def test_all_rules_together_are_all_reported() -> None:
    bad = EntryFacts(
        media_type="photo",
        genre=None,
        published_on=dt.date(2026, 1, 1),
        authors=tuple(Person(n) for n in ("Phạm Quốc Dũng", "A", "B", "C")),
        model_ids=(99,),
        declaration=Declaration("Giải A", dt.date(2024, 1, 1), "Hội Nhà báo"),
    )
    ctx = Context(
        submitted_at=AT + dt.timedelta(days=30),
        other_entries_authors=[(Person("a"),), (Person("a"),)],
        already_submitted=True,
    )
    assert set(broken(bad, ctx=ctx)) == {
        "publication_window",
        "submission_window",
        "media_type",
        "max_entries_per_author",
        "max_authors_per_entry",
        "previously_awarded",
        "excluded_person",
        "unknown_model",
        "duplicate",
    }


def test_normalize_url() -> None:
    assert rules.normalize_url("https://WWW.Bao.vn/a/?utm_source=x&fbclid=1#top") == "bao.vn/a"
    assert rules.normalize_url("http://bao.vn/a?id=2&b=1") == "bao.vn/a?b=1&id=2"
    assert rules.normalize_url("http://bao.vn:8080/a") == "bao.vn:8080/a"
    assert rules.normalize_url(None) is None and rules.normalize_url("   ") is None


def test_text_fingerprint_ignores_case_accents_and_spacing_but_not_short_texts() -> None:
    text = "Thắp sáng đường quê " * 20
    assert rules.text_fingerprint(text) == rules.text_fingerprint("  " + text.upper().replace(" ", "\n\t "))
    assert rules.text_fingerprint(text) != rules.text_fingerprint(text + " thêm")
    assert rules.text_fingerprint("Xem đường dẫn") is None


names = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạĐđ ", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@given(names)
def test_a_name_is_the_same_person_in_any_case_or_normal_form(name: str) -> None:
    variants = [name.upper(), name.lower(), unicodedata.normalize("NFD", name), f"  {name}  "]
    assert all(rules.same_person(Person(name), Person(v)) for v in variants)


@given(st.integers(min_value=1, max_value=10), st.integers(min_value=0, max_value=12))
def test_author_limit_holds_exactly_up_to_the_maximum(limit: int, earlier: int) -> None:
    edition = EditionRules(**{**RULES.__dict__, "max_entries_per_author": limit})
    ctx = Context(submitted_at=AT, other_entries_authors=[(Person("Nguyễn Thị Lan"),)] * earlier)
    assert (rules.max_entries_per_author(ENTRY, edition, ctx) == []) == (earlier + 1 <= limit)


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_publication_window_is_exactly_the_closed_interval(day: dt.date) -> None:
    inside = RULES.published_from <= day <= RULES.published_to
    assert (rules.publication_window(with_(published_on=day), RULES, CTX) == []) == inside
