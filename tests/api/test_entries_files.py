"""Entry files go through the media domain; the contest decides who may see and add them."""

from __future__ import annotations

import httpx

from guong_dan_van.core.permissions import Role
from tests.api.test_contest import make_edition, new_entry, submit
from tests.conftest import LoginAs

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


async def test_entry_attachments_follow_the_entry_rules(
    client: httpx.AsyncClient, admin: dict[str, str], login_as: LoginAs
) -> None:
    edition = await make_edition(client, admin)
    unit = await login_as(Role.unit)
    other = await login_as(Role.unit)
    entry = await new_entry(client, unit, edition["id"], media_type="television")
    url = f"/api/entries/{entry['id']}/attachments"
    r = await client.post(url, files={"file": ("kịch bản.pdf", TINY_PDF, "application/pdf")}, headers=unit)
    assert r.status_code == 201, r.text
    wrong = await client.post(
        url, files={"file": ("kich-ban.pdf", b"<html>not a pdf</html>", "application/pdf")}, headers=unit
    )
    assert wrong.status_code == 415
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert (await client.post(url, files={"file": ("a.pdf", TINY_PDF)}, headers=other)).status_code == 404
    detail = (await client.get(f"/api/entries/{entry['id']}", headers=unit)).json()
    assert [a["kind"] for a in detail["attachments"]] == ["pdf"] and detail["photos"] == []
    assert (await submit(client, unit, entry["id"])).status_code == 200
    # After submission the unit can no longer add files; the committee can.
    assert (await client.post(url, files={"file": ("b.pdf", TINY_PDF + b" ")}, headers=unit)).status_code == 403
    assert (await client.post(url, files={"file": ("b.pdf", TINY_PDF + b" ")}, headers=admin)).status_code == 201
