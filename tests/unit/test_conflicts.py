"""Conflicts found in the data: author by account or by folded name, submitting unit, unit of a model."""

from __future__ import annotations

from guong_dan_van.judging.conflicts import AuthorFacts, ConflictReason, EntryFacts, JudgeFacts, detect, reasons

JUDGE = JudgeFacts(user_id=5, full_name="Nguyễn Thị Hằng", unit_id=40)


def entry(**kw) -> EntryFacts:
    base = {"id": 1, "authors": (AuthorFacts("Trần Văn Bình"),), "submitted_by_unit": 9, "model_unit_ids": frozenset()}
    return EntryFacts(**{**base, **kw})


def test_an_unrelated_judge_has_no_conflict() -> None:
    assert reasons(JUDGE, entry()) == []


def test_the_judge_is_an_author_by_account_or_by_name_without_accents() -> None:
    assert reasons(JUDGE, entry(authors=(AuthorFacts("Bút danh khác", user_id=5),))) == [ConflictReason.author]
    assert reasons(JUDGE, entry(authors=(AuthorFacts("NGUYEN THI  HANG"),))) == [ConflictReason.author]
    assert reasons(JUDGE, entry(authors=(AuthorFacts("Nguyễn Thị Hạnh"),))) == []  # another name


def test_the_judges_unit_submitted_the_entry_or_owns_its_model() -> None:
    assert reasons(JUDGE, entry(submitted_by_unit=40)) == [ConflictReason.submitting_unit]
    assert reasons(JUDGE, entry(model_unit_ids=frozenset({3, 40}))) == [ConflictReason.model_unit]
    no_unit = JudgeFacts(user_id=6, full_name="Lê Văn C", unit_id=None)
    assert reasons(no_unit, entry(submitted_by_unit=None)) == []


def test_detect_lists_every_conflicted_pair() -> None:
    other = JudgeFacts(user_id=6, full_name="Lê Văn C", unit_id=9)
    found = detect([JUDGE, other], [entry(), entry(id=2, submitted_by_unit=40)])
    assert found == {(6, 1): [ConflictReason.submitting_unit], (5, 2): [ConflictReason.submitting_unit]}
