"""The engines the shared contract suite runs against: the embedded index always, Meilisearch when
GDV_TEST_MEILI_URL names a server (none can run on this project's machines: skipped with that reason)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from guong_dan_van.search.embedded import EmbeddedEngine
from guong_dan_van.search.engine import SearchEngine
from guong_dan_van.search.meili import MeiliEngine

MEILI_URL = os.environ.get("GDV_TEST_MEILI_URL", "")


@pytest.fixture(params=["embedded", "meilisearch"])
def search_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    if request.param == "embedded":
        engine: SearchEngine = EmbeddedEngine(tmp_path / "search")
    else:
        if not MEILI_URL:
            pytest.skip("GDV_TEST_MEILI_URL is not set: no Meilisearch server to run the contract suite against")
        engine = MeiliEngine(
            MEILI_URL, os.environ.get("GDV_TEST_MEILI_KEY", ""), index=f"gdv_test_{uuid.uuid4().hex[:8]}"
        )
    engine.open()
    yield engine
    engine.close()
