"""The web shell over HTTP: login form, cookie session, CSRF on HTMX writes, per-role dashboards."""

from __future__ import annotations

import re

import httpx

from guong_dan_van.accounts.tables import User
from guong_dan_van.core.permissions import Role
from tests.conftest import PASSWORD, make_unit, make_user


async def form_login(client: httpx.AsyncClient, username: str, next_url: str = "/") -> httpx.Response:
    return await client.post("/login", data={"username": username, "password": PASSWORD, "next": next_url})


def csrf_of(html: str) -> str:
    match = re.search(r'data-csrf="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


async def test_pages_redirect_to_login_when_anonymous(client: httpx.AsyncClient) -> None:
    response = await client.get("/units")
    assert response.status_code in (302, 303) and response.headers["location"] == "/login?next=/units"
    login_page = await client.get("/login")
    assert login_page.status_code == 200 and "Đăng nhập" in login_page.text
    assert '<html lang="vi">' in login_page.text


async def test_login_form_sets_cookie_and_dashboard_speaks_to_the_role(client: httpx.AsyncClient) -> None:
    unit_id = await make_unit("Hội Nông dân huyện Phú Lâm")
    await make_user("donvi", Role.unit, unit_id, full_name="Trần Văn Bình")
    response = await form_login(client, "donvi")
    assert response.status_code in (302, 303) and response.headers["location"] == "/"
    assert "gdv_session" in client.cookies
    dashboard = await client.get("/")
    assert dashboard.status_code == 200
    assert "Xin chào, Trần Văn Bình" in dashboard.text
    assert "Hội Nông dân huyện Phú Lâm" in dashboard.text
    assert "Đơn vị đề cử" in dashboard.text


async def test_login_next_never_leaves_the_site(client: httpx.AsyncClient) -> None:
    await make_user("bantochuc", Role.admin)
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        client.cookies.clear()
        response = await form_login(client, "bantochuc", target)
        assert response.headers["location"] == "/", target


async def test_wrong_password_on_the_form_shows_vietnamese_message(client: httpx.AsyncClient) -> None:
    response = await client.post("/login", data={"username": "ai", "password": "sai-mat-khau", "next": "/"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
    assert "gdv_session" not in client.cookies


async def test_admin_creates_user_through_htmx_form_with_csrf(client: httpx.AsyncClient) -> None:
    await make_user("bantochuc", Role.admin)
    await form_login(client, "bantochuc")
    page = await client.get("/users")
    assert page.status_code == 200 and "Thêm tài khoản" in page.text
    csrf = csrf_of(page.text)
    form = {"username": "giamkhao1", "full_name": "Phạm Quốc Dũng", "password": "mat-khau-dai-du", "role": "judge"}
    without = await client.post("/users", data=form, headers={"HX-Request": "true"})
    assert without.status_code in (200, 403)
    assert await User.count().where(User.username == "giamkhao1").run() == 0
    created = await client.post("/users", data=form, headers={"HX-Request": "true", "X-CSRF-Token": csrf})
    assert created.status_code == 200 and "Đã tạo tài khoản “giamkhao1”." in created.text
    assert created.headers["hx-trigger"] == "users-changed"
    assert await User.count().where(User.username == "giamkhao1").run() == 1
    again = await client.post("/users", data=form, headers={"HX-Request": "true", "X-CSRF-Token": csrf})
    assert "đã được dùng" in again.text


async def test_committee_screens_are_refused_to_other_roles(client: httpx.AsyncClient) -> None:
    await make_user("giamkhao", Role.judge)
    await form_login(client, "giamkhao")
    for path in ("/units", "/users"):
        response = await client.get(path)
        assert response.status_code == 403 and "Không có quyền" in response.text


async def test_unknown_page_is_a_vietnamese_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/khong-co-trang-nay")
    assert response.status_code == 404 and "Không tìm thấy" in response.text
    assert "Đăng xuất" not in response.text and 'href="/login"' in response.text


async def test_unknown_page_keeps_the_navigation_and_logout_of_who_is_logged_in(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await form_login(client, "bantochuc")
    response = await client.get("/trang/khong/co?that=1")
    assert response.status_code == 404 and "Không tìm thấy" in response.text
    assert "Đăng xuất" in response.text and 'href="/models"' in response.text
    api = await client.get("/api/khong-co", headers={"accept": "application/json"})
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")


async def test_assets_are_served_locally_and_the_api_is_documented(client: httpx.AsyncClient) -> None:
    login_page = (await client.get("/login")).text
    assert "http://" not in login_page and "https://" not in login_page  # no CDN, works offline
    assert (await client.get("/static/vendor/htmx.min.js")).status_code == 200
    schema = await client.get("/schema/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/auth/login", "/api/units", "/api/units/{unit_id}", "/api/users", "/health"} <= set(paths)
    docs = await client.get("/schema")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()


def listed_users(html: str) -> set[int]:
    return {int(user_id) for user_id in re.findall(r'id="user-(\d+)"', html)}


async def test_the_judges_card_opens_the_users_list_with_only_the_judges(client: httpx.AsyncClient) -> None:
    admin_id = await make_user("bantochuc", Role.admin)
    judges = {await make_user("giamkhao1", Role.judge), await make_user("giamkhao2", Role.judge)}
    media_id = await make_user("truyenthong", Role.media)
    await form_login(client, "bantochuc")
    assert 'href="/users?role=judge"' in (await client.get("/")).text
    only_judges = await client.get("/users?role=judge")
    assert only_judges.status_code == 200 and listed_users(only_judges.text) == judges
    assert "2 tài khoản" in only_judges.text
    # After an account is added, the list reloads with the same filter.
    assert 'hx-get="/users/rows?role=judge"' in only_judges.text
    rows = await client.get("/users/rows?role=judge", headers={"HX-Request": "true"})
    assert rows.status_code == 200 and listed_users(rows.text) == judges
    # "Tất cả" in the filter sends an empty role: every account.
    everyone = await client.get("/users?role=")
    assert everyone.status_code == 200 and listed_users(everyone.text) == {admin_id, media_id, *judges}
    assert listed_users((await client.get("/users/rows?role=")).text) == {admin_id, media_id, *judges}
    assert (await client.get("/users?role=giamkhao")).status_code == 400


async def test_admin_assigns_role_and_unit_from_the_users_list(client: httpx.AsyncClient) -> None:
    admin_id = await make_user("bantochuc", Role.admin)
    unit_id = await make_unit("Trung tâm Truyền thông – Văn hóa – Thể thao")
    judge_id = await make_user("nguoimoi", Role.judge)
    await form_login(client, "bantochuc")
    page = await client.get("/users")
    csrf = csrf_of(page.text)
    assert f'id="user-{judge_id}"' in page.text
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf}
    saved = await client.post(
        f"/users/{judge_id}",
        data={"version": "1", "role": "media", "unit_id": str(unit_id), "active": "true"},
        headers=headers,
    )
    assert saved.status_code == 200 and "Đã lưu." in saved.text
    row = await User.select(User.role, User.unit, User.version).where(User.id == judge_id).first().run()
    assert row == {"role": "media", "unit": unit_id, "version": 2}
    # A stale form (someone saved in between) is refused and the row shows the current state.
    stale = await client.post(
        f"/users/{judge_id}", data={"version": "1", "role": "judge", "unit_id": ""}, headers=headers
    )
    assert "người khác sửa" in stale.text
    assert (await User.select(User.role).where(User.id == judge_id).first().run())["role"] == "media"
    # Unticking "Hoạt động" locks the account; an admin cannot lock themselves out.
    locked = await client.post(f"/users/{judge_id}", data={"version": "2", "role": "media"}, headers=headers)
    assert "Đã lưu." in locked.text and 'class="inactive"' in locked.text
    self_lock = await client.post(f"/users/{admin_id}", data={"version": "1", "role": "admin"}, headers=headers)
    assert "Không thể tự khóa" in self_lock.text
    assert (await User.select(User.active).where(User.id == admin_id).first().run())["active"] is True
