"""Conflicts of interest found in the data (JUDGING.md, "Assignment"). Pure functions.

A judge may not judge an entry when they are one of its authors (the same account, or the same name once
case and accents are folded), when their unit submitted it, or when their unit owns a model it writes about.
Declared conflicts come from `/conflicts`; these are the ones nobody has to declare.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from guong_dan_van.core.text import fold_vietnamese


class ConflictReason(StrEnum):
    author = "author"  # giám khảo là tác giả
    submitting_unit = "submitting_unit"  # đơn vị của giám khảo gửi tác phẩm
    model_unit = "model_unit"  # đơn vị của giám khảo có mô hình được viết về


REASON_LABELS = {
    ConflictReason.author: "Giám khảo là tác giả của tác phẩm",
    ConflictReason.submitting_unit: "Đơn vị của giám khảo gửi tác phẩm",
    ConflictReason.model_unit: "Tác phẩm viết về mô hình của đơn vị giám khảo",
}


@dataclass(frozen=True)
class JudgeFacts:
    user_id: int
    full_name: str
    unit_id: int | None


@dataclass(frozen=True)
class AuthorFacts:
    name: str
    user_id: int | None = None


@dataclass(frozen=True)
class EntryFacts:
    id: int
    authors: tuple[AuthorFacts, ...]
    submitted_by_unit: int | None
    model_unit_ids: frozenset[int] = frozenset()


def reasons(judge: JudgeFacts, entry: EntryFacts) -> list[ConflictReason]:
    """Every reason the data gives for keeping this judge off this entry (none: no conflict)."""
    found = []
    folded = fold_vietnamese(judge.full_name)
    if any(a.user_id == judge.user_id or (folded and fold_vietnamese(a.name) == folded) for a in entry.authors):
        found.append(ConflictReason.author)
    if judge.unit_id is not None and entry.submitted_by_unit == judge.unit_id:
        found.append(ConflictReason.submitting_unit)
    if judge.unit_id is not None and judge.unit_id in entry.model_unit_ids:
        found.append(ConflictReason.model_unit)
    return found


def detect(judges: Iterable[JudgeFacts], entries: Iterable[EntryFacts]) -> dict[tuple[int, int], list[ConflictReason]]:
    """(judge user id, entry id) → reasons, for every pair the data puts in conflict."""
    entries = list(entries)
    out: dict[tuple[int, int], list[ConflictReason]] = {}
    for judge in judges:
        for entry in entries:
            found = reasons(judge, entry)
            if found:
                out[(judge.user_id, entry.id)] = found
    return out
