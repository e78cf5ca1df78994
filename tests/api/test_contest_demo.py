"""The demo press contest loads on both engines and shows every state of an entry."""

from __future__ import annotations

from piccolo.engine.base import Engine

from guong_dan_van.contest.tables import Contest, Edition, Entry
from guong_dan_van.demo import seed_demo
from tests.conftest import TEST_HASHER


async def test_demo_contest_has_five_editions_and_entries_in_every_state(db: Engine) -> None:
    assert await seed_demo(hasher=TEST_HASHER)
    assert await Contest.count().run() == 1
    assert await Edition.count().run() == 5  # 2023, 2024, 2025, the final, the trial
    assert await Entry.count().run() >= 28
    states = {r["status"] for r in await Entry.select(Entry.status).distinct().run()}
    assert states == {"draft", "submitted", "eligible", "ineligible"}
