"""The media center's pages: stories to publish with their queue form, the queue with its filters and
actions, the dashboard cards whose numbers are the rows their links show. Vietnamese messages at the field."""

from __future__ import annotations

import re

import httpx

from guong_dan_van.core.permissions import Role
from guong_dan_van.publishing.tables import Publication
from tests.api.publishing_helpers import recognised_model, snapshot
from tests.conftest import LoginAs

HX = {"HX-Request": "true"}


def card(html: str, label: str) -> tuple[int, str]:
    found = re.search(r'href="([^"]+)"><span class="stat-value">(\d+)</span><span>' + label, html)
    assert found, label
    return int(found.group(2)), found.group(1).replace("&amp;", "&")


async def test_media_center_queues_from_the_stories_page_and_publishes_from_the_queue(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    media = await login_as(Role.media)
    first = await recognised_model(client, admin, login_as, title="Ngày thứ Bảy cùng dân")
    second = await recognised_model(client, admin, login_as, decision="exemplary", title="Dân vận số")
    stories = await client.get("/publishing/stories", headers=media)
    assert stories.status_code == 200 and "Tin bài cần đăng" in stories.text
    assert stories.text.index("Dân vận số") < stories.text.index("Ngày thứ Bảy cùng dân")  # newest first
    assert (await client.get("/publishing/stories?item_type=entry", headers=media)).text.count(
        'class="card story"'
    ) == 0

    form = {"form_id": "queue-form-2", "item_type": "model", "item_id": str(first), "channel": ""}
    before = await snapshot()
    empty = await client.post("/publishing/stories/queue", data=form, headers={**media, **HX})
    assert 'id="error-channel"' in empty.text and "Cần nhập kênh." in empty.text and 'id="queue-form-2"' in empty.text
    wrong = {**form, "channel": "website", "embargo_until": "mười lăm tháng mười"}
    refused = await client.post("/publishing/stories/queue", data=wrong, headers={**media, **HX})
    assert 'id="error-embargo_until"' in refused.text and "Hạn cấm đăng" in refused.text
    whole = await client.post("/publishing/stories/queue", data=wrong, headers=media)
    assert whole.status_code == 422 and 'id="nav"' in whole.text
    assert await snapshot() == before

    good = {**form, "channel": "website", "embargo_until": "01/01/2020 08:00"}
    queued = await client.post("/publishing/stories/queue", data=good, headers={**media, **HX})
    row = await Publication.select().first().run()
    assert row is not None and queued.headers["HX-Redirect"] == f"/publishing?channel=website&queued={row['id']}"
    assert row is not None and row["embargo_until"].isoformat().startswith("2020-01-01T01:00")
    again = await client.post("/publishing/stories/queue", data=good, headers={**media, **HX})
    assert "Trang web" in again.text and 'id="error-channel"' in again.text

    dashboard = await client.get("/", headers=media)
    for label, expected in (("Tin bài cần đăng", 2), ("Trong hàng chờ đăng", 1), ("Đã lên lịch đăng", 0)):
        value, href = card(dashboard.text, label)
        assert value == expected
        shown = await client.get(href, headers=media)
        count = re.search(r'id="(?:story|queue)-count">(\d+)', shown.text)
        assert count and int(count.group(1)) == value, (label, href)

    queue_page = await client.get("/publishing?channel=website&status=queued", headers=media)
    assert "Ngày thứ Bảy cùng dân" in queue_page.text and "Dân vận số" not in queue_page.text
    assert f'href="/api/publishing/{row["id"]}/kit.zip"' in queue_page.text
    publish = {"publication_id": str(row["id"]), "version": "1", "published_url": "trang chủ huyện"}
    bad = await client.post(f"/publishing/{row['id']}/publish", data=publish, headers={**media, **HX})
    assert 'id="error-published_url"' in bad.text and "Đường dẫn bài đã đăng" in bad.text
    publish["published_url"] = "https://binhson.vn/tin/ngay-thu-bay-cung-dan"
    done = await client.post(f"/publishing/{row['id']}/publish", data=publish, headers={**media, **HX})
    assert done.headers["HX-Redirect"] == "/publishing?status=published"
    stale = await client.post(f"/publishing/{row['id']}/withdraw", data=publish, headers={**media, **HX})
    assert "người khác sửa" in stale.text
    published = await client.get("/publishing?status=published", headers=media)
    assert "https://binhson.vn/tin/ngay-thu-bay-cung-dan" in published.text and "Đã đăng" in published.text
    assert "Ngày thứ Bảy cùng dân" not in (await client.get("/publishing/stories", headers=media)).text
    withdraw = await client.post(
        f"/publishing/{row['id']}/withdraw", data={"publication_id": str(row["id"]), "version": "2"}, headers=media
    )
    assert withdraw.status_code == 303 and withdraw.headers["location"] == "/publishing?status=withdrawn"
    assert second


async def test_pages_refuse_other_roles_in_vietnamese(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    unit = await login_as(Role.unit)
    for path in ("/publishing", "/publishing/stories"):
        page = await client.get(path, headers=unit)
        assert page.status_code == 403 and "Không có quyền" in page.text
    media = await login_as(Role.media)
    bad_filter = await client.get("/publishing?status=xong", headers=media)
    assert bad_filter.status_code == 400 and "Trạng thái" in bad_filter.text
    before = await snapshot()
    for item_id in ("abc", "99999999999", "424242"):
        form = {"form_id": "queue-form-1", "item_type": "model", "item_id": item_id, "channel": "website"}
        answer = await client.post("/publishing/stories/queue", data=form, headers={**media, **HX})
        assert answer.status_code == 200 and "form-summary" in answer.text, item_id
    unknown = await client.post("/publishing/424242/publish", data={"version": "1"}, headers=media)
    assert unknown.status_code == 404 and 'id="nav"' in unknown.text
    assert await snapshot() == before
