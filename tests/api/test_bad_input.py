"""Nonsense in, a clear problem document out, and nothing changed — on purpose, endpoint by endpoint."""

from __future__ import annotations

import unicodedata
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from piccolo.conf.apps import Finder

from guong_dan_van.core.permissions import Role
from tests.conftest import LoginAs, make_unit, make_user

PROBLEM = "application/problem+json"
# Logging in writes sessions and attempts by design; everything else must stay as it was.
VOLATILE = {"auth_session", "login_attempt"}


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table in Finder().get_table_classes():
        if table._meta.tablename in VOLATILE:
            continue
        out[table._meta.tablename] = await table.select().order_by(table._meta.primary_key).run()
    return out


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://") and body["title"] and body["detail"]
    return body


@pytest.fixture
async def world(client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs) -> dict[str, Any]:
    unit_a = await make_unit("Xã Tân Hòa")
    unit_b = await make_unit("Xã Đồng Sơn")
    other_user = await make_user("donvib", Role.unit, unit_b)
    editor = await login_as(Role.unit, unit_id=unit_a, username="donvia")
    return {"admin": admin, "editor": editor, "unit_a": unit_a, "unit_b": unit_b, "other_user": other_user}


WRITES = [
    ("POST", "/api/units"),
    ("PATCH", "/api/units/{unit_a}"),
    ("POST", "/api/users"),
    ("PATCH", "/api/users/{other_user}"),
    ("POST", "/api/auth/login"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b'{"name": "A", "name": "B"', "application/json"),
        (b"name=A&kind=commune", "application/x-www-form-urlencoded"),
    ],
    ids=["truncated", "empty", "array", "string", "binary", "unclosed", "form"],
)
async def test_malformed_bodies_are_400_and_change_nothing(
    client: httpx.AsyncClient, world: dict[str, Any], method: str, path: str, body: bytes, content_type: str
) -> None:
    before = await snapshot()
    response = await client.request(
        method, path.format(**world), content=body, headers={**world["admin"], "content-type": content_type}
    )
    assert_problem(response, 400)
    assert await snapshot() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"name": 12, "kind": "commune"},
        {"name": "Xã A", "kind": "thành phố"},
        {"name": "Xã A", "kind": "commune", "parent_id": -1},
        {"name": "Xã A", "kind": "commune", "parent_id": 2**40},
        {"name": "Xã A", "kind": "commune", "valid_from": "30/06/2025"},
        {"name": "Xã A", "kind": "commune", "valid_from": "2025-02-30"},
        {"name": "", "kind": "commune"},
        {"name": "x" * 301, "kind": "commune"},
        {"name": "Xã A", "kind": "commune", "code": "mã có dấu cách"},
        {"name": "Xã A", "kind": "commune", "is_admin": True},
        {"kind": "commune"},
        {"name": None, "kind": "commune"},
    ],
    ids=lambda p: ",".join(f"{k}={str(v)[:12]}" for k, v in p.items()),
)
async def test_unit_payloads_breaking_the_schema_are_400_naming_the_field(
    client: httpx.AsyncClient, world: dict[str, Any], payload: dict[str, Any]
) -> None:
    before = await snapshot()
    body = assert_problem(await client.post("/api/units", json=payload, headers=world["admin"]), 400)
    assert body["errors"] and all(e["message"] for e in body["errors"])
    assert await snapshot() == before


async def test_oversized_body_is_413(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    before = await snapshot()
    huge = {"name": "x" * 2_000_000, "kind": "commune"}
    assert_problem(await client.post("/api/units", json=huge, headers=world["admin"]), 413)
    assert await snapshot() == before


async def test_nfd_text_is_stored_as_nfc(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    nfd = unicodedata.normalize("NFD", "Thôn Khe Bạc, xã Đồng Sơn")
    assert nfd != "Thôn Khe Bạc, xã Đồng Sơn"
    created = await client.post("/api/units", json={"name": nfd, "kind": "village"}, headers=world["admin"])
    assert created.status_code == 201
    assert created.json()["name"] == "Thôn Khe Bạc, xã Đồng Sơn"
    found = await client.get(
        "/api/units", params={"q": unicodedata.normalize("NFD", "Khe Bạc")}, headers=world["admin"]
    )
    assert found.json()["total"] == 1


async def test_sql_looking_strings_are_just_text(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    name = "Xã A'); DROP TABLE unit; --"
    created = await client.post("/api/units", json={"name": name, "kind": "commune"}, headers=world["admin"])
    assert created.status_code == 201 and created.json()["name"] == name
    found = await client.get("/api/units", params={"q": "' OR 1=1 --"}, headers=world["admin"])
    assert found.status_code == 200 and found.json()["total"] == 0
    login = await client.post("/api/auth/login", json={"username": "admin' --", "password": "' OR '1'='1"})
    assert_problem(login, 401)
    assert (await client.get("/api/units", headers=world["admin"])).json()["total"] == 3


async def test_unit_editor_cannot_touch_another_units_user(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    before = await snapshot()
    target = world["other_user"]
    assert_problem(await client.get(f"/api/users/{target}", headers=world["editor"]), 404)
    patch = await client.patch(
        f"/api/users/{target}", json={"version": 1, "full_name": "Bị sửa"}, headers=world["editor"]
    )
    assert_problem(patch, 404)
    # Probing a missing id answers exactly the same: nothing tells which ids exist.
    missing = await client.patch(
        "/api/users/999999", json={"version": 1, "full_name": "Bị sửa"}, headers=world["editor"]
    )
    assert missing.json() == patch.json()
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/api/units", {"name": "Xã B", "kind": "commune"}),
        ("PATCH", "/api/units/{unit_a}", {"version": 1, "name": "Đổi tên"}),
        ("GET", "/api/users", None),
        ("POST", "/api/users", {"username": "moi", "password": "12345678", "full_name": "Mới", "role": "admin"}),
        ("PATCH", "/api/users/{other_user}", {"version": 1, "role": "admin"}),
    ],
)
async def test_non_admin_calling_admin_endpoints(
    client: httpx.AsyncClient, world: dict[str, Any], method: str, path: str, payload: dict[str, Any] | None
) -> None:
    before = await snapshot()
    response = await client.request(method, path.format(**world), json=payload, headers=world["editor"])
    assert response.status_code in (403, 404)
    assert_problem(response, response.status_code)
    assert await snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/units/0",
        "/api/units/-5",
        "/api/units/abc",
        "/api/units/99999999999999999999",
        "/api/nothing-here",
        "/api/users/1e3",
    ],
)
async def test_odd_paths_are_404_problems(client: httpx.AsyncClient, world: dict[str, Any], path: str) -> None:
    response = await client.get(path, headers=world["admin"])
    assert response.status_code in (400, 404)
    assert_problem(response, response.status_code)


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    assert_problem(await client.delete("/api/units", headers=world["admin"]), 405)


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=201", "limit=abc", "offset=-1", "kind=city", "active=maybe", "parent_id=0"]
)
async def test_bad_query_parameters_are_400(client: httpx.AsyncClient, world: dict[str, Any], query: str) -> None:
    assert_problem(await client.get(f"/api/units?{query}", headers=world["admin"]), 400)


async def test_garbage_tokens_are_401(client: httpx.AsyncClient) -> None:
    for header in ("Bearer", "Bearer ", "Bearer " + "x" * 5000, "Basic YWRtaW46YWRtaW4=", "Bearer \u0000\u0001"):
        response = await client.get("/api/me", headers={"Authorization": header})
        assert_problem(response, 401)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
unit_like = st.fixed_dictionaries(
    {},
    optional={
        "name": json_values,
        "kind": st.sampled_from(["commune", "district", "x"]) | json_values,
        "parent_id": json_values,
        "code": json_values,
        "valid_from": json_values,
        "valid_to": json_values,
        "successor_id": json_values,
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=unit_like)
async def test_fuzzed_unit_bodies_never_500(client: httpx.AsyncClient, world: dict[str, Any], payload: Any) -> None:
    from guong_dan_van.units.tables import Unit

    before = await Unit.count().run()
    response = await client.post("/api/units", json=payload, headers=world["admin"])
    assert response.status_code in (201, 400, 422), response.text
    if response.status_code != 201:
        assert response.headers["content-type"] == PROBLEM
        assert await Unit.count().run() == before
