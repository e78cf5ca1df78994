"""Press contest over HTTP: editions with rules as data, entries, submission rules, screening, funnel."""

from __future__ import annotations

import asyncio
import datetime as dt
import unicodedata
from typing import Any

import httpx
import pytest

from guong_dan_van.contest.services import eligibility
from guong_dan_van.contest.tables import Edition, Entry, EntryAuthor
from guong_dan_van.core.clock import VN_TZ, today_vn
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from tests.conftest import LoginAs, make_unit, make_user, model_body

TODAY = today_vn()
LONG_TEXT = (
    "Ở thôn Đông, xã Tân Hòa, mỗi tối thứ Bảy bà con lại ra quét đường, thắp đèn dọc lối vào xóm. "
    "Người khởi xướng là chi hội phụ nữ; họ đi từng nhà vận động, góp công, góp tiền mua bóng đèn. "
    "Sau hai năm, con đường tối om đã sáng, trộm cắp giảm hẳn, trẻ em đi học về không còn sợ."
)


def edition_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Đợt thi năm 2025",
        "kind": "yearly",
        "year": TODAY.year,
        "published_from": (TODAY - dt.timedelta(days=200)).isoformat(),
        "published_to": TODAY.isoformat(),
        "submit_from": (TODAY - dt.timedelta(days=5)).isoformat(),
        "submit_to": (TODAY + dt.timedelta(days=5)).isoformat(),
        "media_types": ["print", "online", "radio", "television"],
        "genres": [],
        "max_entries_per_author": 2,
        "max_authors_per_entry": 3,
        "previously_awarded": "forbidden",
        "prizes": [{"tier": "a", "count": 1, "media_type": "print", "amount_vnd": 10_000_000}],
    }
    body.update(over)
    return body


def entry_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Con đường sáng đèn ở thôn Đông",
        "media_type": "print",
        "genre": "ghi chép",
        "authors": [{"name": "Nguyễn Thị Lan", "pen_name": "Lan Anh"}],
        "outlet": "Báo Bình Sơn",
        "published_on": (TODAY - dt.timedelta(days=30)).isoformat(),
    }
    body.update(over)
    return body


async def make_edition(client: httpx.AsyncClient, admin: dict[str, str], **over: Any) -> dict[str, Any]:
    r = await client.post(
        "/api/contests",
        json={
            "name": "Cuộc thi báo chí Dân vận khéo 2021–2025",
            "period_from": "2021-01-01",
            "period_to": "2025-12-31",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    r = await client.post(f"/api/contests/{r.json()['id']}/editions", json=edition_body(**over), headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


async def new_entry(client: httpx.AsyncClient, headers: dict[str, str], edition_id: int, **over: Any) -> dict[str, Any]:
    r = await client.post(f"/api/editions/{edition_id}/entries", json=entry_body(**over), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def submit(client: httpx.AsyncClient, headers: dict[str, str], entry_id: int) -> httpx.Response:
    return await client.post(f"/api/entries/{entry_id}/submit", headers=headers)


def rules_of(response: httpx.Response) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {e["rule"] for e in response.json()["errors"] if "rule" in e}


async def counts() -> tuple[int, int, int]:
    return await Entry.count().run(), await EntryAuthor.count().run(), await AuditEntry.count().run()


# --- contests and editions --------------------------------------------------------------------------


async def test_committee_sets_up_a_contest_and_an_edition_with_rules(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    edition = await make_edition(
        client,
        admin,
        excluded_people=[{"name": "Phạm Quốc Dũng", "role": "judge"}],
        genres=["phóng sự", "ghi chép", "Ghi chép"],
    )
    assert edition["kind"] == "yearly" and edition["version"] == 1
    assert edition["genres"] == ["phóng sự", "ghi chép"]
    assert edition["excluded_people"] == [{"role": "judge", "user_id": None, "name": "Phạm Quốc Dũng"}]
    listed = await client.get(f"/api/contests/{edition['contest_id']}/editions", headers=admin)
    assert [e["id"] for e in listed.json()["items"]] == [edition["id"]]
    contests = await client.get("/api/contests", headers=admin)
    assert contests.json()["total"] == 1


async def test_rules_amended_mid_period_are_versioned_and_audited(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    edition = await make_edition(client, admin)
    url = f"/api/editions/{edition['id']}"
    r = await client.patch(url, json={"version": 1, "max_entries_per_author": 5}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["max_entries_per_author"] == 5 and r.json()["version"] == 2
    stale = await client.patch(url, json={"version": 1, "max_entries_per_author": 3}, headers=admin)
    assert stale.status_code == 409
    log = await AuditEntry.select().where(AuditEntry.action == "edition.update").run()
    assert len(log) == 1 and "max_entries_per_author" in log[0]["changes"]


async def test_an_editions_windows_can_be_amended(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    """Dates sent in a PATCH are stored as dates on both engines, and the amended windows are checked."""
    edition = await make_edition(client, admin)
    url = f"/api/editions/{edition['id']}"
    later = (TODAY + dt.timedelta(days=20)).isoformat()
    r = await client.patch(url, json={"version": 1, "submit_to": later}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["submit_to"] == later and r.json()["version"] == 2
    assert (await client.get(url, headers=admin)).json()["submit_to"] == later
    reversed_window = {"version": 2, "published_to": (TODAY - dt.timedelta(days=300)).isoformat()}
    refused = await client.patch(url, json=reversed_window, headers=admin)
    assert refused.status_code == 422, refused.text
    assert (await client.get(url, headers=admin)).json()["version"] == 2


async def test_edition_refusals(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> None:
    edition = await make_edition(client, admin)
    cid = edition["contest_id"]
    before = await Edition.count().run()
    bad = [
        (edition_body(submit_to="2025-13-40"), 400),
        (edition_body(media_types=["print", "podcast"]), 400),
        (edition_body(media_types=[]), 400),
        (edition_body(max_authors_per_entry=0), 400),
        (edition_body(unknown_field=1), 400),
        (edition_body(published_from="2025-09-02", published_to="2025-01-01"), 422),
        (edition_body(year=None), 422),
        (edition_body(excluded_people=[{"role": "judge"}]), 422),
        (edition_body(excluded_people=[{"role": "judge", "user_id": 999999}]), 422),
        (edition_body(prizes=[{"tier": "a", "count": 1, "media_type": "photo"}]), 422),
    ]
    for body, status in bad:
        r = await client.post(f"/api/contests/{cid}/editions", json=body, headers=admin)
        assert r.status_code == status, (body, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    unit = await login_as(Role.unit)
    assert (await client.post(f"/api/contests/{cid}/editions", json=edition_body(), headers=unit)).status_code == 403
    assert (await client.post(f"/api/contests/{cid}/editions", json=edition_body())).status_code == 401
    assert (await client.post("/api/contests/999/editions", json=edition_body(), headers=admin)).status_code == 404
    assert await Edition.count().run() == before


# --- entries ----------------------------------------------------------------------------------------


async def test_unit_enters_and_submits_a_work(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"], url="https://baobinhson.vn/con-duong-sang", body=LONG_TEXT)
    assert entry["status"] == "draft" and entry["submitted_by_unit_id"] is not None
    assert entry["authors"] == [{"name": "Nguyễn Thị Lan", "pen_name": "Lan Anh", "user_id": None}]
    r = await submit(client, unit, entry["id"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted"
    again = await client.get(f"/api/entries/{entry['id']}", headers=unit)
    assert again.json()["status"] == "submitted" and again.json()["submitted_at"] is not None


async def test_submitting_twice_is_refused_as_duplicate_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"])
    assert (await submit(client, unit, entry["id"])).status_code == 200
    version = (await client.get(f"/api/entries/{entry['id']}", headers=unit)).json()["version"]
    assert rules_of(await submit(client, unit, entry["id"])) == {"duplicate"}
    assert (await client.get(f"/api/entries/{entry['id']}", headers=unit)).json()["version"] == version


async def test_same_work_again_in_a_later_edition_is_a_duplicate(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    first = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    one = await new_entry(
        client, unit, first["id"], url="https://www.baobinhson.vn/bai-viet/?utm_source=zalo", body=LONG_TEXT
    )
    assert (await submit(client, unit, one["id"])).status_code == 200
    later = await client.post(
        f"/api/contests/{first['contest_id']}/editions",
        json=edition_body(name="Chung kết", kind="final"),
        headers=admin,
    )
    later_id = later.json()["id"]
    same_link = await new_entry(client, unit, later_id, title="Tên mới", url="http://BAOBINHSON.vn/bai-viet#top")
    assert rules_of(await submit(client, unit, same_link["id"])) == {"duplicate"}
    same_text = await new_entry(
        client, unit, later_id, title="Đèn sáng xóm Đông", body="  " + LONG_TEXT.upper().replace(" ", "   \n")
    )
    assert rules_of(await submit(client, unit, same_text["id"])) == {"duplicate"}
    other = await new_entry(client, unit, later_id, title="Bài khác", body=LONG_TEXT + " Một đoạn kết khác hẳn.")
    assert (await submit(client, unit, other["id"])).status_code == 200


async def test_every_broken_rule_is_listed(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> None:
    judge_id = await make_user("giamkhao", Role.judge, full_name="Phạm Quốc Dũng")
    edition = await make_edition(
        client,
        admin,
        media_types=["print"],
        submit_from=(TODAY + dt.timedelta(days=1)).isoformat(),
        submit_to=(TODAY + dt.timedelta(days=9)).isoformat(),
        max_authors_per_entry=1,
        excluded_people=[{"user_id": judge_id, "role": "judge"}],
    )
    unit = await login_as(Role.unit)
    entry = await new_entry(
        client,
        unit,
        edition["id"],
        media_type="radio",
        published_on=(TODAY + dt.timedelta(days=1)).isoformat(),
        authors=[{"name": "pham quoc dung"}, {"name": "Trần Văn Bình"}],
        previously_awarded={"prize": "Giải B báo chí tỉnh", "date": "2024-06-21", "awarded_by": "UBND tỉnh"},
    )
    r = await submit(client, unit, entry["id"])
    assert rules_of(r) == {
        "publication_window",
        "submission_window",
        "media_type",
        "max_authors_per_entry",
        "excluded_person",
        "previously_awarded",
    }
    assert all(e["message"] for e in r.json()["errors"])
    assert (await client.get(f"/api/entries/{entry['id']}", headers=unit)).json()["status"] == "draft"


@pytest.mark.parametrize("offset,ok", [(-5, True), (0, True), (1, False)])
async def test_submission_window_edges_in_vietnam_time(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    login_as: LoginAs,
    monkeypatch: pytest.MonkeyPatch,
    offset: int,
    ok: bool,
) -> None:
    """submit_to counts until 23:59:59 that day in Asia/Ho_Chi_Minh; the next second is too late."""
    edition = await make_edition(
        client,
        admin,
        submit_from="2025-09-03",
        submit_to="2025-09-15",
        published_from="2025-01-01",
        published_to="2025-09-02",
    )
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"], published_on="2025-09-02")
    last = dt.datetime(2025, 9, 15, 23, 59, 59, tzinfo=VN_TZ)
    moment = {-5: dt.datetime(2025, 9, 3, 0, 0, tzinfo=VN_TZ), 0: last, 1: last + dt.timedelta(seconds=1)}[offset]
    monkeypatch.setattr(eligibility, "now", lambda: moment.astimezone(dt.UTC))
    r = await submit(client, unit, entry["id"])
    if ok:
        assert r.status_code == 200, r.text
    else:
        assert rules_of(r) == {"submission_window"}


async def test_publication_window_first_and_last_day(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(
        client, admin, published_from="2025-01-01", published_to="2025-09-02", max_entries_per_author=9
    )
    unit = await login_as(Role.unit)
    for day, ok in [("2025-01-01", True), ("2025-09-02", True), ("2024-12-31", False), ("2025-09-03", False)]:
        e = await new_entry(client, unit, edition["id"], title=f"Bài {day}", published_on=day)
        r = await submit(client, unit, e["id"])
        assert (r.status_code == 200) if ok else (rules_of(r) == {"publication_window"}), (day, r.text)


async def test_max_entries_per_author_exactly_and_one_more(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    """Authors count by account or by folded real name; a pen name does not make a new author."""
    edition = await make_edition(client, admin, max_entries_per_author=2)
    unit = await login_as(Role.unit)
    other_unit = await login_as(Role.unit)
    a = await new_entry(client, unit, edition["id"], title="Bài một", authors=[{"name": "Nguyễn Thị Lan"}])
    b = await new_entry(
        client, other_unit, edition["id"], title="Bài hai", authors=[{"name": "NGUYEN THI LAN", "pen_name": "Hoài An"}]
    )
    c = await new_entry(client, unit, edition["id"], title="Bài ba", authors=[{"name": "nguyễn  thị lan"}])
    assert (await submit(client, unit, a["id"])).status_code == 200
    assert (await submit(client, other_unit, b["id"])).status_code == 200
    assert rules_of(await submit(client, unit, c["id"])) == {"max_entries_per_author"}
    # An ineligible entry no longer counts.
    assert (
        await client.post(
            f"/api/entries/{a['id']}/screen", json={"eligible": False, "reason": "Sai thể loại"}, headers=admin
        )
    ).status_code == 200
    assert (await submit(client, unit, c["id"])).status_code == 200


async def test_max_authors_per_entry_exactly_and_one_more(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin, max_authors_per_entry=3)
    unit = await login_as(Role.unit)
    three = [{"name": n} for n in ("Lê Văn A", "Lê Văn B", "Lê Văn C")]
    ok = await new_entry(client, unit, edition["id"], authors=three)
    assert (await submit(client, unit, ok["id"])).status_code == 200
    four = await new_entry(
        client,
        unit,
        edition["id"],
        title="Bài bốn người",
        authors=[*three[:2], {"name": "Lê Văn D"}, {"name": "Lê Văn E"}],
    )
    assert rules_of(await submit(client, unit, four["id"])) == {"max_authors_per_entry"}


async def test_a_judge_or_organiser_entering_a_work_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    judge_id = await make_user("gk", Role.judge, full_name="Đặng Thu Trang")
    edition = await make_edition(
        client,
        admin,
        excluded_people=[{"user_id": judge_id, "role": "judge"}, {"name": "Hồ Minh Tâm", "role": "organizer"}],
    )
    unit = await login_as(Role.unit)
    by_account = await new_entry(
        client, unit, edition["id"], title="Bài 1", authors=[{"name": "Thu Trang", "user_id": judge_id}]
    )
    by_name = await new_entry(client, unit, edition["id"], title="Bài 2", authors=[{"name": "Dang thu trang"}])
    organiser = await new_entry(
        client, unit, edition["id"], title="Bài 3", authors=[{"name": "HỒ MINH TÂM", "pen_name": "Minh Tâm"}]
    )
    for e in (by_account, by_name, organiser):
        assert rules_of(await submit(client, unit, e["id"])) == {"excluded_person"}


async def test_an_organiser_account_is_refused_in_every_edition_without_being_listed(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    """The committee (accounts with the admin role) are organisers: named as an author by account, they are
    refused whatever name or pen name the entry gives them, in editions that do not list them."""
    organiser_id = await make_user("uyvien", Role.admin, full_name="Lý Thị Hoa")
    unit_id = await make_unit("Trung tâm Truyền thông huyện Phú Lâm")
    reporter_id = await make_user("phongvien", Role.unit, unit_id=unit_id, full_name="Vũ Văn Nam")
    yearly = await make_edition(
        client, admin, max_entries_per_author=9, excluded_people=[{"name": "Trương Thị Bích", "role": "secretariat"}]
    )
    final = await client.post(
        f"/api/contests/{yearly['contest_id']}/editions",
        json=edition_body(name="Chung kết", kind="final", max_entries_per_author=9),
        headers=admin,
    )
    assert final.status_code == 201, final.text
    unit = await login_as(Role.unit, unit_id=unit_id)
    for edition_id in (yearly["id"], final.json()["id"]):
        entry = await new_entry(
            client,
            unit,
            edition_id,
            title=f"Bài của Ban tổ chức {edition_id}",
            authors=[{"name": "Hoa Lý", "pen_name": "Hoài Thu", "user_id": organiser_id}],
        )
        r = await submit(client, unit, entry["id"])
        assert rules_of(r) == {"excluded_person"}
        assert "Ban tổ chức" in r.json()["errors"][0]["message"]
        assert (await client.get(f"/api/entries/{entry['id']}", headers=unit)).json()["status"] == "draft"
    reporter = await new_entry(
        client, unit, yearly["id"], title="Bài của phóng viên", authors=[{"name": "Vũ Văn Nam", "user_id": reporter_id}]
    )
    assert (await submit(client, unit, reporter["id"])).status_code == 200
    no_account = await new_entry(client, unit, yearly["id"], title="Bài của cộng tác viên", authors=[{"name": "Lê Hà"}])
    assert (await submit(client, unit, no_account["id"])).status_code == 200
    # The edition's own list keeps refusing people without accounts.
    listed = await new_entry(client, unit, yearly["id"], title="Bài của thư ký", authors=[{"name": "truong thi bich"}])
    assert rules_of(await submit(client, unit, listed["id"])) == {"excluded_person"}


async def test_previously_awarded_forbidden_or_declared(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    declaration = {"prize": "Giải C báo chí tỉnh 2023", "date": "2023-06-21", "awarded_by": "UBND tỉnh Bình Sơn"}
    forbidden = await make_edition(client, admin, previously_awarded="forbidden")
    unit = await login_as(Role.unit)
    e = await new_entry(client, unit, forbidden["id"], previously_awarded=declaration)
    assert rules_of(await submit(client, unit, e["id"])) == {"previously_awarded"}

    declare = await make_edition(client, admin, previously_awarded="declare")
    ok = await new_entry(client, unit, declare["id"], title="Có kê khai", previously_awarded=declaration)
    assert (await submit(client, unit, ok["id"])).status_code == 200
    future = {**declaration, "date": (TODAY + dt.timedelta(days=3)).isoformat()}
    bad = await new_entry(client, unit, declare["id"], title="Kê khai sai", previously_awarded=future)
    assert rules_of(await submit(client, unit, bad["id"])) == {"previously_awarded"}
    incomplete = await client.post(
        f"/api/editions/{declare['id']}/entries",
        json=entry_body(previously_awarded={"prize": "Giải C"}),
        headers=unit,
    )
    assert incomplete.status_code == 400


async def test_unknown_models_are_refused_at_create(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    before = await counts()
    r = await client.post(f"/api/editions/{edition['id']}/entries", json=entry_body(model_ids=[424242]), headers=unit)
    assert rules_of(r) == {"unknown_model"}
    assert await counts() == before


# --- permissions --------------------------------------------------------------------------------------


async def test_a_unit_sees_only_its_own_entries(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    mine = await login_as(Role.unit)
    theirs = await login_as(Role.unit)
    judge = await login_as(Role.judge)
    entry = await new_entry(client, mine, edition["id"])
    assert (await client.get(f"/api/entries/{entry['id']}", headers=theirs)).status_code == 404
    assert (await client.get(f"/api/entries/{entry['id']}", headers=judge)).status_code == 404
    r = await client.patch(f"/api/entries/{entry['id']}", json={"version": 1, "title": "Chiếm"}, headers=theirs)
    assert r.status_code == 404
    assert (await submit(client, theirs, entry["id"])).status_code == 404
    assert (await client.get(f"/api/editions/{edition['id']}/entries", headers=theirs)).json()["total"] == 0
    assert (await client.get(f"/api/editions/{edition['id']}/entries", headers=mine)).json()["total"] == 1
    assert (await client.get(f"/api/editions/{edition['id']}/entries", headers=admin)).json()["total"] == 1
    assert (await client.get(f"/api/editions/{edition['id']}/entries", headers=judge)).status_code == 403
    assert (
        await client.post(f"/api/editions/{edition['id']}/entries", json=entry_body(), headers=judge)
    ).status_code == 403


async def test_after_submission_only_the_committee_edits_and_it_is_audited(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"])
    r = await client.patch(f"/api/entries/{entry['id']}", json={"version": 1, "outlet": "Báo Nhân Dân"}, headers=unit)
    assert r.status_code == 200 and r.json()["version"] == 2
    assert (await submit(client, unit, entry["id"])).status_code == 200
    locked = await client.patch(f"/api/entries/{entry['id']}", json={"version": 3, "outlet": "Khác"}, headers=unit)
    assert locked.status_code == 409
    fixed = await client.patch(f"/api/entries/{entry['id']}", json={"version": 3, "title": "Tên đã sửa"}, headers=admin)
    assert fixed.status_code == 200, fixed.text
    log = await AuditEntry.select().where(AuditEntry.action == "entry.update").order_by(AuditEntry.id).run()
    assert len(log) == 2 and "Tên đã sửa" in log[-1]["changes"]


async def test_screening_is_admin_only_and_only_from_submitted(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"])
    url = f"/api/entries/{entry['id']}/screen"
    assert (await client.post(url, json={"eligible": True}, headers=admin)).status_code == 409  # still a draft
    assert (await submit(client, unit, entry["id"])).status_code == 200
    assert (await client.post(url, json={"eligible": True}, headers=unit)).status_code == 403
    assert (await client.post(url, json={"eligible": False}, headers=admin)).status_code == 422  # no reason
    r = await client.post(url, json={"eligible": True}, headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "eligible"
    assert (await client.post(url, json={"eligible": False, "reason": "x"}, headers=admin)).status_code == 409
    back = await client.post(f"/api/entries/{entry['id']}/return", json={"reason": "Bổ sung kịch bản"}, headers=admin)
    assert back.status_code == 200 and back.json()["status"] == "draft"


async def test_funnel_per_media_type(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> None:
    edition = await make_edition(client, admin, max_entries_per_author=9)
    unit = await login_as(Role.unit)
    ids = []
    for i, media in enumerate(["print", "print", "television", "radio"]):
        e = await new_entry(client, unit, edition["id"], title=f"Bài {i}", media_type=media)
        assert (await submit(client, unit, e["id"])).status_code == 200
        ids.append(e["id"])
    await new_entry(client, unit, edition["id"], title="Nháp", media_type="online")
    await client.post(f"/api/entries/{ids[0]}/screen", json={"eligible": True}, headers=admin)
    await client.post(
        f"/api/entries/{ids[1]}/screen", json={"eligible": False, "reason": "Ngoài chủ đề"}, headers=admin
    )
    r = await client.get(f"/api/editions/{edition['id']}/funnel", headers=admin)
    assert r.status_code == 200, r.text
    rows = {row["media_type"]: row for row in r.json()["items"]}
    assert rows["print"] == {
        "media_type": "print",
        "received": 2,
        "eligible": 1,
        "ineligible": 1,
        "shortlisted": 0,
        "awarded": 0,
    }
    assert rows["television"]["received"] == 1 and rows["online"]["received"] == 0
    assert r.json()["total"]["received"] == 4
    assert (await client.get(f"/api/editions/{edition['id']}/funnel", headers=unit)).status_code == 403


# --- bad input ---------------------------------------------------------------------------------------


async def test_bad_entry_input_is_a_problem_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    url = f"/api/editions/{edition['id']}/entries"
    before = await counts()
    cases: list[tuple[Any, int]] = [
        (entry_body(published_on="02/09/2025"), 400),
        (entry_body(published_on="2025-02-30"), 400),
        (entry_body(authors=[{"name": f"Tác giả {i}"} for i in range(500)]), 400),
        (entry_body(authors=[]), 400),
        (entry_body(title=123), 400),
        (entry_body(media_type="podcast"), 400),
        (entry_body(url="javascript:alert(1)"), 400),
        (entry_body(hacker=True), 400),
        (entry_body(model_ids=["một"]), 400),
        (entry_body(authors=[{"name": "A", "user_id": 999999}]), 422),
    ]
    for body, status in cases:
        r = await client.post(url, json=body, headers=unit)
        assert r.status_code == status, (body if len(str(body)) < 300 else "…", r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    r = await client.post(url, content=b"{not json", headers={**unit, "content-type": "application/json"})
    assert r.status_code == 400
    huge = await client.post(url, json=entry_body(title="x" * 20_000_000), headers=unit)
    assert huge.status_code == 413
    assert (await client.post("/api/editions/999999/entries", json=entry_body(), headers=unit)).status_code == 404
    assert (await client.get("/api/entries/99999999999", headers=unit)).status_code == 404
    assert await counts() == before


async def test_nfd_text_is_stored_as_nfc(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    nfd = unicodedata.normalize("NFD", "Thắp sáng đường quê")
    entry = await new_entry(
        client, unit, edition["id"], title=nfd, authors=[{"name": unicodedata.normalize("NFD", "Đỗ Thị Hường")}]
    )
    assert entry["title"] == unicodedata.normalize("NFC", "Thắp sáng đường quê")
    assert entry["authors"][0]["name"] == unicodedata.normalize("NFC", "Đỗ Thị Hường")


async def test_stale_version_on_entry_patch(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"])
    url = f"/api/entries/{entry['id']}"
    assert (await client.patch(url, json={"version": 1, "genre": "phóng sự"}, headers=unit)).status_code == 200
    r = await client.patch(url, json={"version": 1, "genre": "ký sự"}, headers=unit)
    assert r.status_code == 409
    assert (await client.get(url, headers=unit)).json()["genre"] == "phóng sự"


async def test_admin_enters_for_a_unit(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    edition = await make_edition(client, admin)
    unit_id = await make_unit("Hội Nông dân huyện Phú Lâm")
    entry = await new_entry(client, admin, edition["id"], unit_id=unit_id)
    assert entry["submitted_by_unit_id"] == unit_id


async def test_model_links_are_shown_both_ways(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    unit_id = await make_unit("Hội Liên hiệp Phụ nữ huyện Phú Lâm")
    model = await client.post(
        "/api/models",
        json=model_body(unit_id=unit_id, summary="Đoàn viên góp công lắp đèn dọc đường thôn."),
        headers=admin,
    )
    assert model.status_code == 201, model.text
    model_id = model.json()["id"]
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    other = await login_as(Role.unit, unit_id=unit_id)  # the model's own unit
    entry = await new_entry(client, unit, edition["id"], model_ids=[model_id, model_id])
    assert [m["id"] for m in entry["models"]] == [model_id]
    seen_by_admin = (await client.get(f"/api/models/{model_id}", headers=admin)).json()["entries"]
    assert [e["id"] for e in seen_by_admin] == [entry["id"]]
    # Another unit does not learn of a draft; once submitted, the title is listed (without a link).
    assert (await client.get(f"/api/models/{model_id}", headers=other)).json()["entries"] == []
    assert (await submit(client, unit, entry["id"])).status_code == 200
    listed = (await client.get(f"/api/models/{model_id}", headers=other)).json()["entries"]
    assert [(e["title"], e["viewable"]) for e in listed] == [(entry["title"], False)]
    assert "authors" not in listed[0]


async def test_concurrent_submissions_cannot_pass_the_author_limit(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin, max_entries_per_author=1)
    unit = await login_as(Role.unit)
    entries = [await new_entry(client, unit, edition["id"], title=f"Bài {i}") for i in range(4)]
    answers = await asyncio.gather(*(submit(client, unit, e["id"]) for e in entries))
    assert sorted(r.status_code for r in answers) == [200, 422, 422, 422]
