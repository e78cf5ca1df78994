"""The search page: Vietnamese, the shared layout, highlighted snippets, facets as links, filters that
answer a wrong value beside its field; the results alone for HTMX (search as you type)."""

from __future__ import annotations

from typing import Any

import httpx
from litestar import Litestar

from guong_dan_van.core.permissions import Role
from tests.api.search_helpers import drain
from tests.conftest import model_body

LoginAs = Any


async def test_the_page_searches_without_accents_and_marks_the_original(
    app: Litestar, client: httpx.AsyncClient, login_as: LoginAs
) -> None:
    unit = await login_as(Role.unit)
    r = await client.post(
        "/api/models", json=model_body(title="Dân vận khéo ở thôn Đông", field="culture_society"), headers=unit
    )
    assert r.status_code == 201
    await drain(app)
    page = await client.get("/search", params={"q": "dan van kheo"}, headers=unit)
    assert page.status_code == 200
    html = page.text
    assert 'id="nav"' in html and "Tìm kiếm mô hình và tác phẩm" in html
    assert "Dân vận khéo ở thôn Đông" in html and "1 kết quả" in html
    assert "Văn hóa" in html  # the facet, by its Vietnamese label
    assert 'action="/search"' in html  # the header's box
    part = await client.get("/search", params={"q": "thon dong"}, headers={**unit, "HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.text
    assert "<mark>thôn</mark> <mark>Đông</mark>" in part.text


async def test_the_empty_form_and_a_filter_alone(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    page = await client.get("/search", params={"q": "", "type": "", "field": "", "year": ""}, headers=admin)
    assert page.status_code == 200 and "Gõ vài từ" in page.text
    page = await client.get("/search", params={"status": "draft"}, headers=admin)
    assert page.status_code == 200 and "0 kết quả" in page.text


async def test_a_wrong_filter_is_answered_beside_its_field(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    page = await client.get("/search", params={"q": "dan", "year": "năm ngoái"}, headers=admin)
    assert page.status_code == 422
    assert 'id="error-year"' in page.text and "Năm phải là số" in page.text
    page = await client.get("/search", params={"field": "thể thao"}, headers=admin)
    assert page.status_code == 422 and 'id="error-field"' in page.text


async def test_the_page_needs_a_login(client: httpx.AsyncClient) -> None:
    page = await client.get("/search", params={"q": "dan"}, follow_redirects=False)
    assert page.status_code in (302, 303, 401)
