"""Results of a round through the API: the four methods on numbers computed by hand, judges' statistics,
the flags where the method matters, the shortlist into the final round, and bad input."""

from __future__ import annotations

import httpx
import pytest

from guong_dan_van.core.permissions import Role
from guong_dan_van.judging.tables import LedgerEvent, ShortlistEntry
from tests.api.results_helpers import ids, results, scored_room
from tests.conftest import LoginAs


async def test_the_four_methods_on_a_round_computed_by_hand(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    r = await scored_room(client, admin)
    a, b, c, d = ids(r)
    # S per entry (gk1, gk2, gk3): A 60 80 70 · B 50 90 85 · C 70 75 65 · D 40 60 50.
    # mean: B 75, A 70, C 70, D 50; A and C tie on score, median (70) and n (3): the lower id first.
    mean = await results(client, admin, r.round_id, "mean")
    assert mean["method"] == "mean"
    got = [(i["entry_id"], i["rank"], i["score"], i["tied"]) for i in mean["items"]]
    assert got == [(b, 1, pytest.approx(75), False), (a, 2, pytest.approx(70), True),
                   (c, 3, pytest.approx(70), True), (d, 4, pytest.approx(50), False)]  # fmt: skip
    row_b = mean["items"][0]
    # B: median 85; population stdev √((25² + 15² + 10²)/3) = √(950/3) = 17.795130…
    assert row_b["median"] == pytest.approx(85) and row_b["stdev"] == pytest.approx(17.795130, abs=1e-6)
    assert row_b["n_scores"] == 3 and row_b["mean"] == pytest.approx(75)
    # median: B 85 first, then A and C (70, tied), D 50; trimmed mean of three reviews is the mean.
    median = await results(client, admin, r.round_id, "median")
    assert [(i["entry_id"], i["score"]) for i in median["items"]] == [
        (b, pytest.approx(85)), (a, pytest.approx(70)), (c, pytest.approx(70)), (d, pytest.approx(50))
    ]  # fmt: skip
    trimmed = await results(client, admin, r.round_id, "trimmed_mean")
    assert [i["score"] for i in trimmed["items"]] == [i["score"] for i in mean["items"]]
    # z-score. Round: Σ S = 795, μ = 66.25, Σ S² = 55175, σ² = 55175/12 − 66.25² = 208.854166…, σ = 14.451787.
    # gk1: μ 55, σ √125; gk2: μ 76.25, σ √117.1875; gk3: μ 67.5, σ 12.5.
    # A: z = 5/√125, 3.75/√117.1875, 2.5/12.5 → mean 0.331208 → 66.25 + σ·0.331208 = 71.036547
    # C: z = 15/√125, −1.25/√117.1875, −0.2 → mean 0.342057 → 71.193334: the harsh judge liked C, so C passes A.
    z = await results(client, admin, r.round_id, "zscore")
    assert [(i["entry_id"], i["rank"]) for i in z["items"]] == [(b, 1), (c, 2), (a, 3), (d, 4)]
    scores = {i["entry_id"]: i["score"] for i in z["items"]}
    assert scores[a] == pytest.approx(71.036547, abs=1e-6) and scores[c] == pytest.approx(71.193334, abs=1e-6)
    assert scores[b] == pytest.approx(76.958568, abs=1e-6) and scores[d] == pytest.approx(45.811552, abs=1e-6)
    row_a = next(i for i in z["items"] if i["entry_id"] == a)
    assert row_a["ranks_by_method"] == {"mean": 2, "median": 2, "trimmed_mean": 2, "zscore": 3}
    assert not row_a["tied"]


async def test_judges_statistics_show_the_harsh_and_the_lenient(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin)
    judges = {j["full_name"]: j for j in (await results(client, admin, r.round_id, "mean"))["judges"]}
    # gk1: 60 50 70 40 → mean 55, stdev √125; against the other two on each entry: 60−75, 50−87.5, 70−70, 40−55
    harsh = judges["Trần Văn Khắt"]
    assert harsh["mean"] == pytest.approx(55) and harsh["stdev"] == pytest.approx(125**0.5)
    assert harsh["distance_from_panel"] == pytest.approx(-16.875)  # (−15 − 37.5 + 0 − 15) / 4
    assert judges["Lê Thị Rộng"]["distance_from_panel"] == pytest.approx(15)
    assert judges["Phạm Văn Vừa"]["n_scores"] == 4


async def test_flags_where_the_method_moves_an_entry_across_the_line_or_a_tier(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin)
    a, b, c, d = ids(r)
    got = await results(client, admin, r.round_id, "mean")
    assert got["line"] is None and not any(i["crosses_line"] for i in got["items"])
    # print prizes: 1 A, 1 B, then 1 khuyến khích for every type: A is 2nd in print (B) by the mean, 3rd (KK) by z
    moves = {i["entry_id"]: i["tier_moves"] for i in got["items"]}
    assert moves == {a: True, b: False, c: True, d: False}
    lined = await client.get(f"/api/rounds/{r.round_id}/results", params={"line": 2}, headers=admin)
    crosses = {i["entry_id"]: i["crosses_line"] for i in lined.json()["items"]}
    assert crosses == {a: True, b: False, c: True, d: False}


async def test_shortlist_the_top_per_media_type_into_the_final_round(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin, close=False)
    body = {"top": 1, "per_media_type": True}
    not_closed = await client.post(f"/api/rounds/{r.round_id}/shortlist", json=body, headers=admin)
    assert not_closed.status_code == 409 and not await ShortlistEntry.count().run()
    assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).status_code == 200
    a, b, c, d = ids(r)
    top2 = await client.post(f"/api/rounds/{r.round_id}/shortlist", json={"top": 2}, headers=admin)
    assert top2.status_code == 200 and top2.json()["entry_ids"] == [b, a]
    by_z = await client.post(f"/api/rounds/{r.round_id}/shortlist", json={"top": 2, "method": "zscore"}, headers=admin)
    assert by_z.json()["entry_ids"] == [b, c]
    above = await client.post(f"/api/rounds/{r.round_id}/shortlist", json={"min_score": 70}, headers=admin)
    assert above.json()["entry_ids"] == [b, a, c]
    per_type = await client.post(f"/api/rounds/{r.round_id}/shortlist", json=body, headers=admin)
    assert per_type.json()["entry_ids"] == [b, d]
    assert (await client.get(f"/api/rounds/{r.round_id}/shortlist", headers=admin)).json()["entry_ids"] == [b, d]
    funnel = (await client.get(f"/api/editions/{r.edition_id}/funnel", headers=admin)).json()
    assert funnel["total"]["shortlisted"] == 2
    assert {row["media_type"]: row["shortlisted"] for row in funnel["items"]}["print"] == 1
    # the final round (chung khảo) judges only the shortlist
    final = await client.post(
        f"/api/editions/{r.edition_id}/rounds",
        json={"name": "Chung khảo", "stage": "final", "judges_per_entry": 1, "source_round_id": r.round_id},
        headers=admin,
    )
    assert final.status_code == 201, final.text
    final_id = final.json()["id"]
    await client.post(f"/api/rounds/{final_id}/judges", json={"user_id": r.judges["gk3"]}, headers=admin)
    plan = (await client.post(f"/api/rounds/{final_id}/assign", headers=admin)).json()
    assert sorted(p["entry_id"] for p in plan["assignments"]) == [b, d]
    assert (await client.post(f"/api/rounds/{final_id}/open", headers=admin)).status_code == 200
    # once the final has started, the preliminary's shortlist stays as it is
    again = await client.post(f"/api/rounds/{r.round_id}/shortlist", json={"top": 3}, headers=admin)
    assert again.status_code == 409


async def test_bad_input_to_results_and_shortlist_is_a_problem_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    r = await scored_room(client, admin)
    events = await LedgerEvent.count().run()
    url = f"/api/rounds/{r.round_id}"
    cases = [
        ("get", f"{url}/results?method=average", None, 400),
        ("get", f"{url}/results?line=0", None, 400),
        ("get", f"{url}/results?line=abc", None, 400),
        ("get", "/api/rounds/999999/results", None, 404),
        ("get", "/api/rounds/99999999999999999999/results", None, 404),
        ("get", f"{url}/results.xlsx?method=x", None, 400),
        ("post", f"{url}/shortlist", {}, 422),
        ("post", f"{url}/shortlist", {"top": 0}, 400),
        ("post", f"{url}/shortlist", {"top": "two"}, 400),
        ("post", f"{url}/shortlist", {"top": 10**12}, 400),
        ("post", f"{url}/shortlist", {"min_score": 101}, 400),
        ("post", f"{url}/shortlist", {"top": 1, "colour": "red"}, 400),
        ("post", f"{url}/shortlist", {"top": 1, "method": "vote"}, 400),
        ("post", "/api/rounds/999999/shortlist", {"top": 1}, 404),
        ("post", f"{url}/finalize", {"method": "vote"}, 400),
        ("post", f"{url}/finalize", [1, 2], 400),
    ]
    for method, path, body, status in cases:
        got = await client.request(method.upper(), path, json=body, headers=admin)
        assert got.status_code == status, (path, body, got.text)
        assert got.headers["content-type"].startswith("application/problem+json"), path
    judge = r.headers["gk1"]
    assert (await client.get(f"{url}/results", headers=judge)).status_code == 403
    assert (await client.post(f"{url}/shortlist", json={"top": 1}, headers=judge)).status_code == 403
    assert (await client.post(f"{url}/finalize", headers=judge)).status_code == 403
    unit = await login_as(Role.unit)
    assert (await client.get(f"{url}/results.xlsx", headers=unit)).status_code == 403
    assert await LedgerEvent.count().run() == events and not await ShortlistEntry.count().run()
