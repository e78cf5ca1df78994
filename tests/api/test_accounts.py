"""Logging in and out, tokens, cookies and CSRF, throttling, and managing users."""

from __future__ import annotations

import httpx

from guong_dan_van.accounts.tables import AuthSession, LoginAttempt, User
from guong_dan_van.core.permissions import Role
from guong_dan_van.core.tables import AuditEntry
from tests.conftest import PASSWORD, LoginAs, login_headers, make_unit, make_user

PROBLEM = "application/problem+json"


async def test_login_returns_token_user_and_httponly_cookie(client: httpx.AsyncClient) -> None:
    unit_id = await make_unit()
    user_id = await make_user("bientap", Role.unit, unit_id, full_name="Trần Văn Bình")
    response = await client.post("/api/auth/login", json={"username": "BienTap", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": user_id,
        "username": "bientap",
        "full_name": "Trần Văn Bình",
        "role": "unit",
        "unit_id": unit_id,
        "active": True,
        "version": 1,
        "created_at": body["user"]["created_at"],
        "last_login_at": body["user"]["last_login_at"],
    }
    assert len(body["token"]) >= 40
    cookie = response.headers["set-cookie"]
    assert "gdv_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    # The token is stored only as a hash.
    stored = await AuthSession.select(AuthSession.token_hash).run()
    assert stored and all(row["token_hash"] != body["token"] for row in stored)
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["username"] == "bientap"


async def test_wrong_password_and_unknown_user_get_the_same_answer(client: httpx.AsyncClient) -> None:
    await make_user("giamkhao", Role.judge)
    wrong = await client.post("/api/auth/login", json={"username": "giamkhao", "password": "sai-mat-khau"})
    unknown = await client.post("/api/auth/login", json={"username": "khongco", "password": "sai-mat-khau"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == unknown.headers["content-type"] == PROBLEM
    assert wrong.json() == unknown.json()
    assert "set-cookie" not in wrong.headers


async def test_inactive_user_cannot_log_in(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user_id = await make_user("nghiviec", Role.media)
    response = await client.patch(f"/api/users/{user_id}", json={"version": 1, "active": False}, headers=admin)
    assert response.status_code == 200 and response.json()["active"] is False
    login = await client.post("/api/auth/login", json={"username": "nghiviec", "password": PASSWORD})
    assert login.status_code == 401


async def test_logout_revokes_the_token(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    headers = await login_as(Role.judge)
    assert (await client.get("/api/me", headers=headers)).status_code == 200
    assert (await client.post("/api/auth/logout", headers=headers)).status_code == 200
    after = await client.get("/api/me", headers=headers)
    assert after.status_code == 401 and after.headers["content-type"] == PROBLEM


async def test_expired_session_is_refused(client: httpx.AsyncClient, login_as: LoginAs) -> None:
    headers = await login_as(Role.media)
    from guong_dan_van.core.clock import now

    await AuthSession.update({AuthSession.expires_at: now()}, force=True).run()
    assert (await client.get("/api/me", headers=headers)).status_code == 401


async def test_password_reset_ends_open_sessions(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user_id = await make_user("quenmatkhau", Role.media)
    headers = await login_headers(client, "quenmatkhau")
    reset = await client.patch(
        f"/api/users/{user_id}", json={"version": 1, "password": "mat-khau-moi-2025"}, headers=admin
    )
    assert reset.status_code == 200
    assert (await client.get("/api/me", headers=headers)).status_code == 401
    assert (
        await client.post("/api/auth/login", json={"username": "quenmatkhau", "password": PASSWORD})
    ).status_code == 401
    assert (await login_headers(client, "quenmatkhau", "mat-khau-moi-2025"))["Authorization"]


async def test_login_is_throttled_per_username(client: httpx.AsyncClient) -> None:
    await make_user("bidoan", Role.media)
    for _ in range(10):
        r = await client.post("/api/auth/login", json={"username": "bidoan", "password": "doan-sai-mat-khau"})
        assert r.status_code == 401
    blocked = await client.post("/api/auth/login", json={"username": "bidoan", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.headers["content-type"] == PROBLEM
    assert int(blocked.headers["retry-after"]) > 0
    # Another user from the same address is not locked out by someone else's mistakes.
    await make_user("nguoikhac", Role.media)
    assert (
        await client.post("/api/auth/login", json={"username": "nguoikhac", "password": PASSWORD})
    ).status_code == 200
    assert await LoginAttempt.count().where(LoginAttempt.username == "bidoan").run() == 10


async def test_cookie_session_needs_csrf_token_for_writes(client: httpx.AsyncClient) -> None:
    await make_user("bantochuc", Role.admin)
    login = await client.post("/api/auth/login", json={"username": "bantochuc", "password": PASSWORD})
    csrf = login.json()["csrf_token"]
    # The cookie alone reads...
    assert (await client.get("/api/me")).status_code == 200
    # ...but cannot write without the CSRF header,
    refused = await client.post("/api/units", json={"name": "Xã Giả Mạo", "kind": "commune"})
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    wrong = await client.post(
        "/api/units", json={"name": "Xã Giả Mạo", "kind": "commune"}, headers={"X-CSRF-Token": "x"}
    )
    assert wrong.status_code == 403
    from guong_dan_van.units.tables import Unit

    assert await Unit.count().run() == 0
    ok = await client.post("/api/units", json={"name": "Xã Thật", "kind": "commune"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201


async def test_admin_manages_users(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    unit_id = await make_unit("Hội Nông dân huyện Phú Lâm")
    created = await client.post(
        "/api/users",
        json={
            "username": "hoinongdan",
            "password": "mat-khau-dai-du",
            "full_name": "Lê Văn Cường",
            "role": "unit",
            "unit_id": unit_id,
        },
        headers=admin,
    )
    assert created.status_code == 201
    user = created.json()
    assert "password" not in created.text and "hash" not in created.text
    listed = await client.get("/api/users?role=unit", headers=admin)
    assert [u["username"] for u in listed.json()["items"]] == ["hoinongdan"]
    assert listed.json()["total"] == 1
    moved = await client.patch(f"/api/users/{user['id']}", json={"version": 1, "role": "judge"}, headers=admin)
    assert moved.status_code == 200 and moved.json()["role"] == "judge" and moved.json()["version"] == 2
    stale = await client.patch(f"/api/users/{user['id']}", json={"version": 1, "full_name": "Ai đó"}, headers=admin)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert (await User.select(User.full_name).where(User.id == user["id"]).first().run())["full_name"] == "Lê Văn Cường"
    actions = [
        r["action"] for r in await AuditEntry.select(AuditEntry.action).where(AuditEntry.object_type == "user").run()
    ]
    assert "user.create" in actions and "user.update" in actions


async def test_unit_role_requires_a_unit(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.post(
        "/api/users",
        json={"username": "khongdonvi", "password": "mat-khau-dai-du", "full_name": "Ai đó", "role": "unit"},
        headers=admin,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit_id"
    assert await User.count().where(User.username == "khongdonvi").run() == 0


async def test_duplicate_username_is_refused(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    body = {"username": "trung", "password": "mat-khau-dai-du", "full_name": "A", "role": "media"}
    assert (await client.post("/api/users", json=body, headers=admin)).status_code == 201
    again = await client.post("/api/users", json={**body, "username": "TRUNG"}, headers=admin)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "username"


async def test_user_changes_own_password_with_current_one(client: httpx.AsyncClient) -> None:
    user_id = await make_user("tudoi", Role.judge)
    headers = await login_headers(client, "tudoi")
    no_current = await client.patch(
        f"/api/users/{user_id}", json={"version": 1, "password": "moi-moi-moi"}, headers=headers
    )
    assert no_current.status_code == 422
    ok = await client.patch(
        f"/api/users/{user_id}",
        json={"version": 1, "password": "moi-moi-moi", "current_password": PASSWORD},
        headers=headers,
    )
    assert ok.status_code == 200
    escalate = await client.patch(f"/api/users/{user_id}", json={"version": 2, "role": "admin"}, headers=headers)
    assert escalate.status_code in (401, 403)  # the password change ended this session, or the role change is refused


async def test_non_admin_cannot_escalate_own_role(client: httpx.AsyncClient) -> None:
    user_id = await make_user("thamvong", Role.judge)
    headers = await login_headers(client, "thamvong")
    response = await client.patch(f"/api/users/{user_id}", json={"version": 1, "role": "admin"}, headers=headers)
    assert response.status_code == 403
    assert (await User.select(User.role).where(User.id == user_id).first().run())["role"] == "judge"


async def test_admin_cannot_lock_themselves_out(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    me = (await client.get("/api/me", headers=admin)).json()
    response = await client.patch(f"/api/users/{me['id']}", json={"version": 1, "active": False}, headers=admin)
    assert response.status_code == 422
    assert (await client.get("/api/me", headers=admin)).status_code == 200
