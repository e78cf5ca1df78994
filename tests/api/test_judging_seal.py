"""Awards, finalising and the seal: prize counts, a sealed round refuses every change and keeps its ledger,
tampering shows in the ledger and in both verify commands, the result sheet holds the API's numbers."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from click.testing import CliRunner, Result
from litestar import Litestar
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from guong_dan_van.app import create_app
from guong_dan_van.cli import main
from guong_dan_van.judging.tables import Award, LedgerEvent, Score
from guong_dan_van.settings import Settings
from tests.api.results_helpers import ids, results, scored_room, split
from tests.conftest import make_unit


def database_url(engine: Engine) -> str:
    if isinstance(engine, PostgresEngine):
        c = engine.config
        return f"postgresql://{c['user']}@{c['host']}:{c['port']}/{c['database']}"
    return f"sqlite:///{engine.path}"  # type: ignore[attr-defined]


async def gdv(engine: Engine, tmp_path: Path, *args: str) -> Result:
    env = {"GDV_DATABASE_URL": database_url(engine), "GDV_DATA_DIR": str(tmp_path / "cli-data")}
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), env=env)


async def ledger(client: httpx.AsyncClient, admin: dict[str, str], round_id: int) -> dict[str, Any]:
    got = await client.get(f"/api/rounds/{round_id}/ledger", headers=admin)
    assert got.status_code == 200, got.text
    return got.json()


async def test_awards_within_the_prize_counts_and_collective_prizes(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin, close=False)
    a, b, c, d = ids(r)
    url = f"/api/editions/{r.edition_id}/awards"
    early = await client.post(url, json={"entry_id": b, "tier": "a"}, headers=admin)
    assert early.status_code == 409  # the round is still open
    assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).status_code == 200
    first = await client.post(url, json={"entry_id": b, "tier": "a"}, headers=admin)
    assert first.status_code == 201, first.text
    assert first.json()["tier_label"] == "Giải A" and first.json()["amount_vnd"] == 10_000_000
    assert first.json()["media_type"] == "print" and first.json()["authors"] == ["Nguyễn Thị Lan"]
    past = await client.post(url, json={"entry_id": a, "tier": "a"}, headers=admin)
    assert past.status_code == 422
    assert past.json()["detail"] == "Đã trao đủ 1 Giải A cho loại hình Báo in theo thể lệ đợt thi."
    assert past.json()["errors"][0]["field"] == "tier"
    none = await client.post(url, json={"entry_id": d, "tier": "b"}, headers=admin)
    assert (
        none.status_code == 422 and none.json()["detail"] == "Thể lệ đợt thi không có Giải B cho loại hình Phát thanh."
    )
    assert (await client.post(url, json={"entry_id": b, "tier": "b"}, headers=admin)).status_code == 409  # has one
    assert (await client.post(url, json={"entry_id": a, "tier": "b"}, headers=admin)).status_code == 201
    assert (await client.post(url, json={"entry_id": d, "tier": "a"}, headers=admin)).status_code == 201
    # khuyến khích: one for every media type together
    assert (await client.post(url, json={"entry_id": c, "tier": "consolation"}, headers=admin)).status_code == 201
    unit_id = await make_unit("Ban Dân vận Huyện ủy Bình Sơn")
    team = await client.post(url, json={"unit_id": unit_id, "tier": "collective"}, headers=admin)
    assert team.status_code == 201 and team.json()["unit_name"] == "Ban Dân vận Huyện ủy Bình Sơn"
    bad = [
        {"unit_id": unit_id, "tier": "a"},
        {"entry_id": a, "tier": "collective"},
        {"entry_id": a, "unit_id": unit_id, "tier": "a"},
        {"tier": "a"},
        {"entry_id": 999999, "tier": "a"},
        {"unit_id": 999999, "tier": "collective"},
    ]
    for body in bad:
        got = await client.post(url, json=body, headers=admin)
        assert got.status_code == 422, (body, got.text)
    for body in [{"entry_id": a, "tier": "gold"}, {"entry_id": "a", "tier": "a"}, {"entry_id": a, "tier": "a", "x": 1}]:
        got = await client.post(url, json=body, headers=admin)
        assert got.status_code == 400 and got.headers["content-type"].startswith("application/problem+json")
    listed = (await client.get(url, headers=admin)).json()
    assert [(x["media_type"], x["tier"]) for x in listed] == [
        ("print", "a"), ("print", "b"), ("print", "consolation"), ("radio", "a"), (None, "collective")
    ]  # fmt: skip
    funnel = (await client.get(f"/api/editions/{r.edition_id}/funnel", headers=admin)).json()
    assert funnel["total"]["awarded"] == 4
    consolation = next(x for x in listed if x["tier"] == "consolation")
    assert (await client.delete(f"{url}/{consolation['id']}", headers=admin)).status_code == 204
    assert (await client.delete(f"{url}/{consolation['id']}", headers=admin)).status_code == 404
    kinds = [e["kind"] for e in (await ledger(client, admin, r.round_id))["events"]]
    assert kinds.count("award.add") == 5 and kinds[-1] == "award.remove"


async def test_a_sealed_round_refuses_every_change_and_keeps_its_ledger(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin, close=False)
    a, b, c, d = ids(r)
    assert (await client.post(f"/api/rounds/{r.round_id}/finalize", headers=admin)).status_code == 409  # open
    assert (await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)).status_code == 200
    award = await client.post(f"/api/editions/{r.edition_id}/awards", json={"entry_id": b, "tier": "a"}, headers=admin)
    sealed = await client.post(f"/api/rounds/{r.round_id}/finalize", json={"method": "zscore"}, headers=admin)
    assert sealed.status_code == 200, sealed.text
    seal = sealed.json()["seal"]
    before = await ledger(client, admin, r.round_id)
    assert before["valid"] and before["head"] == seal and before["events"][-1]["kind"] == "round.finalize"
    assert [x["entry_id"] for x in before["events"][-1]["results"]] == [b, c, a, d]
    got = (await client.get(f"/api/rounds/{r.round_id}", headers=admin)).json()
    assert got["status"] == "finalized" and got["seal"] == seal
    assert (await results(client, admin, r.round_id, "mean"))["seal"] == seal
    judge_id = r.judges["gk1"]
    unit_id = await make_unit("Hội Nông dân xã")
    attempts = [
        ("PUT", f"/api/rounds/{r.round_id}/scores/{a}", {"scores": split(99)}, r.headers["gk1"]),
        ("POST", f"/api/rounds/{r.round_id}/assign", None, admin),
        ("POST", f"/api/rounds/{r.round_id}/assignments", {"judge_id": judge_id, "entry_id": a}, admin),
        ("DELETE", f"/api/rounds/{r.round_id}/assignments/{judge_id}/{a}", None, admin),
        ("POST", f"/api/rounds/{r.round_id}/conflicts", {"judge_id": judge_id, "entry_id": a, "reason": "Họ"}, admin),
        ("POST", f"/api/rounds/{r.round_id}/conflicts", {"judge_id": judge_id, "entry_id": a, "reason": "Tự khai"},
         r.headers["gk1"]),
        ("POST", f"/api/rounds/{r.round_id}/judges", {"user_id": judge_id, "media_types": ["radio"]}, admin),
        ("POST", f"/api/rounds/{r.round_id}/open", None, admin),
        ("POST", f"/api/rounds/{r.round_id}/close", None, admin),
        ("POST", f"/api/rounds/{r.round_id}/finalize", None, admin),
        ("POST", f"/api/rounds/{r.round_id}/shortlist", {"top": 2}, admin),
        ("POST", f"/api/editions/{r.edition_id}/awards", {"entry_id": a, "tier": "b"}, admin),
        ("POST", f"/api/editions/{r.edition_id}/awards", {"unit_id": unit_id, "tier": "collective"}, admin),
        ("DELETE", f"/api/editions/{r.edition_id}/awards/{award.json()['id']}", None, admin),
    ]  # fmt: skip
    for method, path, body, headers in attempts:
        refused = await client.request(method, path, json=body, headers=headers)
        assert refused.status_code == 409, (method, path, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    after = await ledger(client, admin, r.round_id)
    assert after == before
    assert await Award.count().run() == 1


async def test_tampering_with_a_stored_score_or_event_shows_everywhere(
    client: httpx.AsyncClient, admin: dict[str, str], db: Engine, tmp_path: Path
) -> None:
    r = await scored_room(client, admin)
    b = ids(r)[1]
    seal = (await client.post(f"/api/rounds/{r.round_id}/finalize", headers=admin)).json()["seal"]
    clean = await ledger(client, admin, r.round_id)
    file = tmp_path / "so-cai.json"
    file.write_text(json.dumps(clean, ensure_ascii=False), encoding="utf-8")
    ok = await gdv(db, tmp_path, "verify-round", str(r.round_id))
    assert ok.exit_code == 0, ok.output
    assert seal in ok.output and f"tác phẩm #{b}" in ok.output.splitlines()[2]
    ok_file = await gdv(db, tmp_path, "verify-ledger", str(file), "--seal", seal)
    assert ok_file.exit_code == 0, ok_file.output
    assert (
        ok_file.output.splitlines()[2:] == ok.output.splitlines()[2:]
    )  # the same ranking, with or without the database
    wrong_seal = await gdv(db, tmp_path, "verify-ledger", str(file), "--seal", "f" * 64)
    assert wrong_seal.exit_code == 1 and "không khớp" in wrong_seal.output

    # one score row changed in the database: gk2's 90 for B becomes 100
    pair = (Score.judge == r.judges["gk2"]) & (Score.entry == b)
    original = await Score.select(Score.values).where(pair).first().run()
    assert original is not None
    await Score.update({Score.values: json.dumps(split(100))}).where(pair).run()
    score_event = next(
        e["seq"]
        for e in clean["events"]
        if e["kind"] == "score" and e["judge_id"] == r.judges["gk2"] and e["entry_id"] == b
    )
    broken = await ledger(client, admin, r.round_id)
    assert broken["valid"] is False and f"Sự kiện số {score_event}" in broken["problem"]
    cli = await gdv(db, tmp_path, "verify-round", str(r.round_id))
    assert cli.exit_code == 1 and f"Sự kiện số {score_event}" in cli.output
    await Score.update({Score.values: original["values"]}).where(pair).run()
    assert (await ledger(client, admin, r.round_id))["valid"]

    # one ledger event changed in the database: the score event's payload
    event = LedgerEvent.seq == score_event
    payload = await LedgerEvent.select(LedgerEvent.payload).where(event).first().run()
    assert payload is not None
    forged = json.loads(payload["payload"])
    forged["scores"] = split(100)
    await LedgerEvent.update({LedgerEvent.payload: json.dumps(forged, ensure_ascii=False)}).where(event).run()
    broken = await ledger(client, admin, r.round_id)
    assert broken["valid"] is False and broken["problem"].startswith(f"Sự kiện số {score_event} ")
    cli = await gdv(db, tmp_path, "verify-round", str(r.round_id))
    assert cli.exit_code == 1 and f"Sự kiện số {score_event} " in cli.output
    # …and the same event edited in a downloaded file
    edited = json.loads(file.read_text(encoding="utf-8"))
    edited["events"][score_event - 1]["scores"] = split(100)
    file.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    cli = await gdv(db, tmp_path, "verify-ledger", str(file))
    assert cli.exit_code == 1 and f"Sự kiện số {score_event} " in cli.output
    # a forger who re-chains every hash after the edit still cannot match the sealed results
    from guong_dan_van.judging.ledger import GENESIS, chain

    prev, rechained = GENESIS, []
    for e in edited["events"]:
        stored = chain(prev, {k: v for k, v in e.items() if k not in ("prev", "hash")})
        rechained.append(stored)
        prev = stored["hash"]
    file.write_text(json.dumps({"events": rechained}, ensure_ascii=False), encoding="utf-8")
    cli = await gdv(db, tmp_path, "verify-ledger", str(file))
    assert cli.exit_code == 1 and f"Sự kiện số {len(rechained)} (niêm phong)" in cli.output
    cli = await gdv(db, tmp_path, "verify-ledger", str(file), "--seal", seal)
    assert cli.exit_code == 1
    bad_json = tmp_path / "hong.json"
    bad_json.write_text("{không phải json", encoding="utf-8")
    assert "JSON" in (await gdv(db, tmp_path, "verify-ledger", str(bad_json))).output
    missing = await gdv(db, tmp_path, "verify-round", "999999")
    assert missing.exit_code == 1 and "Không có vòng chấm #999999" in missing.output


async def test_the_result_sheet_holds_the_numbers_the_api_returns(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await scored_room(client, admin)
    seal = (await client.post(f"/api/rounds/{r.round_id}/finalize", json={"method": "zscore"}, headers=admin)).json()
    got = await client.get(f"/api/rounds/{r.round_id}/results.xlsx", params={"method": "zscore"}, headers=admin)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "bien-ban-vong" in got.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert book.sheetnames == ["Biên bản", "Báo in", "Phát thanh", "Giám khảo"]
    cover = [[c for c in row if c is not None] for row in book["Biên bản"].iter_rows(values_only=True)]
    assert ["Mã niêm phong", seal["seal"]] in cover and [
        "Cách tính điểm",
        "Chuẩn hóa z theo từng giám khảo",
        "zscore",
    ] in cover
    assert ["Nội dung, tính phát hiện", "noi_dung", 50, 50] in cover
    api = {i["entry_id"]: i for i in (await results(client, admin, r.round_id, "zscore"))["items"]}
    rows = list(book["Báo in"].iter_rows(values_only=True))
    assert rows[1] == ("Mã niêm phong", seal["seal"]) + (None,) * (len(rows[1]) - 2)
    header, body = rows[2], rows[3:]
    assert len(body) == 3 and [row[2] for row in body] == [i for i in api if api[i]["media_type"] == "print"]
    for row in body:
        item = api[row[2]]
        assert row[0] == item["rank_in_media_type"] and row[1] == item["rank"]
        assert row[4] == item["score"] and row[5] == item["mean"] and row[6] == item["median"]
        assert row[8] == item["n_scores"]
    judge_cols = [i for i, h in enumerate(header) if str(h).startswith("GK ")]
    assert len(judge_cols) == 3
    a = ids(r)[0]
    row_a = next(row for row in body if row[2] == a)
    assert sorted(row_a[i] for i in judge_cols) == pytest.approx([60, 70, 80])


async def test_the_same_ranking_after_a_restart(
    client: httpx.AsyncClient, admin: dict[str, str], db: Engine, settings: Settings
) -> None:
    """A second app on the same database (as after a restart) answers the very same results."""
    r = await scored_room(client, admin)
    before = {m: await results(client, admin, r.round_id, m) for m in ("mean", "median", "trimmed_mean", "zscore")}
    again: Litestar = create_app(settings, engine=db, manage_engine=False)
    transport = httpx.ASGITransport(app=again, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://restarted.local") as fresh:
        for method, expected in before.items():
            got = await fresh.get(f"/api/rounds/{r.round_id}/results", params={"method": method}, headers=admin)
            assert got.json() == expected


async def test_an_award_is_publishable_once_its_round_is_sealed(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: Any
) -> None:
    """The app's own wiring: publishing calls an entry awarded when its prize is sealed, not before."""
    from guong_dan_van.core.permissions import Role

    media = await login_as(Role.media)
    r = await scored_room(client, admin, close=True)
    _a, b, _c, _d = ids(r)
    given = await client.post(f"/api/editions/{r.edition_id}/awards", json={"entry_id": b, "tier": "a"}, headers=admin)
    assert given.status_code == 201, given.text
    body = {"item_type": "entry", "item_id": b, "channel": "website"}
    early = await client.post("/api/publishing", json=body, headers=media)
    assert early.status_code == 422 and early.json()["errors"][0]["rule"] == "not_awarded"
    stories = (await client.get("/api/publishing/stories?item_type=entry", headers=media)).json()
    assert stories["total"] == 0
    assert (await client.post(f"/api/rounds/{r.round_id}/finalize", headers=admin)).status_code == 200
    stories = (await client.get("/api/publishing/stories?item_type=entry", headers=media)).json()
    assert [s["item_id"] for s in stories["items"]] == [b]
    queued = await client.post("/api/publishing", json=body, headers=media)
    assert queued.status_code == 201, queued.text
