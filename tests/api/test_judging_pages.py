"""The committee's set-up pages of a round, and a judge's own conflict, answer in Vietnamese beside the field at
fault and go through the same rules as the API; refusals change nothing and nothing answers 500."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from guong_dan_van.core.permissions import Role
from guong_dan_van.judging.tables import Assignment, Conflict, Round, RoundJudge
from tests.api.judging_helpers import Room, make_judge, room
from tests.api.test_contest import make_edition
from tests.conftest import LoginAs

ENGLISH = ("Expected", "field `", "Object missing", "Invalid enum", "Traceback", "setup", "closed")
TWO_KINDS = [
    {"title": "Chuyện đèn đường thôn Đông", "media_type": "print"},
    {"title": "Tiếng loa xóm mới", "media_type": "radio"},
]


async def post_form(
    client: httpx.AsyncClient, path: str, fields: list[tuple[str, str]], headers: dict[str, str], *, htmx: bool = True
) -> httpx.Response:
    extra = {"HX-Request": "true"} if htmx else {}
    return await client.post(
        path,
        content=urlencode(fields).encode(),
        headers={**headers, **extra, "content-type": "application/x-www-form-urlencoded"},
    )


def vietnamese_only(text: str) -> None:
    visible = text.split("<body", 1)[-1]
    for word in ENGLISH:
        assert f">{word}" not in visible and f"“{word}”" not in visible, word


def rubric(*rows: tuple[str, str, str, str]) -> list[tuple[str, str]]:
    fields = []
    for key, label, weight, most in rows:
        fields += [("crit_key", key), ("crit_label", label), ("crit_weight", weight), ("crit_max", most)]
    return fields


async def test_the_committee_creates_a_round_with_its_own_rubric(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    path = f"/judging/editions/{edition['id']}/rounds"
    page = await client.get(path, headers=admin)
    assert page.status_code == 200 and "Nội dung, tính phát hiện" in page.text and 'name="crit_weight"' in page.text
    linked = await client.get(f"/contest/editions/{edition['id']}", headers=admin)
    assert f'href="{path}"' in linked.text
    assert f'href="{path}"' in (await client.get("/judging/rounds", headers=admin)).text

    empty = await post_form(client, path, [], admin)
    assert empty.status_code == 200 and 'id="error-name"' in empty.text and 'id="error-criteria"' in empty.text
    vietnamese_only(empty.text)

    wrong = [("name", "Sơ khảo"), ("stage", "vòng hai"), ("judges_per_entry", "nhiều")]
    wrong += rubric(("noi_dung", "Nội dung", "0", "50"), ("NOI DUNG", "Hình thức", "30", "ba mươi"), ("", "", "", ""))
    bad = await post_form(client, path, wrong, admin)
    for field in ("stage", "judges_per_entry", "crit_weight_0", "crit_key_1", "crit_max_1"):
        assert f'id="error-{field}"' in bad.text, field
    assert "Trọng số phải lớn hơn 0" in bad.text and "Hãy chọn giai đoạn" in bad.text
    assert 'value="ba mươi"' in bad.text  # what was typed comes back
    vietnamese_only(bad.text)
    duplicate = [("name", "Sơ khảo"), ("stage", "final")]
    duplicate += rubric(("", "Nội dung", "1", "10"), ("noi_dung", "Nội dung khác", "1", "10"))
    again = await post_form(client, path, duplicate, admin, htmx=False)
    assert again.status_code == 422 and 'id="error-crit_key_1"' in again.text and 'id="nav"' in again.text
    assert await Round.count().run() == 0

    right = [("name", "Chung khảo báo in"), ("stage", "final"), ("blind", "true"), ("judges_per_entry", "2")]
    right += rubric(("", "Phát hiện mới", "60", "10"), ("trinh_bay", "Trình bày", "40", "12,5"), ("", "", "", ""))
    made = await post_form(client, path, right, admin)
    assert made.headers.get("HX-Redirect", "").startswith("/judging/rounds/"), made.text
    round_id = int(made.headers["HX-Redirect"].rsplit("/", 1)[1])
    got = (await client.get(f"/api/rounds/{round_id}", headers=admin)).json()
    assert got["stage"] == "final" and got["blind"] is True and got["judges_per_entry"] == 2
    assert [(c["key"], c["weight"], c["max"]) for c in got["criteria"]] == [
        ("phat_hien_moi", 60, 10),
        ("trinh_bay", 40, 12.5),
    ]

    unit = await login_as(Role.unit)
    _judge_id, judge = await make_judge(client, "gkxem", "Giám Khảo Xem")
    for headers in (unit, judge):
        assert (await client.get(path, headers=headers)).status_code == 403
        assert (await post_form(client, path, right, headers, htmx=False)).status_code == 403
    assert await Round.count().run() == 1
    for nonsense in (
        "/judging/editions/987654/rounds",
        "/judging/editions/0/rounds",
        "/judging/editions/99999999999/rounds",
    ):
        assert (await client.get(nonsense, headers=admin)).status_code == 404, nonsense
        assert (await post_form(client, nonsense, right, admin, htmx=False)).status_code in (404, 422), nonsense
    assert (await client.get("/judging/editions/abc/rounds", headers=admin)).status_code == 404


async def _seated(client: httpx.AsyncClient, admin: dict[str, str], per_entry: int = 1) -> Room:
    return await room(
        client, admin, entries=TWO_KINDS, judges=[("gkin", "Trần Văn In", ["print"])], per_entry=per_entry
    )


async def test_panels_and_conflicts_through_the_round_page(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    r = await _seated(client, admin)
    page_path = f"/judging/rounds/{r.round_id}"
    page = await client.get(page_path, headers=admin)
    assert page.status_code == 200 and "Trần Văn In" in page.text and "Chuyện đèn đường thôn Đông" in page.text
    two_id, _ = await make_judge(client, "gkhai", "Lê Thị Hai")
    unit_id = await login_as(Role.unit, username="bientapvien")
    assert unit_id
    judges = f"{page_path}/judges"

    empty = await post_form(client, judges, [], admin)
    assert 'id="error-user_id"' in empty.text and "Cần nhập giám khảo" in empty.text
    wrong = await post_form(client, judges, [("user_id", "1"), ("media_types", "báo giấy")], admin)
    assert 'id="error-media_types"' in wrong.text
    not_judge = await post_form(client, judges, [("user_id", "1")], admin)  # the committee's own account
    assert "Không phải tài khoản giám khảo" in not_judge.text and 'id="error-user_id"' in not_judge.text
    assert await RoundJudge.count().run() == 1
    for kinds in (["radio"], ["print", "television"]):
        added = await post_form(client, judges, [("user_id", str(two_id))] + [("media_types", k) for k in kinds], admin)
        assert added.headers.get("HX-Redirect") == page_path, added.text
    seats = (await client.get(f"/api/rounds/{r.round_id}/judges", headers=admin)).json()
    assert [s["media_types"] for s in seats if s["user_id"] == two_id] == [["print", "radio", "television"]]

    conflicts = f"{page_path}/conflicts"
    empty = await post_form(client, conflicts, [], admin)
    for field in ("judge_id", "entry_id", "reason"):
        assert f'id="error-{field}"' in empty.text, field
    entry = r.entries[0]["id"]
    outsider = await post_form(client, conflicts, [("judge_id", "1"), ("entry_id", str(entry)), ("reason", "x")], admin)
    assert "Hãy chọn một giám khảo của vòng" in outsider.text
    foreign = await post_form(
        client, conflicts, [("judge_id", str(two_id)), ("entry_id", "987654"), ("reason", "Họ hàng")], admin
    )
    assert 'id="error-entry_id"' in foreign.text and "Không có trong đợt thi" in foreign.text
    assert await Conflict.count().run() == 0
    ok = [("judge_id", str(two_id)), ("entry_id", str(entry)), ("reason", "Là anh em họ của tác giả")]
    declared = await post_form(client, conflicts, ok, admin)
    assert declared.headers.get("HX-Redirect") == page_path
    listed = await client.get(page_path, headers=admin)
    assert "Là anh em họ của tác giả" in listed.text and "Lê Thị Hai" in listed.text

    removed = await post_form(client, f"{judges}/{two_id}/remove", [], admin)
    assert removed.headers.get("HX-Redirect") == page_path
    assert await RoundJudge.count().run() == 1
    gone = await post_form(client, f"{judges}/{two_id}/remove", [], admin, htmx=False)
    assert gone.status_code == 422 and "Giám khảo không có trong tiểu ban" in gone.text


async def test_assigning_from_the_page_names_what_is_missing_and_adjusts_single_assignments(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await _seated(client, admin)
    page_path = f"/judging/rounds/{r.round_id}"
    refused = await post_form(client, f"{page_path}/assign", [], admin)
    assert refused.status_code == 200 and 'id="shortfalls"' in refused.text
    assert "Tiếng loa xóm mới" in refused.text and "chưa phân công tác phẩm nào" in refused.text
    assert "Chuyện đèn đường thôn Đông</strong>" not in refused.text  # the print entry has its judge
    assert await Assignment.count().run() == 0

    radio_id, _ = await make_judge(client, "gkpt", "Đỗ Phát Thanh")
    await post_form(client, f"{page_path}/judges", [("user_id", str(radio_id)), ("media_types", "radio")], admin)
    assigned = await post_form(client, f"{page_path}/assign", [], admin)
    assert assigned.headers.get("HX-Redirect") == page_path, assigned.text
    assert await Assignment.count().run() == 2

    print_entry, radio_entry = (e["id"] for e in r.entries)
    single = f"{page_path}/assignments"
    empty = await post_form(client, single, [], admin)
    assert 'id="error-judge_id"' in empty.text and 'id="error-entry_id"' in empty.text
    wrong_panel = await post_form(client, single, [("judge_id", str(radio_id)), ("entry_id", str(print_entry))], admin)
    assert "Giám khảo không ở tiểu ban chấm loại hình này" in wrong_panel.text
    full = await post_form(client, single, [("judge_id", str(r.judges["gkin"])), ("entry_id", str(print_entry))], admin)
    assert "Giám khảo đã được phân công tác phẩm này" in full.text
    remove = f"{single}/{r.judges['gkin']}/{print_entry}/remove"
    assert (await post_form(client, remove, [], admin)).headers.get("HX-Redirect") == page_path
    assert await Assignment.count().run() == 1
    page = await client.get(page_path, headers=admin)
    assert 'id="needing"' in page.text and "Chuyện đèn đường thôn Đông" in page.text
    back = await post_form(client, single, [("judge_id", str(r.judges["gkin"])), ("entry_id", str(print_entry))], admin)
    assert back.headers.get("HX-Redirect") == page_path, back.text
    assert await Assignment.count().run() == 2
    missing = await post_form(client, f"{single}/{radio_id}/{print_entry}/remove", [], admin, htmx=False)
    assert missing.status_code == 422 and "Không có phân công này" in missing.text
    assert radio_entry and await Assignment.count().run() == 2


async def test_open_close_and_wrong_states_speak_vietnamese(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    r = await _seated(client, admin)
    page_path = f"/judging/rounds/{r.round_id}"
    not_yet = await post_form(client, f"{page_path}/open", [], admin)
    assert "Chưa phân công giám khảo" in not_yet.text and 'id="state-box"' in not_yet.text
    early = await post_form(client, f"{page_path}/close", [], admin)
    assert "Đang chuẩn bị" in early.text and "“setup”" not in early.text
    api = await client.post(f"/api/rounds/{r.round_id}/close", headers=admin)
    assert api.status_code == 409 and "Đang chuẩn bị" in api.json()["detail"]

    radio_id, _ = await make_judge(client, "gkpt", "Đỗ Phát Thanh")
    await post_form(client, f"{page_path}/judges", [("user_id", str(radio_id))], admin)
    await post_form(client, f"{page_path}/assign", [], admin)
    opened = await post_form(client, f"{page_path}/open", [], admin)
    assert opened.headers.get("HX-Redirect") == page_path
    page = await client.get(page_path, headers=admin)
    assert 'hx-trigger="every 10s"' in page.text and 'id="close-form"' in page.text and "hx-confirm" in page.text
    twice = await post_form(client, f"{page_path}/open", [], admin, htmx=False)
    assert twice.status_code == 422 and "Đang chấm" in twice.text
    again = await post_form(client, f"{page_path}/assign", [], admin)
    assert "Chỉ phân công khi vòng chấm đang chuẩn bị" in again.text
    seat = await post_form(client, f"{page_path}/judges/{radio_id}/remove", [], admin)
    assert "Chỉ bớt giám khảo khi vòng chấm đang chuẩn bị" in seat.text  # a flash for HTMX
    assert await RoundJudge.count().run() == 2

    progress = await client.get(f"{page_path}/progress", headers=admin)
    assert progress.status_code == 200 and f'data-judge="{radio_id}"' in progress.text and "0/1" in progress.text
    assert "<html" not in progress.text and 'hx-trigger="every 10s"' in progress.text
    assert (await client.get(f"{page_path}/progress", headers=r.headers["gkin"])).status_code == 403
    dashboard = await client.get("/", headers=admin)
    assert 'href="/judging/rounds?status=running"><span class="stat-value">1<' in dashboard.text
    assert '<p class="muted">1 vòng chấm' in (await client.get("/judging/rounds?status=running", headers=admin)).text
    closed = await post_form(client, f"{page_path}/close", [], admin)
    assert closed.headers.get("HX-Redirect") == page_path
    final = await client.get(page_path, headers=admin)
    assert "Đã khóa" in final.text and "every 10s" not in final.text and 'id="judge-form"' not in final.text

    listing = await client.get("/judging/rounds", headers=admin)
    assert "Đã khóa" in listing.text and page_path in listing.text
    assert page_path in (await client.get("/judging/rounds?status=closed", headers=admin)).text
    for hidden in ("running", "open", "setup"):
        assert page_path not in (await client.get(f"/judging/rounds?status={hidden}", headers=admin)).text
    assert page_path in (await client.get("/judging/rounds?status=nonsense&x=1", headers=admin)).text


async def test_a_judge_declares_a_conflict_from_the_scoring_screen(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    r = await room(client, admin, entries=TWO_KINDS[:1], judges=[("gkin", "Trần Văn In", None)], per_entry=1)
    assert (await client.post(f"/api/rounds/{r.round_id}/assign", headers=admin)).status_code == 200
    assert (await client.post(f"/api/rounds/{r.round_id}/open", headers=admin)).status_code == 200
    judge, entry = r.headers["gkin"], r.entries[0]["id"]
    screen = await client.get(f"/judging/rounds/{r.round_id}/score/{entry}", headers=judge)
    assert 'id="own-conflict-form"' in screen.text
    path = f"/judging/rounds/{r.round_id}/score/{entry}/conflict"
    empty = await post_form(client, path, [], judge)
    assert 'id="error-reason"' in empty.text and "Cần nhập lý do" in empty.text
    page = await post_form(client, path, [("reason", " ")], judge, htmx=False)
    assert page.status_code == 422 and 'id="nav"' in page.text
    smuggled = await post_form(client, path, [("reason", "Người nhà"), ("judge_id", "1")], judge)
    assert smuggled.headers.get("HX-Redirect") == "/judging/queue", smuggled.text
    [row] = await Conflict.select(Conflict.judge, Conflict.reason).run()
    assert row == {"judge": r.judges["gkin"], "reason": "Người nhà"}
    assert await Assignment.count().run() == 0
    queue = await client.get("/judging/queue", headers=judge)
    assert "Chuyện đèn đường thôn Đông" not in queue.text
    assert (await client.get(f"/judging/rounds/{r.round_id}/score/{entry}", headers=judge)).status_code == 404
    _other_id, other = await make_judge(client, "gkngoai", "Người Ngoài Vòng")
    assert (await post_form(client, path, [("reason", "x")], other, htmx=False)).status_code == 404
    assert (await post_form(client, path, [("reason", "x")], admin, htmx=False)).status_code == 403
    assert await Conflict.count().run() == 1


async def test_nonsense_ids_and_fields_are_refused_without_a_500(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    r = await _seated(client, admin)
    unit = await login_as(Role.unit)
    base = f"/judging/rounds/{r.round_id}"
    posts: list[tuple[str, list[tuple[str, str]]]] = [
        (f"{base}/judges", [("user_id", "99999999999"), ("media_types", "print"), ("bogus", "1")]),
        (f"{base}/judges", [("user_id", "-3")]),
        (f"{base}/conflicts", [("judge_id", "abc"), ("entry_id", "1e9"), ("reason", "x" * 3000)]),
        (f"{base}/assignments", [("judge_id", "0"), ("entry_id", "2147483648")]),
        (f"{base}/assignments/0/0/remove", []),
        (f"{base}/judges/99999999999/remove", []),
        (f"{base}/assignments/99999999999/99999999999/remove", []),
    ]
    before = [await t.count().run() for t in (Round, RoundJudge, Conflict, Assignment)]
    for path, fields in posts:
        for htmx in (True, False):
            res = await post_form(client, path, fields, admin, htmx=htmx)
            assert res.status_code in (200, 404, 422), (path, res.status_code, res.text[:300])
            assert "HX-Redirect" not in res.headers, path
        assert (await post_form(client, path, fields, unit, htmx=False)).status_code == 403, path
    for path in ("/judging/rounds/987654", "/judging/rounds/987654/progress", "/judging/rounds/99999999999"):
        assert (await client.get(path, headers=admin)).status_code == 404, path
    for path in ("/judging/rounds/987654/open", "/judging/rounds/987654/assign", "/judging/rounds/987654/judges"):
        assert (await post_form(client, path, [], admin, htmx=False)).status_code == 404, path
    api = f"/api/rounds/{r.round_id}"
    ghost = {"judge_id": 987654, "entry_id": r.entries[0]["id"], "reason": "Không ai"}
    assert (await client.post(f"{api}/conflicts", json=ghost, headers=admin)).status_code == 422
    assert (await client.delete(f"{api}/judges/99999999999", headers=admin)).status_code == 404
    assert (await client.delete(f"{api}/judges/987654", headers=admin)).status_code == 422
    assert [await t.count().run() for t in (Round, RoundJudge, Conflict, Assignment)] == before
    assert (await client.delete(f"{api}/judges/{r.judges['gkin']}", headers=unit)).status_code == 403
    assert (await client.delete(f"{api}/judges/{r.judges['gkin']}", headers=admin)).status_code == 204
    assert await RoundJudge.count().run() == 0
    anonymous = await client.get(base, follow_redirects=False)
    assert anonymous.status_code in (302, 303, 307) and "/login" in anonymous.headers["location"]
