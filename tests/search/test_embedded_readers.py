"""The embedded index read by one process and written by another (the app's workers): a reader takes in
every commit of the writer at its next `refresh` (which reloads only when the index's meta.json changed)."""

from __future__ import annotations

from pathlib import Path

from guong_dan_van.search.documents import SearchDoc, SearchQuery, Visibility
from guong_dan_van.search.embedded import EmbeddedEngine

EVERYTHING = Visibility(everything=True)


def found(engine: EmbeddedEngine, word: str) -> list[int]:
    return [hit.id for hit in engine.search(SearchQuery(terms=(word,), visibility=EVERYTHING)).hits]


def test_a_reader_sees_each_commit_of_another_writer_after_refresh_and_nothing_changes_without_one(
    tmp_path: Path,
) -> None:
    writer, reader = EmbeddedEngine(tmp_path / "search"), EmbeddedEngine(tmp_path / "search")
    writer.open()
    reader.open()
    try:
        writer.upsert([SearchDoc(type="model", id=1, title="Giếng nước sạch")])
        reader.refresh()
        assert found(reader, "gieng") == [1]
        reader.refresh()  # nothing committed since: the same answer
        assert found(reader, "gieng") == [1] and reader.count() == 1
        writer.upsert([SearchDoc(type="model", id=2, title="Giếng khoan chung")])
        writer.delete(["model-1"])
        reader.refresh()
        assert found(reader, "gieng") == [2] and reader.count() == 1
    finally:
        writer.close()
        reader.close()
