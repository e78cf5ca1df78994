"""The judging room through the API: rounds, panels, conflicts, assignment, scores, ledger."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from guong_dan_van.core.permissions import Role
from guong_dan_van.judging.tables import Assignment, LedgerEvent, Score
from tests.api.judging_helpers import Room, eligible_entry, make_judge, room
from tests.api.test_contest import make_edition, new_entry, rules_of, submit
from tests.conftest import LoginAs, model_body

THREE_PRINT = [{"title": f"Bài báo in số {i}", "media_type": "print"} for i in range(3)]
GOOD = {"noi_dung": 40, "hinh_thuc": 25, "hieu_qua": 15}


async def opened(client: httpx.AsyncClient, admin: dict[str, str], r: Room) -> dict[str, Any]:
    assigned = await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)
    assert assigned.status_code == 200, assigned.text
    assert (await client.post(f"/api/rounds/{r.round_id}/open", headers=admin)).status_code == 200
    return assigned.json()


async def test_a_round_gets_the_press_awards_rubric_and_walks_setup_open_closed(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(client, admin, entries=THREE_PRINT, judges=[("gk1", "Lê Văn Một", None), ("gk2", "Phạm Hai", None)])
    got = (await client.get(f"/api/rounds/{r.round_id}", headers=admin)).json()
    assert got["status"] == "setup" and [c["key"] for c in got["criteria"]] == ["noi_dung", "hinh_thuc", "hieu_qua"]
    assert got["criteria"][0]["label"] == "Nội dung, tính phát hiện"
    assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).status_code == 409
    assert (await client.post(f"/api/rounds/{r.round_id}/open", headers=admin)).status_code == 409  # nothing assigned
    plan = await opened(client, admin, r)
    assert len(plan["assignments"]) == 6
    assert (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).status_code == 409  # open now
    assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).json()["status"] == "closed"
    entry_id = r.entries[0]["id"]
    put = await client.put(
        f"/api/rounds/{r.round_id}/scores/{entry_id}", json={"scores": GOOD}, headers=r.headers["gk1"]
    )
    assert put.status_code == 409
    ledger = (await client.get(f"/api/rounds/{r.round_id}/ledger", headers=admin)).json()
    assert ledger["valid"] and [e["kind"] for e in ledger["events"]][-3:] == ["assign", "round.open", "round.close"]
    assert ledger["head"] == ledger["events"][-1]["hash"]


async def test_only_the_committee_sets_up_and_a_judge_sees_only_their_rounds(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    r = await room(client, admin, entries=THREE_PRINT[:1], judges=[("gk1", "Lê Văn Một", None)])
    unit = await login_as(Role.unit)
    body = {"name": "X", "stage": "final"}
    assert (await client.post(f"/api/editions/{r.edition_id}/rounds", json=body, headers=unit)).status_code == 403
    assert (
        await client.post(f"/api/editions/{r.edition_id}/rounds", json=body, headers=r.headers["gk1"])
    ).status_code == 403
    _outsider_id, outsider = await make_judge(client, "gk9", "Người Ngoài")
    assert (await client.get(f"/api/rounds/{r.round_id}", headers=outsider)).status_code == 404
    assert (await client.get(f"/api/rounds/{r.round_id}", headers=r.headers["gk1"])).status_code == 200
    assert (await client.get(f"/api/rounds/{r.round_id}/ledger", headers=r.headers["gk1"])).status_code == 403
    bad = await client.post(
        f"/api/editions/{r.edition_id}/rounds",
        json={"name": "X", "stage": "final", "criteria": [{"key": "a", "label": "A", "weight": 0, "max": 10}]},
        headers=admin,
    )
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")


async def test_panels_by_media_type_and_a_judge_on_two_panels(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    entries = [{"title": f"In {i}", "media_type": "print"} for i in range(2)]
    entries += [{"title": f"Phát thanh {i}", "media_type": "radio"} for i in range(2)]
    r = await room(
        client,
        admin,
        entries=entries,
        per_entry=1,
        judges=[
            ("in1", "Báo In Một", ["print"]),
            ("pt1", "Phát Thanh Một", ["radio"]),
            ("hai", "Hai Tiểu Ban", ["print"]),
        ],
    )
    again = await client.post(
        f"/api/rounds/{r.round_id}/judges", json={"user_id": r.judges["hai"], "media_types": ["radio"]}, headers=admin
    )
    assert again.json()["media_types"] == ["print", "radio"]
    plan = (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).json()["assignments"]
    kind = {e["id"]: e["media_type"] for e in r.entries}
    for pair in plan:
        judge = next(n for n, i in r.judges.items() if i == pair["judge_id"])
        assert judge == "hai" or {"in1": "print", "pt1": "radio"}[judge] == kind[pair["entry_id"]]
    assert any(r.judges["hai"] == p["judge_id"] for p in plan)


async def test_not_enough_judges_is_409_naming_the_entries_and_nothing_assigned(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    entries = [{"title": "In", "media_type": "print"}, {"title": "Truyền hình", "media_type": "television"}]
    r = await room(client, admin, entries=entries, judges=[("a", "A Một", None), ("b", "B Hai", ["print"])])
    res = await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)
    assert res.status_code == 409 and res.json()["entry_ids"] == [r.entries[1]["id"]]
    assert res.json()["errors"][0]["rule"] == "not_enough_judges"
    assert await Assignment.count().run() == 0


async def test_conflicts_found_in_the_data(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> None:
    from tests.api.test_contest import new_entry  # noqa: F401 (same helpers)
    from tests.conftest import make_unit

    r = await room(client, admin, entries=[], judges=[])
    judge_unit = await make_unit("Huyện Đoàn Bình Sơn")
    author_id, _ = await make_judge(client, "tacgia", "Nguyễn Thị Lan")  # same name as the default author
    account_id, _ = await make_judge(client, "taikhoan", "Người Có Tài Khoản")
    unit_judge_id, _ = await make_judge(client, "donvi", "Trần Đơn Vị", judge_unit)
    unit_headers = await login_as(Role.unit, unit_id=judge_unit)
    by_unit = await eligible_entry(
        client, admin, unit_headers, r.edition_id, title="Bài của huyện đoàn", authors=[{"name": "Khác"}]
    )
    other = await login_as(Role.unit)
    by_account = await eligible_entry(
        client,
        admin,
        other,
        r.edition_id,
        title="Bài có tài khoản",
        authors=[{"name": "Bút Danh", "user_id": account_id}],
    )
    by_name = await eligible_entry(client, admin, other, r.edition_id, title="Bài của Lan")
    model = await client.post(
        "/api/models",
        json=model_body(unit_id=judge_unit, summary="Mô hình của huyện đoàn"),
        headers=admin,
    )
    assert model.status_code == 201, model.text
    about_model = await eligible_entry(
        client,
        admin,
        other,
        r.edition_id,
        title="Bài về mô hình",
        authors=[{"name": "Khác Nữa"}],
        model_ids=[model.json()["id"]],
    )
    for user_id in (author_id, account_id, unit_judge_id):
        await client.post(f"/api/rounds/{r.round_id}/judges", json={"user_id": user_id}, headers=admin)
    found = (await client.get(f"/api/rounds/{r.round_id}/conflicts", headers=admin)).json()
    pairs = {(c["judge_id"], c["entry_id"]) for c in found if c["source"] == "data"}
    assert pairs == {
        (unit_judge_id, by_unit["id"]),
        (account_id, by_account["id"]),
        (author_id, by_name["id"]),
        (unit_judge_id, about_model["id"]),
    }
    plan = (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).json()["assignments"]
    assert not {(p["judge_id"], p["entry_id"]) for p in plan} & pairs


async def test_a_conflict_declared_after_assignment_withdraws_it(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(client, admin, entries=THREE_PRINT, judges=[("gk1", "Lê Một", None), ("gk2", "Phạm Hai", None)])
    await opened(client, admin, r)
    entry_id = r.entries[0]["id"]
    ok = await client.put(
        f"/api/rounds/{r.round_id}/scores/{entry_id}", json={"scores": GOOD}, headers=r.headers["gk1"]
    )
    assert ok.status_code == 200
    other = await client.post(
        f"/api/rounds/{r.round_id}/conflicts",
        json={"judge_id": r.judges["gk2"], "entry_id": entry_id, "reason": "x"},
        headers=r.headers["gk1"],
    )
    assert other.status_code == 403
    declared = await client.post(
        f"/api/rounds/{r.round_id}/conflicts",
        json={"judge_id": r.judges["gk1"], "entry_id": entry_id, "reason": "Người nhà tác giả"},
        headers=r.headers["gk1"],
    )
    assert declared.status_code == 200, declared.text
    assert declared.json()["withdrawn"] and declared.json()["entries_needing_judges"] == [entry_id]
    assert await Score.count().run() == 0
    again = await client.put(
        f"/api/rounds/{r.round_id}/scores/{entry_id}", json={"scores": GOOD}, headers=r.headers["gk1"]
    )
    assert again.status_code == 403
    add = await client.post(
        f"/api/rounds/{r.round_id}/assignments", json={"judge_id": r.judges["gk1"], "entry_id": entry_id}, headers=admin
    )
    assert add.status_code == 422
    mine = (await client.get(f"/api/rounds/{r.round_id}/assignments", headers=r.headers["gk1"])).json()
    assert entry_id not in [a["entry_id"] for a in mine["items"]]
    # The declared conflict binds that judge and that entry only: the rest of the round goes on.
    for judge, entry in [("gk1", r.entries[1]["id"]), ("gk2", entry_id)]:
        saved = await client.put(
            f"/api/rounds/{r.round_id}/scores/{entry}", json={"scores": GOOD}, headers=r.headers[judge]
        )
        assert saved.status_code == 200, (judge, saved.text)


async def test_score_refusals_store_nothing(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    r = await room(
        client,
        admin,
        entries=THREE_PRINT,
        judges=[("gk1", "Lê Một", None), ("gk2", "Phạm Hai", None), ("gk3", "Võ Ba", None)],
    )
    plan = await opened(client, admin, r)
    held = {(p["judge_id"], p["entry_id"]) for p in plan["assignments"]}
    mine = next(e for j, e in held if j == r.judges["gk1"])
    not_mine = next(e["id"] for e in r.entries if (r.judges["gk1"], e["id"]) not in held)
    url = f"/api/rounds/{r.round_id}/scores/"
    events = await LedgerEvent.count().run()
    cases = [
        (not_mine, {"scores": GOOD}, 403),
        (mine, {"scores": {"noi_dung": 40, "hinh_thuc": 25}}, 422),
        (mine, {"scores": {**GOOD, "noi_dung": 51}}, 422),
        (mine, {"scores": {**GOOD, "noi_dung": -1}}, 422),
        (mine, {"scores": {**GOOD, "la": 1}}, 422),
        (mine, {"scores": {**GOOD, "noi_dung": "năm"}}, 400),
    ]
    for entry_id, body, status in cases:
        res = await client.put(url + str(entry_id), json=body, headers=r.headers["gk1"])
        assert res.status_code == status, (body, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
    assert (await client.put(url + str(mine), json={"scores": GOOD}, headers=admin)).status_code == 403
    assert await Score.count().run() == 0 and await LedgerEvent.count().run() == events


async def test_two_saves_of_one_score_leave_one_score_and_two_events(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(client, admin, entries=THREE_PRINT[:1], judges=[("gk1", "Lê Một", None)], per_entry=1)
    await opened(client, admin, r)
    url = f"/api/rounds/{r.round_id}/scores/{r.entries[0]['id']}"
    a, b = await asyncio.gather(
        client.put(url, json={"scores": GOOD}, headers=r.headers["gk1"]),
        client.put(url, json={"scores": {**GOOD, "hieu_qua": 20}}, headers=r.headers["gk1"]),
    )
    assert a.status_code == b.status_code == 200
    [score] = await Score.select().run()
    assert score["version"] == 2 and {a.json()["version"], b.json()["version"]} == {1, 2}
    ledger = (await client.get(f"/api/rounds/{r.round_id}/ledger", headers=admin)).json()
    scores = [e for e in ledger["events"] if e["kind"] == "score"]
    assert len(scores) == 2 and ledger["valid"]
    last = max((a, b), key=lambda x: x.json()["version"]).json()
    assert scores[-1]["scores"] == last["scores"] and __import__("json").loads(score["values"]) == last["scores"]


async def test_thirty_judges_scoring_at_once_lose_nothing(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    entries = [{"title": f"Bài {i}", "media_type": "print"} for i in range(10)]
    r = await room(
        client, admin, entries=entries, per_entry=3, judges=[(f"gk{i}", f"Giám Khảo {i}", None) for i in range(30)]
    )
    plan = await opened(client, admin, r)
    by_id = {v: k for k, v in r.judges.items()}
    saves = [
        client.put(
            f"/api/rounds/{r.round_id}/scores/{p['entry_id']}",
            json={"scores": GOOD},
            headers=r.headers[by_id[p["judge_id"]]],
        )
        for p in plan["assignments"]
    ]
    results = await asyncio.gather(*saves)
    assert [x.status_code for x in results] == [200] * 30
    assert await Score.count().run() == 30
    ledger = (await client.get(f"/api/rounds/{r.round_id}/ledger", headers=admin)).json()
    assert ledger["valid"] and sum(e["kind"] == "score" for e in ledger["events"]) == 30
    assert [e["seq"] for e in ledger["events"]] == list(range(1, len(ledger["events"]) + 1))
    progress = (await client.get(f"/api/rounds/{r.round_id}/progress", headers=admin)).json()
    assert (
        all(j["scored"] == j["assigned"] == 1 for j in progress["judges"]) and progress["entries_lacking_scores"] == []
    )


async def test_a_judge_gets_their_own_queue_in_their_own_order_and_no_other_scores(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    entries = [{"title": f"Bài {i}", "media_type": "print"} for i in range(8)]
    r = await room(
        client, admin, entries=entries, per_entry=2, judges=[("gk1", "Lê Một", None), ("gk2", "Phạm Hai", None)]
    )
    await opened(client, admin, r)
    one = (await client.get(f"/api/rounds/{r.round_id}/assignments", headers=r.headers["gk1"])).json()["items"]
    two = (await client.get(f"/api/rounds/{r.round_id}/assignments", headers=r.headers["gk2"])).json()["items"]
    assert {a["judge_id"] for a in one} == {r.judges["gk1"]} and len(one) == 8
    assert [a["entry_id"] for a in one] != [a["entry_id"] for a in two]
    assert one[0]["entry"]["authors"][0]["name"] == "Nguyễn Thị Lan"  # not blind
    again = (await client.get(f"/api/rounds/{r.round_id}/assignments", headers=r.headers["gk1"])).json()["items"]
    assert [a["entry_id"] for a in again] == [a["entry_id"] for a in one]
    for path in ("progress", "ledger", "judges", "conflicts"):
        assert (await client.get(f"/api/rounds/{r.round_id}/{path}", headers=r.headers["gk1"])).status_code == 403


async def test_a_judge_of_an_edition_may_not_enter_it(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    r = await room(client, admin, entries=[], judges=[("gk1", "Đặng Thu Trang", None)])
    unit = await login_as(Role.unit)
    entry = await new_entry(
        client,
        unit,
        r.edition_id,
        title="Bài của giám khảo",
        authors=[{"name": "Thu Trang", "user_id": r.judges["gk1"]}],
    )
    assert rules_of(await submit(client, unit, entry["id"])) == {"excluded_person"}
    other = await make_edition(client, admin)
    fine = await new_entry(
        client, unit, other["id"], title="Bài ở đợt khác", authors=[{"name": "Thu Trang", "user_id": r.judges["gk1"]}]
    )
    assert (await submit(client, unit, fine["id"])).status_code == 200
