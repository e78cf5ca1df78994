"""Queueing a story found by search: the media center and the committee see "Đưa vào hàng chờ" on each result
that may be published (the rule publishing itself keeps), the form it opens answers in Vietnamese beside the
field, and the queue says what was just queued. Other roles see no link and are refused the form."""

from __future__ import annotations

import re

import httpx
from litestar import Litestar
from piccolo.engine.base import Engine

from guong_dan_van.app import create_app
from guong_dan_van.core.permissions import Role
from guong_dan_van.settings import Settings
from tests.api.publishing_helpers import recognised_model, snapshot, some_entry
from tests.api.search_helpers import drain
from tests.conftest import LoginAs

HX = {"HX-Request": "true"}
QUEUE_LINK = re.compile(r'href="/publishing/new\?item_type=(model|entry)&amp;item_id=(\d+)"')


def queue_links(html: str) -> set[tuple[str, int]]:
    return {(kind, int(number)) for kind, number in QUEUE_LINK.findall(html)}


async def test_a_recognised_model_found_by_search_is_queued_from_its_own_form(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    recognised = await recognised_model(client, admin, login_as, title="Dân vận khéo ở xóm Bến")
    waiting = await recognised_model(client, admin, login_as, decision="", title="Dân vận khéo ở xóm Chùa")
    await drain(app)
    media = await login_as(Role.media)
    for headers in (media, admin):
        page = await client.get("/search", params={"q": "dan van kheo xom"}, headers=headers)
        assert page.status_code == 200 and "Dân vận khéo ở xóm Chùa" in page.text
        assert queue_links(page.text) == {("model", recognised)}, "a model not yet recognised has no link"
        part = await client.get("/search", params={"q": "dan van kheo xom"}, headers={**headers, **HX})
        assert queue_links(part.text) == {("model", recognised)}

    form_page = await client.get(f"/publishing/new?item_type=model&item_id={recognised}", headers=media)
    assert form_page.status_code == 200 and 'id="nav"' in form_page.text
    assert "Dân vận khéo ở xóm Bến" in form_page.text and 'id="queue-form-new"' in form_page.text
    assert 'action="/publishing/new"' in form_page.text and "Đã có trên" not in form_page.text

    before = await snapshot()
    form = {"form_id": "queue-form-new", "item_type": "model", "item_id": str(recognised), "channel": ""}
    empty = await client.post("/publishing/new", data=form, headers={**media, **HX})
    assert empty.status_code == 200 and "<html" not in empty.text
    assert 'id="error-channel"' in empty.text and "Cần nhập kênh." in empty.text
    wrong = {**form, "channel": "website", "scheduled_for": "sáng mai"}
    refused = await client.post("/publishing/new", data=wrong, headers={**media, **HX})
    assert 'id="error-scheduled_for"' in refused.text and "Lịch đăng" in refused.text
    whole = await client.post("/publishing/new", data=wrong, headers=media)
    assert whole.status_code == 422 and 'id="nav"' in whole.text and "Dân vận khéo ở xóm Bến" in whole.text
    assert 'id="error-scheduled_for"' in whole.text
    assert await snapshot() == before

    good = {**form, "channel": "website"}
    queued = await client.post("/publishing/new", data=good, headers={**media, **HX})
    target = queued.headers["HX-Redirect"]
    assert re.fullmatch(r"/publishing\?channel=website&queued=\d+", target), queued.text
    queue_page = await client.get(target, headers=media)
    notice = re.search(r'id="queue-notice"[^>]*>([^<]+)<', queue_page.text)
    assert notice and "Đã đưa “Dân vận khéo ở xóm Bến” vào hàng chờ đăng trên kênh Trang web." in notice.group(1)
    assert 'id="queue-notice"' not in (await client.get("/publishing?channel=website", headers=media)).text
    assert 'id="queue-notice"' not in (await client.get("/publishing?queued=424242", headers=media)).text

    # A browser without JavaScript: the same form, answered by a redirect to the queue.
    scheduled = {**form, "channel": "radio", "scheduled_for": "15/10/2099 08:00"}
    answer = await client.post("/publishing/new", data=scheduled, headers=media)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/publishing?channel=radio&queued=")
    shown = await client.get(answer.headers["location"], headers=media)
    assert "Đã lên lịch đăng “Dân vận khéo ở xóm Bến” trên kênh Phát thanh lúc 08:00 15/10/2099." in shown.text

    again = await client.post("/publishing/new", data=good, headers={**media, **HX})
    assert 'id="error-channel"' in again.text and "Trang web" in again.text
    reopened = await client.get(f"/publishing/new?item_type=model&item_id={recognised}", headers=admin)
    assert "Đã có trên: Trang web (trong hàng chờ), Phát thanh (đã lên lịch)" in reopened.text
    assert waiting


async def test_units_and_judges_see_no_link_and_are_refused_the_form(
    app: Litestar, client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    model_id = await recognised_model(client, admin, login_as, title="Dân vận khéo ở xóm Giữa")
    editor = await login_as(Role.unit)  # a unit of its own: a submitted model is found by everyone logged in
    await drain(app)
    judge = await login_as(Role.judge)
    before = await snapshot()
    for headers in (editor, judge):
        page = await client.get("/search", params={"q": "xom giua"}, headers=headers)
        assert page.status_code == 200 and "Dân vận khéo ở xóm Giữa" in page.text
        assert queue_links(page.text) == set() and "Đưa vào hàng chờ" not in page.text
        form_page = await client.get(f"/publishing/new?item_type=model&item_id={model_id}", headers=headers)
        assert form_page.status_code == 403 and "Không có quyền" in form_page.text
        form = {"item_type": "model", "item_id": str(model_id), "channel": "website"}
        posted = await client.post("/publishing/new", data=form, headers=headers)
        assert posted.status_code == 403
    assert await snapshot() == before
    admin_page = await client.get("/search", params={"q": "xom giua"}, headers=admin)
    assert queue_links(admin_page.text) == {("model", model_id)}


async def test_an_unknown_or_unworthy_story_is_told_in_vietnamese_never_a_crash(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    media = await login_as(Role.media)
    submitted = await recognised_model(client, admin, login_as, decision="", title="Chưa xét")
    entry_id = await some_entry(client, admin)
    asked = {
        "": (400, "Chưa chọn tin bài"),
        "?item_type=model": (400, "Chưa chọn tin bài"),
        "?item_type=bai-bao&item_id=1": (400, "Loại tin bài"),
        "?item_type=model&item_id=abc": (400, "Mã tin bài"),
        "?item_type=model&item_id=99999999999": (400, "Mã tin bài"),
        "?item_type=model&item_id=424242": (404, "Mô hình không tồn tại."),
        "?item_type=entry&item_id=424242": (404, "Tác phẩm không tồn tại."),
        f"?item_type=model&item_id={submitted}": (422, "chưa được công nhận"),
        f"?item_type=entry&item_id={entry_id}": (422, "chưa đoạt giải"),
    }
    for query, (status, words) in asked.items():
        page = await client.get("/publishing/new" + query, headers=media)
        assert page.status_code == status and words in page.text, (query, page.status_code)
        assert 'id="nav"' in page.text and 'id="queue-refusal"' in page.text and "queue-form" not in page.text

    before = await snapshot()
    for item_type, item_id in (("model", "424242"), ("model", str(submitted)), ("entry", "abc"), ("bài", "1")):
        form = {"form_id": "queue-form-new", "item_type": item_type, "item_id": item_id, "channel": "website"}
        part = await client.post("/publishing/new", data=form, headers={**media, **HX})
        assert part.status_code == 200 and "form-summary" in part.text, (item_type, item_id)
        whole = await client.post("/publishing/new", data=form, headers=media)
        assert whole.status_code == 422 and 'id="queue-refusal"' in whole.text, (item_type, item_id)
    assert await snapshot() == before


async def test_an_awarded_entry_found_by_search_has_the_link_and_one_not_awarded_has_none(
    db: Engine, settings: Settings, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    awarded_id = await some_entry(client, admin)
    other_id = await some_entry(client, admin)

    async def awarded() -> set[int]:
        return {awarded_id}

    app: Litestar = create_app(settings, engine=db, manage_engine=False, awarded_entry_ids=awarded)
    await drain(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local") as c:
        page = await c.get("/search", params={"q": "con duong sang den", "type": "entry"}, headers=admin)
        assert page.status_code == 200 and f"/contest/entries/{other_id}" in page.text
        assert queue_links(page.text) == {("entry", awarded_id)}
        form_page = await c.get(f"/publishing/new?item_type=entry&item_id={awarded_id}", headers=admin)
        assert form_page.status_code == 200 and "Con đường sáng đèn ở thôn Đông" in form_page.text
        form = {"form_id": "queue-form-new", "item_type": "entry", "item_id": str(awarded_id), "channel": "social"}
        made = await c.post("/publishing/new", data=form, headers=admin)
        assert made.status_code == 303 and made.headers["location"].startswith("/publishing?channel=social&queued=")
