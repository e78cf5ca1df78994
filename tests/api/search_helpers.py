"""Helpers of the search tests: apply the outbox, search as someone, a PDF with real text in it."""

from __future__ import annotations

from typing import Any

import httpx
from litestar import Litestar

from guong_dan_van.search.services import Indexer
from guong_dan_van.search.tables import SearchOutbox


def indexer_of(app: Litestar) -> Indexer:
    indexer = app.state.search
    assert isinstance(indexer, Indexer)
    return indexer


async def drain(app: Litestar) -> int:
    """What the worker does within a second in a running app, done now."""
    return await indexer_of(app).drain()


async def pending() -> int:
    return int(await SearchOutbox.count().run())


async def search(client: httpx.AsyncClient, headers: dict[str, str], q: str, **params: Any) -> dict[str, Any]:
    r = await client.get("/api/search", params={"q": q, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def found(answer: dict[str, Any]) -> list[tuple[str, int]]:
    return [(i["type"], i["id"]) for i in answer["items"]]


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds these lines (Helvetica; Vietnamese written without marks)."""
    body = "BT /F1 12 Tf 40 750 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    stream = body.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
