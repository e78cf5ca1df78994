"""The pure rules of publishing: transitions, embargo, schedule, and what is public at a given moment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.publishing.rules import (
    embargo_problem,
    is_public,
    public_since,
    schedule_problem,
    transition_problem,
)

CEREMONY = dt.datetime(2026, 10, 15, 8, 0, tzinfo=VN_TZ)
HOUR = dt.timedelta(hours=1)


@dataclass
class Pub:
    channel: str = "website"
    status: str = "published"
    scheduled_for: dt.datetime | None = None
    embargo_until: dt.datetime | None = None


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("queued", "scheduled", True),
        ("queued", "published", True),
        ("queued", "withdrawn", True),
        ("scheduled", "scheduled", True),
        ("scheduled", "published", True),
        ("scheduled", "withdrawn", True),
        ("published", "withdrawn", True),
        ("published", "scheduled", False),
        ("published", "published", False),
        ("withdrawn", "published", False),
        ("withdrawn", "scheduled", False),
        ("withdrawn", "withdrawn", False),
    ],
)
def test_transitions(current: str, target: str, allowed: bool) -> None:
    problem = transition_problem(current, target)
    assert (problem is None) is allowed
    if current == "withdrawn":
        assert problem and "hàng chờ" in problem


def test_publishing_before_the_embargo_is_refused_in_vietnamese() -> None:
    problem = embargo_problem(CEREMONY, CEREMONY - dt.timedelta(minutes=1))
    assert problem and "08:00 15/10/2026" in problem
    assert embargo_problem(CEREMONY, CEREMONY) is None
    assert embargo_problem(None, CEREMONY) is None


def test_a_schedule_lies_ahead_and_not_before_the_embargo() -> None:
    assert schedule_problem(CEREMONY - HOUR, None, CEREMONY) == "Thời điểm lên lịch đăng phải ở tương lai."
    assert schedule_problem(CEREMONY + HOUR, CEREMONY + 2 * HOUR, CEREMONY)
    assert schedule_problem(CEREMONY + HOUR, CEREMONY, CEREMONY - HOUR) is None
    assert schedule_problem(None, CEREMONY, CEREMONY) is None


@pytest.mark.parametrize(
    ("pub", "now", "public"),
    [
        (Pub(), CEREMONY, True),
        (Pub(channel="radio"), CEREMONY, False),
        (Pub(embargo_until=CEREMONY), CEREMONY - HOUR, False),
        (Pub(embargo_until=CEREMONY), CEREMONY, True),
        (Pub(status="scheduled", scheduled_for=CEREMONY), CEREMONY - HOUR, False),
        (Pub(status="scheduled", scheduled_for=CEREMONY), CEREMONY + HOUR, True),
        (Pub(status="scheduled", scheduled_for=None), CEREMONY, False),
        (Pub(status="scheduled", scheduled_for=CEREMONY, embargo_until=CEREMONY + 2 * HOUR), CEREMONY + HOUR, False),
        (Pub(status="queued"), CEREMONY, False),
        (Pub(status="withdrawn"), CEREMONY, False),
        (Pub(status="withdrawn", scheduled_for=CEREMONY - HOUR), CEREMONY, False),
    ],
)
def test_what_is_public(pub: Pub, now: dt.datetime, public: bool) -> None:
    assert is_public(pub, now) is public


def test_a_story_is_public_since_its_publication_its_schedule_or_its_embargo() -> None:
    assert public_since(Pub(), CEREMONY) == CEREMONY
    assert public_since(Pub(embargo_until=CEREMONY + HOUR), CEREMONY) == CEREMONY + HOUR
    assert public_since(Pub(status="scheduled", scheduled_for=CEREMONY), None) == CEREMONY
    assert public_since(Pub(status="queued"), None) is None


def test_the_stories_query_names_the_recognised_statuses() -> None:
    from guong_dan_van.publishing.services.items import _MODEL_STORIES_FROM, RECOGNISED

    for status in RECOGNISED:
        assert f"'{status}'" in _MODEL_STORIES_FROM
