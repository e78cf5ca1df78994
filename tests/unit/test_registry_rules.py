"""Pure registry logic: the yearly state machine, successor chains, numbers as sheets write them, stats sums."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guong_dan_van.registry import excel, rules
from guong_dan_van.registry.markdown import render
from guong_dan_van.registry.schemas import Decision, ModelStatus, StatsCell, YearStatus
from guong_dan_van.registry.stats import Rollup, aggregate, roll_up

S = YearStatus


def test_first_submission_and_resubmission_after_return_are_allowed() -> None:
    rules.check_submit(2024, {}, 2025)
    rules.check_submit(2024, {2024: S.returned}, 2025)


@pytest.mark.parametrize(
    ("year", "years", "reason"),
    [
        (2024, {2024: S.submitted}, "đã được đăng ký"),
        (2024, {2024: S.recognized}, "đã được đăng ký"),
        (2023, {2024: S.recognized}, "năm trước"),
        (2025, {2024: S.submitted}, "chờ thẩm định"),
        (2025, {2024: S.returned}, "chờ thẩm định"),
        (2025, {2024: S.discontinued}, "dừng"),
    ],
)
def test_impossible_submissions_are_refused(year: int, years: dict[int, YearStatus], reason: str) -> None:
    with pytest.raises(rules.TransitionRefused, match=reason):
        rules.check_submit(year, years, 2025)


def test_carry_over_after_recognition_or_rejection() -> None:
    for closed in (S.recognized, S.exemplary, S.proposed_for_award, S.rejected):
        rules.check_submit(2025, {2024: closed}, 2025)


def test_a_year_too_far_ahead_is_a_value_error_not_a_conflict() -> None:
    with pytest.raises(ValueError, match="chưa tới"):
        rules.check_submit(2027, {}, 2025)


def test_review_ladder() -> None:
    rules.check_review(2024, S.submitted, Decision.returned)
    rules.check_review(2024, S.recognized, Decision.exemplary)
    rules.check_review(2024, S.exemplary, Decision.proposed_for_award)
    rules.check_review(2024, S.returned, Decision.rejected)
    for current, decision in [
        (None, Decision.recognized),
        (S.recognized, Decision.recognized),
        (S.exemplary, Decision.recognized),
        (S.rejected, Decision.recognized),
        (S.proposed_for_award, Decision.exemplary),
        (S.returned, Decision.recognized),
    ]:
        with pytest.raises(rules.TransitionRefused):
            rules.check_review(2024, current, decision)


def test_model_status_is_the_latest_year() -> None:
    assert rules.model_status({}) == (ModelStatus.draft, None)
    assert rules.model_status({2023: S.exemplary, 2024: S.submitted}) == (ModelStatus.submitted, 2024)
    assert rules.unit_may_edit(ModelStatus.returned) and not rules.unit_may_edit(ModelStatus.submitted)


def test_successor_chains_are_followed_to_the_end_and_loops_stop() -> None:
    assert rules.resolve_successors({1: 2, 2: 3, 3: None, 4: None}) == {1: 3, 2: 3, 3: 3, 4: 4}
    looped = rules.resolve_successors({1: 2, 2: 1})
    assert looped[1] in {1, 2} and looped[2] in {1, 2}


@given(st.dictionaries(st.integers(1, 30), st.integers(1, 31), max_size=30))
def test_without_loops_every_unit_rolls_up_to_a_unit_with_no_successor(raw: dict[int, int]) -> None:
    # Successors only to later ids: a chain without loops, as the 2025 reform produces.
    successor_of: dict[int, int | None] = {k: (v if v > k else None) for k, v in raw.items()}
    resolved = rules.resolve_successors(successor_of)
    assert set(successor_of) <= set(resolved)
    for target in resolved.values():
        assert successor_of.get(target) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("270", 270), ("10.700", 10700), ("10,700", 10700), ("2,5", 2.5), ("1.234.567", 1234567),
     ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("0.125", 0.125), ("-3", -3), ("70 000 000", 70_000_000)],
)  # fmt: skip
def test_numbers_as_vietnamese_and_english_sheets_write_them(text: str, value: float) -> None:
    assert excel.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "12.34.56", "1.2.3", "mười"])
def test_not_numbers(text: str) -> None:
    assert excel.parse_number(text) is None


@given(st.integers(0, 10**12))
def test_thousands_with_dots_round_trip(n: int) -> None:
    assert excel.parse_number(f"{n:,}".replace(",", ".")) == n


def test_results_cell() -> None:
    assert excel.parse_results("Đèn chiếu sáng: 270 đèn; Đường: 10.700 m\nKinh phí: 70 triệu đồng") == [
        {"label": "Đèn chiếu sáng", "value": 270, "unit": "đèn"},
        {"label": "Đường", "value": 10700, "unit": "m"},
        {"label": "Kinh phí", "value": 70, "unit": "triệu đồng"},
    ]
    assert excel.parse_results("270 đèn") == [{"label": "đèn", "value": 270, "unit": "đèn"}]
    assert excel.parse_results("nhiều đèn") is None


def test_header_row_is_found_under_a_title_and_values_are_folded() -> None:
    sheet = excel.parse_sheet(
        [
            ("DANH SÁCH MÔ HÌNH NĂM 2024",),
            (),
            ("TEN MO HINH, DIEN HINH", "loai", "LĨNH VỰC", "Cấp", "Tóm tắt", "Ghi chú"),
            ("Dân vận số", "ĐIỂN HÌNH", "Xây dựng Đảng và hệ thống chính trị", "cấp tỉnh", "Họp dân qua Zalo.", "x"),
        ]
    )
    assert sheet.errors == [] and sheet.ignored_columns == ["Ghi chú"]
    row = sheet.rows[0]
    assert row.row == 4
    assert row.values["kind"] == "individual" and row.values["field"] == "political_system"
    assert row.values["level"] == "province"


def test_missing_required_columns_are_one_error_on_the_header_row() -> None:
    sheet = excel.parse_sheet([("Tên mô hình", "Loại")])
    assert len(sheet.errors) == 1 and "Lĩnh vực" in sheet.errors[0].message and sheet.errors[0].row == 1


def test_stats_aggregate_adds_up_and_rollup_merges_cells() -> None:
    cells = [
        StatsCell(field="economy", level="grassroots", kind="collective", unit_id=1, status="recognized", count=2),
        StatsCell(field="economy", level="grassroots", kind="collective", unit_id=2, status="recognized", count=3),
        StatsCell(field="economy", level="grassroots", kind="individual", unit_id=2, status="submitted", count=1),
    ]
    merged = roll_up(cells, {1: 3, 2: 3})
    assert [(c.unit_id, c.count) for c in merged] == [(3, 5), (3, 1)]
    stats = aggregate(merged, year=2024, rollup=Rollup.successor, unit_names={3: "Xã Phú Lâm"})
    assert stats.total == 6 and stats.by_unit == {"3": 6} and stats.unit_names == {"3": "Xã Phú Lâm"}
    assert (stats.funnel.registered, stats.funnel.recognized, stats.funnel.exemplary) == (6, 5, 0)


def test_markdown_is_rendered_and_sanitised() -> None:
    html = render("**Đậm** <img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://dan.vn)")
    assert "<strong>Đậm</strong>" in html
    assert "<img" not in html and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="https://dan.vn"' in html and "nofollow" in html
    assert render("   ") == ""
