"""The loaded demo reads true: the contest 2021–2025 keeps its dates inside the period (one named trial edition
excepted), and no model is at district level for a year after the district level ended (1 July 2025)."""

from __future__ import annotations

import datetime as dt

from piccolo.engine.base import Engine

from guong_dan_van.contest.tables import Contest, Edition
from guong_dan_van.core.clock import today_vn
from guong_dan_van.demo import seed_demo
from guong_dan_van.registry.tables import ModelYear
from tests.conftest import TEST_HASHER

PERIOD = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
TRIAL = "Đợt dùng thử (mở để thử biểu mẫu)"


async def test_demo_contest_dates_and_model_levels_read_true(db: Engine) -> None:
    assert await seed_demo(hasher=TEST_HASHER)
    contest = await Contest.select(Contest.period_from, Contest.period_to).first().run()
    assert contest is not None
    assert (contest["period_from"], contest["period_to"]) == PERIOD

    editions = await Edition.select(*Edition.all_columns()).order_by(Edition.id).run()
    today = today_vn()
    outside = []
    for e in editions:
        dates = [e["published_from"], e["published_to"], e["submit_from"], e["submit_to"]]
        if not all(PERIOD[0] <= d <= PERIOD[1] for d in dates):
            outside.append(e["name"])
        if e["kind"] == "yearly":
            assert all(d.year == e["year"] for d in dates), e["name"]
    assert outside == [TRIAL]  # the only edition outside the period, and its name says why
    trial = next(e for e in editions if e["name"] == TRIAL)
    assert trial["submit_from"] <= today <= trial["submit_to"]  # open today, so the forms can be tried
    assert [e["name"] for e in editions if e["submit_from"] <= today <= e["submit_to"]] == [TRIAL]

    years = await ModelYear.select(ModelYear.year, ModelYear.model.level, ModelYear.model.title).run()
    assert years, "the demo registers models"
    district_after_2025 = [r for r in years if r["year"] > 2025 and r["model.level"] == "district"]
    assert district_after_2025 == []
