"""The demo data are files of the package: found through importlib.resources, shipped by pyproject, and
consistent (every unit, login and model they name exists; dates and levels read true)."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path

from guong_dan_van.demo import DEMO_LOGINS
from guong_dan_van.demo.loader import DATA, read
from guong_dan_van.demo.schemas import DemoContest, DemoModels, DemoUnit
from guong_dan_van.registry.schemas import ModelLevel

FILES = {"units.json", "logins.json", "models.json", "contest.json"}
ROOT = Path(__file__).resolve().parents[2]


def test_the_loader_reads_its_files_through_importlib_resources() -> None:
    shipped = resources.files("guong_dan_van.demo").joinpath("data")
    assert {p.name for p in shipped.iterdir() if p.name.endswith(".json")} == FILES
    assert str(DATA) == str(shipped)
    for name in FILES:
        assert DATA.joinpath(name).read_bytes() == shipped.joinpath(name).read_bytes()


def test_pyproject_ships_the_data_files() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "demo/data/*.json" in pyproject["tool"]["setuptools"]["package-data"]["guong_dan_van"]


def test_every_name_in_the_files_points_at_something_that_exists() -> None:
    units = read("units.json", list[DemoUnit])
    codes = {u.code for u in units}
    assert len(codes) == len(units)
    assert all(u.parent in codes for u in units if u.parent) and all(u.successor in codes for u in units if u.successor)
    assert all(login.unit in codes for login in DEMO_LOGINS if login.unit)
    models = read("models.json", DemoModels)
    titles = {m.title for m in models.models}
    assert len(titles) == len(models.models)  # entries link models by title
    assert all(m.unit in codes and all(r.unit in codes for r in m.replications) for m in models.models)
    contest = read("contest.json", DemoContest)
    usernames = {login.username for login in DEMO_LOGINS}
    assert all(x.login in usernames for x in contest.excluded_people if x.login)
    for edition in contest.editions:
        for entry in edition.entries:
            assert entry.unit in codes and set(entry.models) <= titles, entry.title


def test_the_files_keep_contest_dates_inside_the_period_and_no_district_after_2025() -> None:
    contest = read("contest.json", DemoContest)
    assert (contest.period_from, contest.period_to) == (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
    fixed = [e for e in contest.editions if e.submit_days_around_seed_day is None]
    open_around_seeding = [e.name for e in contest.editions if e.submit_days_around_seed_day is not None]
    assert open_around_seeding == ["Đợt dùng thử (mở để thử biểu mẫu)"]
    for e in fixed:
        dates = [e.published_from, e.published_to, e.submit_from, e.submit_to]
        assert all(d is not None and contest.period_from <= d <= contest.period_to for d in dates), e.name
        if e.year is not None:
            assert all(d is not None and d.year == e.year for d in dates), e.name
        for entry in e.entries:  # submitted inside the window, screened after that
            if entry.submitted_on is not None:
                assert e.submit_from is not None and e.submit_to is not None
                assert e.submit_from <= entry.submitted_on <= e.submit_to, entry.title
                assert entry.screened_on is None or entry.screened_on >= entry.submitted_on, entry.title
    for m in read("models.json", DemoModels).models:
        assert not (m.level is ModelLevel.district and any(y.year > 2025 for y in m.years)), m.title
