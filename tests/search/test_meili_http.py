"""The Meilisearch adapter's requests, checked at the HTTP level against a small real local server that
records them (no Meilisearch server can run here): settings first, then documents; folded words as the
query; filters and facets built from validated values; an unreachable server is `EngineDown`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from guong_dan_van.search.documents import SearchQuery, Visibility
from guong_dan_van.search.engine import EngineDown
from guong_dan_van.search.folding import query_terms
from guong_dan_van.search.meili import MeiliEngine
from tests.search.corpus import DOCS

AT = "2026-11-28T10:00:00.000000Z"


class Recorder(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str, Any]] = []
        self.indexes: set[str] = set()
        self.tasks = 0


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def log_message(self, *args: Any) -> None:
        return None

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _task(self, kind: str) -> None:
        self.server.tasks += 1
        self._answer(
            202, {"taskUid": self.server.tasks, "indexUid": "gdv", "status": "enqueued", "type": kind, "enqueuedAt": AT}
        )

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        path = self.path
        self.server.requests.append((method, path, body))
        parts = path.split("?")[0].strip("/").split("/")
        if parts[0] == "tasks":
            self._answer(
                200,
                {
                    "uid": int(parts[1]),
                    "indexUid": "gdv",
                    "status": "succeeded",
                    "type": "x",
                    "enqueuedAt": AT,
                    "startedAt": AT,
                    "finishedAt": AT,
                },
            )
        elif method == "GET" and parts[0] == "indexes" and len(parts) == 2:
            if parts[1] in self.server.indexes:
                self._answer(200, {"uid": parts[1], "primaryKey": "key", "createdAt": AT, "updatedAt": AT})
            else:
                self._answer(
                    404,
                    {"message": "Index not found", "code": "index_not_found", "type": "invalid_request", "link": ""},
                )
        elif method == "POST" and path == "/indexes":
            self.server.indexes.add(body["uid"])
            self._task("indexCreation")
        elif parts[-1] == "stats":
            self._answer(200, {"numberOfDocuments": 8, "isIndexing": False, "fieldDistribution": {}})
        elif parts[-1] == "search":
            self._answer(
                200,
                {
                    "hits": [
                        {
                            "key": "model-2",
                            "type": "model",
                            "id": 2,
                            "texts": {"title": "Dân vận khéo"},
                            "_rankingScore": 0.93,
                        }
                    ],
                    "estimatedTotalHits": 1,
                    "query": body["q"],
                    "processingTimeMs": 1,
                    "limit": 20,
                    "offset": 0,
                    "facetDistribution": {"years": {"2024": 1, "0": 3}, "field": {"economy": 1, "": 2}},
                },
            )
        else:
            self._task("update")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server: Recorder) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def calls(server: Recorder, method: str, suffix: str) -> list[Any]:
    return [body for m, p, body in server.requests if m == method and p.split("?")[0].endswith(suffix)]


def test_settings_are_applied_before_any_document(recorder: Recorder) -> None:
    engine = MeiliEngine(url(recorder), "cle-bi-mat")
    engine.open()
    engine.upsert(DOCS[:2])
    order = [(m, p.split("?")[0]) for m, p, _ in recorder.requests if not p.startswith("/tasks")]
    assert order.index(("PATCH", "/indexes/gdv/settings")) < order.index(("POST", "/indexes/gdv/documents"))
    [created] = calls(recorder, "POST", "/indexes")
    assert created == {"uid": "gdv", "primaryKey": "key"}
    [settings] = calls(recorder, "PATCH", "/indexes/gdv/settings")
    assert settings["typoTolerance"] == {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}}
    assert settings["searchableAttributes"][0] == "title"
    assert {"type", "field", "level", "years", "media_type", "unit_id", "status", "audience"} <= set(
        settings["filterableAttributes"]
    )
    assert "years" in settings["sortableAttributes"]
    [documents] = calls(recorder, "POST", "/indexes/gdv/documents")
    first = documents[0]
    assert first["key"] == "model-1" and first["title"] == "thap sang duong que"  # folded for matching
    assert first["texts"]["title"] == "Thắp sáng đường quê"  # the original, for snippets
    assert first["audience"] == ["unit:1", "all"] and first["years"] == [2023]


def test_a_search_sends_folded_words_filters_and_facets(recorder: Recorder) -> None:
    engine = MeiliEngine(url(recorder))
    query = SearchQuery(
        terms=tuple(query_terms('"Dân vận" -KHÉO AND (đường*) field:x')),
        visibility=Visibility(audiences=("all", "unit:4"), entry_ids=(7, 9)),
        filters={"field": "economy", "year": 2024},
        facets=("field", "year"),
        limit=5,
        offset=10,
    )
    result = engine.search(query)
    [sent] = calls(recorder, "POST", "/indexes/gdv/search")
    assert sent["q"] == "dan van kheo and duong field x"  # no quote, minus, star or colon reaches Meilisearch
    assert sent["filter"] == [
        'field = "economy"',
        "years = 2024",
        '(audience IN ["all", "unit:4"] OR key IN ["entry-7", "entry-9"])',
    ]
    assert sent["facets"] == ["field", "years"] and sent["limit"] == 5 and sent["offset"] == 10
    assert "attributesToSearchOn" not in sent
    assert [(h.type, h.id) for h in result.hits] == [("model", 2)] and result.total == 1
    assert result.facets == {"field": {"economy": 1}, "year": {"2024": 1}}


def test_a_judge_searches_only_the_content_attributes(recorder: Recorder) -> None:
    engine = MeiliEngine(url(recorder))
    engine.search(SearchQuery(terms=("lan",), visibility=Visibility(audiences=("all",), content_only=True)))
    [sent] = calls(recorder, "POST", "/indexes/gdv/search")
    assert sent["attributesToSearchOn"] == ["title", "summary", "body"]
    nobody = SearchQuery(terms=("lan",), visibility=Visibility())
    engine.search(nobody)
    assert "AND" in calls(recorder, "POST", "/indexes/gdv/search")[1]["filter"][-1]  # matches nothing


def test_deletes_and_a_rebuild_swap(recorder: Recorder) -> None:
    engine = MeiliEngine(url(recorder))
    recorder.indexes.add("gdv")
    engine.delete(["entry-3"])
    assert calls(recorder, "POST", "/indexes/gdv/documents/delete") == [{"filter": 'key IN ["entry-3"]'}]
    rebuild = engine.rebuild()
    rebuild.add(DOCS)
    rebuild.finish()
    [swap] = calls(recorder, "POST", "/swap-indexes")
    assert swap[0]["indexes"][0] == "gdv" and swap[0]["indexes"][1].startswith("gdv_rebuild_")
    assert [p for m, p, _ in recorder.requests if m == "DELETE"] == [f"/indexes/{swap[0]['indexes'][1]}"]
    assert engine.count() == 8


def test_an_unreachable_server_is_engine_down() -> None:
    engine = MeiliEngine("http://127.0.0.1:9", timeout=1)
    with pytest.raises(EngineDown):
        engine.open()
    with pytest.raises(EngineDown):
        engine.search(SearchQuery(terms=("x",), visibility=Visibility(everything=True)))
