"""The yearly appraisal of a model as a state machine (pure logic, no I/O).

Each year of a model is one record. Its life:

    (none) --submit--> submitted --review: returned--> returned --submit--> submitted
    submitted --review--> rejected | recognized | exemplary | proposed_for_award | discontinued
    returned  --review--> rejected | discontinued          (the unit never resubmitted)
    recognized --review--> exemplary | proposed_for_award  (named tiêu biểu, then proposed for an award)
    exemplary  --review--> proposed_for_award
    rejected, proposed_for_award, discontinued: final for that year.

Across years (carry-over): a model may be submitted for a new year only when that year is later than
its latest year, its latest year is closed (not submitted or returned), and it was not discontinued.
A unit edits the model itself only while it is a draft (never submitted) or returned.
"""

from __future__ import annotations

from guong_dan_van.registry.schemas import STATUS_LABELS, Decision, ModelLevel, ModelStatus, YearStatus

OPEN = frozenset({YearStatus.submitted, YearStatus.returned})
RECOGNIZED = frozenset({YearStatus.recognized, YearStatus.exemplary, YearStatus.proposed_for_award})
EXEMPLARY = frozenset({YearStatus.exemplary, YearStatus.proposed_for_award})

REVIEW_TRANSITIONS: dict[YearStatus, frozenset[Decision]] = {
    YearStatus.submitted: frozenset(Decision),
    YearStatus.returned: frozenset({Decision.rejected, Decision.discontinued}),
    YearStatus.recognized: frozenset({Decision.exemplary, Decision.proposed_for_award}),
    YearStatus.exemplary: frozenset({Decision.proposed_for_award}),
    YearStatus.rejected: frozenset(),
    YearStatus.proposed_for_award: frozenset(),
    YearStatus.discontinued: frozenset(),
}

EDITABLE_BY_UNIT = frozenset({ModelStatus.draft, ModelStatus.returned})


def _label(status: YearStatus | Decision) -> str:
    return STATUS_LABELS[ModelStatus(status.value)]


class TransitionRefused(Exception):
    """The move is impossible from the current state; the message says why, in Vietnamese."""


def check_submit(year: int, years: dict[int, YearStatus], current_year: int) -> None:
    """May the model be submitted for `year`, given its existing years and their statuses?"""
    if year > current_year + 1:
        raise ValueError(f"Năm {year} chưa tới: chỉ đăng ký được đến năm {current_year + 1}.")
    existing = years.get(year)
    if existing is YearStatus.returned:
        return
    if existing is not None:
        raise TransitionRefused(f"Mô hình đã được đăng ký năm {year} (trạng thái: {_label(existing)}).")
    if not years:
        return
    latest = max(years)
    if year < latest:
        raise TransitionRefused(f"Mô hình đã có hồ sơ năm {latest}; không đăng ký bổ sung cho năm trước đó.")
    if years[latest] in OPEN:
        raise TransitionRefused(f"Hồ sơ năm {latest} đang chờ thẩm định hoặc bổ sung; hãy hoàn tất trước.")
    if years[latest] is YearStatus.discontinued:
        raise TransitionRefused("Mô hình đã dừng hoạt động, không đăng ký tiếp được.")


def check_review(year: int, current: YearStatus | None, decision: Decision) -> None:
    if current is None:
        raise TransitionRefused(f"Mô hình chưa được đăng ký năm {year}, chưa thể thẩm định.")
    if decision not in REVIEW_TRANSITIONS[current]:
        raise TransitionRefused(f"Không thể chuyển hồ sơ năm {year} từ “{_label(current)}” sang “{_label(decision)}”.")


def model_status(years: dict[int, YearStatus]) -> tuple[ModelStatus, int | None]:
    """The status shown in lists: the latest year's, or draft when never submitted."""
    if not years:
        return ModelStatus.draft, None
    latest = max(years)
    return ModelStatus(years[latest].value), latest


def unit_may_edit(status: ModelStatus) -> bool:
    return status in EDITABLE_BY_UNIT


def resolve_successors(successor_of: dict[int, int | None]) -> dict[int, int]:
    """Map every unit to the last unit of its successor chain (merged units roll up to who carries on).

    A chain that loops (bad data) stops at the first unit seen twice rather than spinning.
    """
    resolved: dict[int, int] = {}
    for start in successor_of:
        seen = [start]
        current = start
        while True:
            nxt = successor_of.get(current)
            if nxt is None or nxt in seen:
                break
            if nxt in resolved:
                current = resolved[nxt]
                break
            seen.append(nxt)
            current = nxt
        for unit_id in seen:
            resolved[unit_id] = current
    return resolved


# The district level (cấp huyện) ended on 1 July 2025: no year after 2025 is registered at that level.
LAST_DISTRICT_YEAR = 2025
DISTRICT_ENDED = "Cấp huyện đã kết thúc từ ngày 01/7/2025; hãy chọn cấp cơ sở hoặc cấp tỉnh."


def check_level_for_year(level: ModelLevel, year: int) -> None:
    """ValueError for a district-level model registered for a year after the district level ended."""
    if level is ModelLevel.district and year > LAST_DISTRICT_YEAR:
        raise ValueError(DISTRICT_ENDED)


def district_offered(current_level: ModelLevel | None, year: int) -> bool:
    """Does the form offer the district level? On older records that have it, and for years up to 2025."""
    return current_level is ModelLevel.district or year <= LAST_DISTRICT_YEAR
